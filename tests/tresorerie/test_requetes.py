"""Query budgets of the trésorerie (tests/tresorerie/query_counts.json, tests/requetes.py): each admin list, API
list and page at N and 3N rows. Each aggregate adds its `PEUPLER` entry (admin) and its API routes."""

import pytest
from django.urls import reverse

from tests import factories
from tests.requetes import connecter_personnel, verifier_requetes

pytestmark = pytest.mark.django_db


def _comptes(n):
    factories.CompteComptableFactory.create_batch(n)


PEUPLER = {
    "comptecomptable": _comptes,
}


@pytest.mark.parametrize("modele", sorted(PEUPLER))
def test_liste_de_l_admin(client, modele):
    connecter_personnel(client, f"tresorerie.{modele}")
    verifier_requetes(client, reverse(f"admin:tresorerie_{modele}_changelist"), peupler=PEUPLER[modele])


# --- budget (issue 11 points 1, 3, 10) ---
_ANNEES = iter(range(2100, 1900, -1))


def _budgets(n):
    for _ in range(n):
        budget = factories.BudgetFactory(annee=next(_ANNEES), statut="adopte")
        for numero in ("6064", "6251", "7561"):
            ligne = factories.LigneBudgetaireFactory(budget=budget, compte=factories.compte(numero))
        factories.EngagementFactory(ligne=budget.lignes.get(compte__numero="6064"))
        factories.VirementFactory(
            budget=budget,
            de=budget.lignes.get(compte__numero="6064"),
            vers=budget.lignes.get(compte__numero="6251"),
        )
        del ligne


def _lignes(n):
    budget = factories.BudgetFactory(annee=next(_ANNEES))
    for _ in range(n):
        factories.LigneBudgetaireFactory(budget=budget, compte=factories.CompteComptableFactory())


def _virements(n):
    for _ in range(n):
        budget = factories.BudgetFactory(annee=next(_ANNEES), statut="adopte")
        factories.VirementFactory(budget=budget)


def _avenants(n):
    for _ in range(n):
        factories.LigneAvenantFactory(
            avenant=factories.AvenantFactory(budget=factories.BudgetFactory(annee=next(_ANNEES)))
        )


def _parametres(n):
    for _ in range(n):
        factories.ParametreBudgetFactory(annee=next(_ANNEES))


PEUPLER |= {
    "budget": _budgets,
    "lignebudgetaire": _lignes,
    "virement": _virements,
    "avenant": _avenants,
    "parametrebudget": _parametres,
}


@pytest.mark.parametrize(
    ("url", "peupler"),
    [("/api/tresorerie/budgets/", _budgets), ("/api/tresorerie/virements/", _virements)],
)
def test_liste_de_l_api_du_budget(api_client, url, peupler):
    user = factories.StaffFactory(groupe="Comptabilité")
    api_client.force_authenticate(user)
    verifier_requetes(api_client, url, peupler=peupler)


def test_page_d_execution_du_budget(client):
    connecter_personnel(client, "tresorerie.budget")
    budget = factories.BudgetFactory(annee=next(_ANNEES), statut="adopte")

    def peupler(n):
        for _ in range(n):
            ligne = factories.LigneBudgetaireFactory(budget=budget, compte=factories.CompteComptableFactory())
            factories.EngagementFactory(ligne=ligne)
            factories.EngagementFactory(ligne=ligne, statut="paye", montant_liquide=ligne.montant / 100)

    verifier_requetes(client, reverse("admin:tresorerie_budget_execution", args=[budget.pk]), peupler=peupler)


@pytest.mark.parametrize("modele", ["budget", "lignebudgetaire", "virement", "avenant", "parametrebudget"])
def test_liste_de_l_admin_du_budget(client, modele):
    connecter_personnel(client, f"tresorerie.{modele}")
    verifier_requetes(client, reverse(f"admin:tresorerie_{modele}_changelist"), peupler=PEUPLER[modele])


