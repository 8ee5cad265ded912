"""The expense chain's part of `python manage.py demo` (tresorerie.demo.PARTIES, after the budget's): a few
engagements of the current year at each step, signed through the services by the demo council's secrétaire
général (ordonnateur), liquidateur and trésorier, with their invoices; an urgent expense the président authorised
and a replacement of an asset, both flagged for the commission des dotations complémentaires.

The liquidateur and the trésorier get a doctor's login (the demo doctors' password) so that their espace page
« Dépenses à signer » (/espace/tresorerie/) can be tried. Idempotent: nothing is engaged twice (a budget that
already has engagements is left as it is). If the budget part has not made this year's budget, a small adopted one
is made here."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from commun.services import enregistrer

from . import services
from .models import Budget, CompteComptable, Engagement, LigneBudgetaire, StatutBudget

# A one-page PDF (an invoice stand-in), judged by its content like any upload.
FACTURE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
# If this year's budget is missing: (rubrique, crédits votés).
LIGNES_DE_SECOURS = (
    ("6064", "6000.00"),
    ("615", "8000.00"),
    ("6226", "12000.00"),
    ("626", "4000.00"),
    ("671", "0.00"),
)
PLAFOND_URGENCES_DE_SECOURS = Decimal("5000.00")


def _budget(annee: int, par) -> Budget:
    budget = Budget.objects.filter(annee=annee).first()
    if budget is not None:
        return budget
    budget = enregistrer(
        Budget(annee=annee, statut=StatutBudget.ADOPTE, plafond_depenses_urgentes=PLAFOND_URGENCES_DE_SECOURS),
        par=par,
    )
    for numero, montant in LIGNES_DE_SECOURS:
        enregistrer(
            LigneBudgetaire(budget=budget, compte=CompteComptable.objects.get(numero=numero), montant=Decimal(montant)),
            par=par,
        )
    return budget


def _facture(nom: str):
    return SimpleUploadedFile(nom, FACTURE_PDF, content_type="application/pdf")


def _signataires(today):
    """{role: user} of the demo council on `today`, a login made for the liquidateur and the trésorier."""
    from commun.services import utilisateur_systeme
    from gouvernance import selectors as gouvernance
    from gouvernance.models import TypeFonction
    from tableau.demo import MOT_DE_PASSE_MEDECIN
    from tableau.services import compte_medecin_creer

    roles = {}
    for role, fonction in (
        ("president", TypeFonction.PRESIDENT),
        ("ordonnateur", TypeFonction.SECRETAIRE_GENERAL),
        ("liquidateur", TypeFonction.LIQUIDATEUR),
        ("tresorier", TypeFonction.TRESORIER),
    ):
        membre = gouvernance.fonction_titulaire(fonction=fonction, date=today)
        if membre is None:
            return None
        medecin = membre.medecin
        if medecin.user_id is None or role in ("liquidateur", "tresorier"):
            compte_medecin_creer(rpps=medecin.rpps, password=MOT_DE_PASSE_MEDECIN, par=utilisateur_systeme())
            medecin.refresh_from_db()
        roles[role] = medecin.user
    return roles


def demo_chaine(*, today: datetime.date, par) -> str:
    signataires = _signataires(today)
    if signataires is None:
        return "Chaîne de la dépense : pas de conseil de démonstration (ni ordonnateur, ni liquidateur, ni trésorier)."
    budget = _budget(today.year, par)
    identifiants = (
        f"liquidateur : identifiant {signataires['liquidateur'].username}, trésorier : identifiant "
        f"{signataires['tresorier'].username} (mot de passe des médecins de démonstration) → /espace/tresorerie/"
    )
    if budget.statut not in services.chaine.BUDGETS_EXECUTOIRES:
        return f"Chaîne de la dépense : le budget {budget.annee} n'est pas adopté, rien n'est engagé ({identifiants})."
    lignes = {ligne.compte.numero: ligne for ligne in budget.lignes.select_related("compte")}
    if Engagement.objects.filter(ligne__budget=budget).exists():
        return f"Chaîne de la dépense {budget.annee} : déjà en place ({identifiants})."

    sg, liq, tres, pres = (signataires[r] for r in ("ordonnateur", "liquidateur", "tresorier", "president"))
    faites = {"engage": 0, "liquide": 0, "ordonnance": 0, "paye": 0}

    def engager(numero, objet, tiers, montant, jusqu_a, **exception):
        ligne = lignes.get(numero)
        if ligne is None:
            return None
        e = services.engagement_engager(
            ligne_id=ligne.pk, objet=objet, tiers=tiers, montant=Decimal(montant), par=sg, today=today, **exception
        )
        if jusqu_a != "engage_sans_piece":
            services.piece_deposer(
                engagement_id=e.pk, fichier=_facture(f"facture-{e.numero}.pdf"), par=liq, today=today
            )
        if jusqu_a in ("liquide", "ordonnance", "paye"):
            services.engagement_liquider(engagement_id=e.pk, montant=Decimal(montant), par=liq, today=today)
        if jusqu_a in ("ordonnance", "paye"):
            services.engagement_ordonnancer(engagement_id=e.pk, par=sg, today=today)
        if jusqu_a == "paye":
            services.engagement_payer(engagement_id=e.pk, mode="virement", date=today, par=tres, today=today)
        faites[jusqu_a.removesuffix("_sans_piece")] += 1
        return e

    engager("6064", "Ramettes de papier et toner", "Papeterie du Périgord", "480.00", "paye")
    engager("626", "Affranchissement des convocations", "La Poste", "312.40", "ordonnance")
    engager("6226", "Honoraires de l'expert-comptable, 1er acompte", "Cabinet Lafon", "2400.00", "liquide")
    engager("615", "Entretien de la chaudière", "Thermique 24", "690.00", "engage")
    engager("6064", "Classeurs et enveloppes à fenêtre", "Bureau Vallée", "156.90", "engage_sans_piece")

    exceptions = []
    ligne_exceptionnelle = lignes.get("671") or lignes.get("615")
    if ligne_exceptionnelle is not None and budget.plafond_depenses_urgentes >= Decimal("1800.00"):
        autorisation = services.depense_urgente_autoriser(
            ligne_id=ligne_exceptionnelle.pk,
            objet="Bâchage de la toiture après la tempête",
            nature="travaux",
            motif="Infiltrations dans la salle des archives : les dossiers des médecins sont exposés.",
            montant=Decimal("1800.00"),
            par=pres,
            today=today,
        )
        engager(
            ligne_exceptionnelle.compte.numero,
            "Bâchage de la toiture après la tempête",
            "Couverture Dordogne",
            "1800.00",
            "engage",
            autorisation_id=autorisation.pk,
        )
        exceptions.append("une dépense urgente autorisée par le président")
    if "6068" in lignes or "6064" in lignes:
        engager(
            "6068" if "6068" in lignes else "6064",
            "Remplacement de l'ordinateur de l'accueil (volé)",
            "Informatique Sarladaise",
            "1290.00",
            "engage",
            remplacement_bien=True,
        )
        exceptions.append("un remplacement de bien")
    libelles = {"paye": "payé(s)", "ordonnance": "ordonnancé(s)", "liquide": "liquidé(s)", "engage": "engagé(s)"}
    resume = ", ".join(f"{faites[etat]} {libelle}" for etat, libelle in libelles.items())
    drapeau = (
        f" ; {' et '.join(exceptions)}, à présenter à la commission des dotations complémentaires" if exceptions else ""
    )
    return f"Chaîne de la dépense {budget.annee} : engagements {resume}{drapeau} ({identifiants})."
