"""Query budgets of the dues (tests/cotisations/query_counts.json, tests/requetes.py): each admin list and API list
at N and 3N rows, and the call of a year's dues at two sizes of the tableau (bounded, whatever its size)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cotisations import services
from tests import factories
from tests.requetes import budget, connecter_personnel, verifier_requetes

pytestmark = pytest.mark.django_db

ANNEES = iter(range(2100, 2400))


def _cotisations(n):
    for _ in range(n):
        societe = factories.SocieteFactory()
        cotisation = factories.CotisationFactory()
        factories.CotisationFactory(
            medecin=None, societe=societe, reference=services.reference_societe(2026, societe.pk)
        )
        factories.PaiementFactory(cotisation=cotisation)


def _baremes(n):
    for _ in range(n):
        factories.BaremeFactory(annee=next(ANNEES))


PEUPLER = {"bareme": _baremes, "cotisation": _cotisations, "paiement": _cotisations}


@pytest.mark.parametrize("modele", sorted(PEUPLER))
def test_liste_de_l_admin(client, modele):
    connecter_personnel(client, f"cotisations.{modele}")
    verifier_requetes(client, reverse(f"admin:cotisations_{modele}_changelist"), peupler=PEUPLER[modele])


@pytest.mark.parametrize("route", ["cotisations-bareme-list", "cotisations-cotisation-list"])
def test_liste_de_l_api(api_client, route):
    api_client.force_authenticate(factories.StaffFactory(groupe="comptabilite"))
    peupler = _baremes if "bareme" in route else _cotisations
    verifier_requetes(api_client, reverse(route), peupler=peupler, visiteur="comptabilité")


def _tableau(n):
    """n doctors and companies of each kind the call looks at (mandate, status history, first registration)."""
    for _ in range(n):
        factories.MedecinFactory()
        factories.MedecinFactory(exercice="retraite_sans_activite")
        factories.MembreFactory(
            medecin=factories.MedecinFactory(exercice="retraite_sans_activite"), date_debut=datetime.date(2025, 6, 1)
        )
        factories.ChangementStatutFactory(medecin=factories.MedecinFactory(), date=datetime.date(2026, 3, 1))
        factories.MedecinFactory(premiere_inscription=True, date_inscription=datetime.date(2026, 10, 2))
        factories.SocieteFactory()


def test_l_appel_des_cotisations_est_borne(systeme):
    """The number of queries of the call does not grow with the tableau (measured at two sizes). The sizes stay
    below one batch of SQLite's (999 parameters per INSERT: ~50 history rows); on PostgreSQL the dues and their
    history are one statement whatever the number of debtors (tests/perf/bench_appel.py: 8 queries at 3 000 and at
    30 000 doctors)."""
    comptes = []
    for annee, n in ((2026, 2), (2027, 5)):
        factories.BaremeFactory(annee=annee)
        _tableau(n)
        with CaptureQueriesContext(connection) as requetes:
            resultat = services.cotisations_appeler(annee=annee, today=datetime.date(annee, 1, 5), par=systeme)
        assert resultat["creees"] >= 6 * n
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1], comptes
    assert comptes[1] <= budget("lot:cotisations_appeler", app="cotisations"), comptes


# --- etats: the statement and the dashboard (issue 10 point 9) -------------------------------------------------------


def _impayes(n):
    """n debtors unpaid at 30 September 2026, each with a payment, a counter-entry and a reminder."""
    from decimal import Decimal

    from cotisations.models import Relance

    for _ in range(n):
        cotisation = factories.CotisationFactory()
        paiement = factories.PaiementFactory(cotisation=cotisation, date=datetime.date(2026, 2, 1))
        factories.PaiementFactory(
            cotisation=cotisation,
            montant=-paiement.montant,
            numero_recu=None,
            annee_recu=None,
            annule=paiement,
            motif_annulation="Chèque sans provision",
            date=datetime.date(2026, 3, 1),
        )
        Relance.objects.create(cotisation=cotisation, etape="lrar1", date=datetime.date(2026, 6, 1), frais=Decimal("7"))


def test_l_etat_des_impayes_de_l_api(api_client):
    api_client.force_authenticate(factories.StaffFactory(groupe="comptabilite"))
    verifier_requetes(
        api_client, "/api/cotisations/impayes/?date=2026-09-30", peupler=_impayes, visiteur="comptabilité"
    )


@pytest.mark.parametrize(
    ("page", "contient"),
    [("etatimpayes", "Total général"), ("tableaudebord", "Taux de recouvrement")],
)
def test_les_pages_des_etats(client, page, contient):
    client.force_login(factories.StaffFactory(groupe="comptabilite"))
    url = reverse(f"admin:cotisations_{page}_changelist") + ("?date=2026-09-30" if page == "etatimpayes" else "")
    verifier_requetes(client, url, peupler=_impayes, contient=contient)


def test_l_etat_des_impayes_est_borne(systeme):
    """The statement and its totals (what the API and the XLSX read) at N and 3N debtors: the same queries."""
    from cotisations.selectors import etat_impayes

    comptes = []
    for ajout in (5, 10):
        _impayes(ajout)
        with CaptureQueriesContext(connection) as requetes:
            etat = etat_impayes(date=datetime.date(2026, 9, 30), par=systeme)
            assert len(list(etat["lignes"])) == etat["nombre"]
        comptes.append(len(requetes))
    assert etat["nombre"] == 15
    assert comptes[0] == comptes[1], comptes
    assert comptes[1] <= budget("lot:etat_impayes", app="cotisations"), comptes