# --- the expense chain (issue 11 points 2 and 4) -------------------------------------------------------------------


def _engagements(n):
    """n engagements at each step of the chain, each with its document, and one urgent flagged for the commission."""
    import datetime
    from decimal import Decimal

    jour = datetime.date(2027, 3, 1)
    for _ in range(n):
        ligne = factories.LigneBudgetaireFactory(compte=factories.CompteComptableFactory(nature="charge"))
        signataires = [factories.UserFactory() for _ in range(3)]
        e = factories.EngagementFactory(ligne=ligne)
        factories.PieceJustificativeFactory(engagement=e)
        paye = factories.EngagementFactory(
            ligne=ligne,
            statut="paye",
            montant_liquide=Decimal("100.00"),
            liquide_le=jour,
            liquide_par=signataires[0],
            ordonnance_le=jour,
            ordonnance_par=signataires[1],
            paye_le=jour,
            paye_par=signataires[2],
            mode_reglement="virement",
        )
        factories.PieceJustificativeFactory(engagement=paye)
        factories.AutorisationDepenseUrgenteFactory(ligne=ligne)


def _plafonds(n):
    from tresorerie.models import PlafondsRemplacement

    debut = 3000 + PlafondsRemplacement.objects.count()
    for annee in range(debut, debut + n):
        PlafondsRemplacement.objects.create(annee=annee, seuil_unitaire=5000, plafond_annuel=10000)


PEUPLER_CHAINE = {
    "engagement": _engagements,
    "piecejustificative": _engagements,
    "autorisationdepenseurgente": _engagements,
    "plafondsremplacement": _plafonds,
}
PEUPLER |= PEUPLER_CHAINE


@pytest.mark.parametrize("modele", sorted(PEUPLER_CHAINE))
def test_liste_de_l_admin_de_la_chaine(client, modele):
    connecter_personnel(client, f"tresorerie.{modele}")
    verifier_requetes(client, reverse(f"admin:tresorerie_{modele}_changelist"), peupler=PEUPLER_CHAINE[modele])


@pytest.mark.parametrize("route", ["tresorerie-engagement-list", "tresorerie-depense-urgente-list"])
def test_liste_de_l_api_de_la_chaine(api_client, route):
    api_client.force_authenticate(factories.StaffFactory(groupe="comptabilite"))
    verifier_requetes(api_client, reverse(route), peupler=_engagements, visiteur="comptabilité")


def test_les_pages_de_la_chaine_dans_l_espace_des_elus(client):
    """The liquidateur's page lists what waits for him (n engaged expenses); an engagement's page, its documents."""
    import datetime

    from django.utils import timezone

    jour = timezone.localdate()
    liquidateur = factories.MembreFactory(avec_compte=True, date_debut=jour - datetime.timedelta(days=30))
    factories.FonctionFactory(membre=liquidateur, fonction="liquidateur", date_debut=jour - datetime.timedelta(days=30))
    client.force_login(liquidateur.medecin.user)
    verifier_requetes(client, reverse("tresorerie_espace:a_signer"), peupler=_engagements, contient="Engagement ")
    e = factories.EngagementFactory()

    def pieces(n):
        for _ in range(n):
            factories.PieceJustificativeFactory(engagement=e)

    verifier_requetes(client, reverse("tresorerie_espace:engagement", args=[e.pk]), peupler=pieces)


# --- indemnités (issue 11 point 8) ---


def _baremes_indemnites(n):
    debut = 2030 + factories.BaremeIndemnitesFactory._meta.model.objects.count()
    for annee in range(debut, debut + n):
        factories.BaremeIndemnitesFactory(annee=annee)


def _repartitions(n):
    debut = 2040 + factories.RepartitionIndemnitesFactory._meta.model.objects.count()
    for annee in range(debut, debut + n):
        factories.RepartitionIndemnitesFactory(
            annee=annee,
            deliberation=factories.DeliberationFactory(),
            montant_president="20000.00",
            montant_secretaire_general="15000.00",
            montant_tresorier="10000.00",
        )


