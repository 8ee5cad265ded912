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
