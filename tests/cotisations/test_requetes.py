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


def _tirages(n):
    factories.TirageFactory.create_batch(n)


PEUPLER = {"bareme": _baremes, "cotisation": _cotisations, "paiement": _cotisations, "tirage": _tirages}


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
    below one batch of SQLite's (999 parameters per INSERT: ~50 history rows); PostgreSQL inserts 2 000 rows a
    query, so that 30 000 doctors take 15 INSERTs of dues and 15 of history."""
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