def _vacations(n):
    factories.VacationFactory.create_batch(n)


def _autres_structures(n):
    factories.IndemniteAutreStructureFactory.create_batch(n)


PEUPLER_INDEMNITES = {
    "baremeindemnites": _baremes_indemnites,
    "repartitionindemnites": _repartitions,
    "vacation": _vacations,
    "indemniteautrestructure": _autres_structures,
}


@pytest.mark.parametrize("modele", sorted(PEUPLER_INDEMNITES))
def test_liste_de_l_admin_des_indemnites(client, modele):
    connecter_personnel(client, f"tresorerie.{modele}")
    verifier_requetes(client, reverse(f"admin:tresorerie_{modele}_changelist"), peupler=PEUPLER_INDEMNITES[modele])


@pytest.mark.parametrize(
    ("route", "peupler"),
    [
        ("tresorerie-vacation-list", _vacations),
        # The responsibility allowances count the tableau of 1 October N-1 in one query, whatever its size.
        ("tresorerie-indemnites-list", lambda n: factories.MedecinFactory.create_batch(n)),
    ],
)
def test_liste_de_l_api_des_indemnites(api_client, route, peupler):
    api_client.force_authenticate(factories.StaffFactory(groupe="comptabilite"))
    verifier_requetes(api_client, reverse(route), peupler=peupler, visiteur="comptabilité")


# --- cash box, fixed assets, year-end (issue 11 points 5-7) ---------------------------------------------------------


def _mouvements(n):
    for _ in range(n):
        factories.PieceCaisseFactory(mouvement=factories.MouvementCaisseFactory())
        factories.MouvementCaisseFactory(sens="sortie", compte=factories.compte("626"))


def _immobilisations(n):
    factories.ImmobilisationFactory.create_batch(n)


def _clotures(n):
    from tresorerie.models import Cloture

    depuis = Cloture.objects.count()
    for i in range(n):
        factories.ClotureFactory(annee=2000 + depuis + i)


def _parametres(n):
    from tresorerie.models import ParametreCaisse

    depuis = ParametreCaisse.objects.count()
    for i in range(n):
        factories.ParametreCaisseFactory(annee=2030 + depuis + i)


PEUPLER_CLOTURE = {
    "parametrecaisse": _parametres,
    "mouvementcaisse": _mouvements,
    "categorieimmobilisation": lambda n: factories.CategorieImmobilisationFactory.create_batch(n),
    "immobilisation": _immobilisations,
    "cloture": _clotures,
    "rappelcloture": lambda n: factories.RappelClotureFactory.create_batch(n),
}


@pytest.mark.parametrize("modele", sorted(PEUPLER_CLOTURE))
def test_liste_de_l_admin_cloture(client, modele):
    connecter_personnel(client, f"tresorerie.{modele}")
    verifier_requetes(client, reverse(f"admin:tresorerie_{modele}_changelist"), peupler=PEUPLER_CLOTURE[modele])


def test_liste_de_l_api_de_la_caisse(client):
    connecter_personnel(client, "tresorerie.mouvementcaisse")
    verifier_requetes(client, reverse("tresorerie-caisse-list"), peupler=_mouvements, visiteur="comptabilité")


def test_le_livre_de_caisse_est_borne(client):
    connecter_personnel(client, "tresorerie.mouvementcaisse")
    url = reverse("admin:tresorerie_mouvementcaisse_livre") + "?debut=2026-01-01&fin=2026-12-31"
    verifier_requetes(client, url, peupler=_mouvements, contient="Photocopies")


# --- notes de frais (issue 11 point 9) -----------------------------------------------------------------------------

import datetime  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.utils import timezone  # noqa: E402

JOUR_FRAIS = datetime.date(2027, 3, 15)


