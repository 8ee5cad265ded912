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
