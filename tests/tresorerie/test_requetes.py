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