def _notes(n, membre=None):
    """n claims, each with two lines (a meal, a mileage) and a receipt on each."""
    for _ in range(n):
        note = factories.NoteFraisFactory(
            membre=membre or factories.MembreFactory(), statut="soumise", soumise_le=JOUR_FRAIS
        )
        for type, km in (("repas", None), ("km", 40)):
            ligne = factories.LigneFraisFactory(note=note, type=type, km=km, km_retenus=km)
            factories.JustificatifFraisFactory(ligne=ligne)


def _parametres(n):
    for annee in range(2040 + _parametres.suivant, 2040 + _parametres.suivant + n):
        factories.ParametresFraisFactory(annee=annee)
        factories.BaremeKilometriqueFactory(annee=annee)
    _parametres.suivant += n


_parametres.suivant = 0

PEUPLER_FRAIS = {
    "notefrais": _notes,
    "lignefrais": _notes,
    "justificatiffrais": _notes,
    "parametresfrais": _parametres,
    "baremekilometrique": _parametres,
}


@pytest.mark.parametrize("modele", sorted(PEUPLER_FRAIS))
def test_liste_de_l_admin_des_frais(client, modele):
    connecter_personnel(client, f"tresorerie.{modele}")
    verifier_requetes(client, reverse(f"admin:tresorerie_{modele}_changelist"), peupler=PEUPLER_FRAIS[modele])


def test_api_des_notes_de_frais(api_client):
    api_client.force_authenticate(connecter_personnel_api("tresorerie.notefrais"))
    verifier_requetes(api_client, "/api/tresorerie/notes-frais/", peupler=_notes, visiteur="comptabilite")


def connecter_personnel_api(modele):
    from django.test import Client

    return connecter_personnel(Client(), modele)


@pytest.fixture
def _jour_frais(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: JOUR_FRAIS)


def test_api_des_notes_de_frais_d_un_membre(api_client, _jour_frais):
    membre = factories.MembreFactory(avec_compte=True)
    api_client.force_authenticate(membre.medecin.user)
    verifier_requetes(
        api_client, "/api/tresorerie/notes-frais/", peupler=lambda n: _notes(n, membre), visiteur="membre"
    )


def test_pages_de_l_espace_des_notes_de_frais(client, _jour_frais):
    membre = factories.MembreFactory(avec_compte=True)
    client.force_login(membre.medecin.user)
    verifier_requetes(client, reverse("notes_frais:notes"), peupler=lambda n: _notes(n, membre), contient="NF-")
    verifier_requetes(client, reverse("notes_frais:nouvelle"), peupler=lambda n: _notes(n, membre))
    _notes(1, membre)
    note = membre.notes_frais.first()
    note.statut = "brouillon"
    note.save()

    def lignes(n):
        for _ in range(n):
            factories.JustificatifFraisFactory(ligne=factories.LigneFraisFactory(note=note, montant=Decimal("12.00")))

    verifier_requetes(client, reverse("notes_frais:note", args=[note.pk]), peupler=lignes, contient="Joindre")
    piece = factories.JustificatifFraisFactory(ligne=note.lignes.first())
    verifier_requetes(client, reverse("notes_frais:justificatif", args=[piece.pk]), peupler=lignes)


def test_page_du_liquidateur(client, _jour_frais):
    liquidateur = factories.MembreFactory(avec_compte=True)
    factories.FonctionFactory(membre=liquidateur, fonction="liquidateur")
    client.force_login(liquidateur.medecin.user)
    verifier_requetes(client, reverse("notes_frais:a_verifier"), peupler=_notes, contient="NF-")


def test_le_tableau_des_amortissements_est_borne(client):
    connecter_personnel(client, "tresorerie.immobilisation")

    def peupler(n):
        factories.ImmobilisationFactory.create_batch(n)

    url = reverse("admin:tresorerie_immobilisation_amortissements") + "?annee=2027"
    verifier_requetes(client, url, peupler=peupler)
