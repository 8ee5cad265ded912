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


# --- exonération pour insuffisance de ressources ------------------------------------------------------------------


ANNEES_DEMANDES = iter(range(2500, 2900))


def _demandes(n, medecin=None):
    for _ in range(n):
        cotisation = factories.CotisationFactory(
            medecin=medecin or factories.MedecinFactory(), annee=next(ANNEES_DEMANDES)
        )
        demande = factories.DemandeExonerationFactory(cotisation=cotisation, statut="inscrite")
        factories.PieceDemandeFactory(demande=demande)


def test_liste_de_l_admin_des_demandes_d_exoneration(client):
    connecter_personnel(client, "cotisations.demandeexoneration")
    verifier_requetes(client, reverse("admin:cotisations_demandeexoneration_changelist"), peupler=_demandes)


def test_pages_de_l_espace_des_exonerations(client):
    medecin = factories.MedecinFactory(avec_compte=True)
    client.force_login(medecin.user)
    verifier_requetes(
        client,
        reverse("exonerations:demandes"),
        peupler=lambda n: _demandes(n, medecin),
        contient="Inscrite à l&#x27;ordre du jour",
    )
    annees = iter(range(2000, 2100))
    verifier_requetes(
        client,
        reverse("exonerations:deposer"),
        peupler=lambda n: [factories.CotisationFactory(medecin=medecin, annee=next(annees)) for _ in range(n)],
    )
    demande = factories.DemandeExonerationFactory(cotisation=factories.CotisationFactory(medecin=medecin, annee=1999))
    verifier_requetes(
        client,
        reverse("exonerations:demande", args=[demande.pk]),
        peupler=lambda n: factories.PieceDemandeFactory.create_batch(n, demande=demande),
    )
    piece = demande.pieces.first()
    verifier_requetes(
        client,
        reverse("exonerations:piece", args=[piece.pk]),
        peupler=lambda n: factories.PieceDemandeFactory.create_batch(n, demande=demande),
    )
