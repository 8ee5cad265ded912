"""The budget's part of `python manage.py demo` (tresorerie/demo.py PARTIES, first: the others spend on it): the
current year's budget with a line on every heading of the accounting plan, adopted in the budget session of last
October (a plenary of the demo council, its deliberation adopted), sent to the CNOM, its dotation recorded; next
year's budget in preparation. Through the services, idempotent (a second run adds nothing)."""

import datetime
from decimal import Decimal

from gouvernance import services as gouvernance
from gouvernance.selectors import membres_en_fonction

from . import services
from .models import Budget
from .selectors import comptes_budgetaires

# Demo figures (€) of the main headings; every other heading gets MONTANT_AUTRE.
MONTANTS = {
    "6132": Decimal("36000.00"),
    "6226": Decimal("18000.00"),
    "6251": Decimal("45000.00"),
    "6257": Decimal("12000.00"),
    "626": Decimal("9000.00"),
    "6411": Decimal("120000.00"),
    "645": Decimal("52000.00"),
    "6511": Decimal("60000.00"),
    "6512": Decimal("30000.00"),
    "6571": Decimal("15000.00"),
    "7561": Decimal("420000.00"),
    "7562": Decimal("15000.00"),
    "7401": Decimal("30000.00"),
}
MONTANT_AUTRE = Decimal("2500.00")


def _lignes(hausse: Decimal = Decimal("1")) -> list[dict]:
    return [
        {"rubrique": c.numero, "montant": (MONTANTS.get(c.numero, MONTANT_AUTRE) * hausse).quantize(Decimal("0.01"))}
        for c in comptes_budgetaires()
    ]


def _session_budgetaire(*, annee: int, par):
    """The budget session of the plenary (first days of October of the year before), its deliberation adopted by
    the titulars present; None when the demo has no council."""
    jour = datetime.date(annee - 1, 10, 2)
    titulaires = list(membres_en_fonction(date=jour, qualite="titulaire").order_by("pk"))
    if len(titulaires) < 3:
        return None
    seance = gouvernance.seance_creer(
        date=jour,
        heure=datetime.time(20, 30),
        lieu="Siège du conseil",
        ordre_du_jour=[f"Budget prévisionnel {annee} (session budgétaire)"],
        par=par,
    )
    for membre in titulaires:
        gouvernance.emargement_enregistrer(seance=seance, membre=membre, heure_arrivee=datetime.time(20, 30), par=par)
    gouvernance.seance_ouvrir(seance=seance, par=par)
    deliberation = gouvernance.deliberation_enregistrer(
        seance=seance,
        objet=f"Adoption du budget prévisionnel {annee}",
        motivation=f"Le projet de budget {annee}, préparé par le secrétaire général avec le trésorier, est présenté "
        "rubrique par rubrique du plan comptable ; il est transmis au conseil national avant le 20 octobre "
        "(règlement de trésorerie, titre I, 1.1).",
        pour=len(titulaires) - 1,
        contre=0,
        abstention=1,
        par=par,
    )
    gouvernance.seance_clore(seance=seance, par=par)
    return deliberation


def demo_budget(*, today: datetime.date, par) -> str:
    annee = today.year
    if not comptes_budgetaires().exists():
        return "Budget : le plan comptable n'a aucune rubrique budgétaire (données initiales absentes), pas de budget."
    courant = Budget.objects.filter(annee=annee).first()
    if courant is None:
        courant = services.budget_creer(annee=annee, lignes=_lignes(), par=par, today=datetime.date(annee - 1, 9, 15))
    if courant.statut == "preparation":
        deliberation = _session_budgetaire(annee=annee, par=par)
        if deliberation is not None:
            jour = deliberation.seance.date
            services.budget_adopter(budget_id=courant.pk, deliberation_id=deliberation.pk, par=par, today=jour)
            services.budget_transmettre(budget_id=courant.pk, par=par, today=jour + datetime.timedelta(days=10))
            services.budget_dotation_enregistrer(
                budget_id=courant.pk,
                montant=Decimal("32000.00"),
                notifiee_le=datetime.date(annee - 1, 12, 15),
                par=par,
                today=datetime.date(annee - 1, 12, 20),
            )
    if not Budget.objects.filter(annee=annee + 1).exists():
        services.budget_creer(annee=annee + 1, lignes=_lignes(Decimal("1.02")), par=par, today=today)
    courant.refresh_from_db()
    return (
        f"Budget : {courant} « {courant.get_statut_display()} » ({courant.lignes.count()} rubriques), budget "
        f"{annee + 1} en préparation (back-office, Trésorerie › Budgets prévisionnels : exécution, export CNOM)."
    )
