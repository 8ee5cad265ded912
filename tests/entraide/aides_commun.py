"""The world of the aids' tests (entraide-aides): an entraide commission from 1 July 2025 (the président and the
secrétaire général sit by right, a délégué à l'entraide and an elected member; the trésorier assists it with an
advisory voice), the 2026 budget with its entraide line 6571 (15 000 €), a request filed on 2 March 2026, and the
day the commission meets (20 March 2026). Import the fixtures you use (`from .aides_commun import ...`)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tests import factories

DEBUT = datetime.date(2025, 6, 1)
JOUR = datetime.date(2026, 3, 20)
MOTIVATION = (
    "Cabinet fermé trois mois après un accident de la route : les charges fixes (loyer, URSSAF) courent sans "
    "recette ; un secours couvre le loyer de mars et d'avril en attendant les indemnités de la prévoyance."
)


@dataclass
class Commission:
    president: object
    secretaire: object  # the ordonnateur
    tresorier: object
    delegue: object
    elu: object  # an elected member of the commission
    hors: object  # a councillor who does not sit on it
    staff: object  # the entraide secretariat
    commission: object

    def user(self, qui: str):
        return getattr(self, qui).medecin.user if qui != "staff" else self.staff


def _membre(fonction=None):
    membre = factories.MembreFactory(avec_compte=True, date_debut=DEBUT)
    if fonction:
        factories.FonctionFactory(membre=membre, fonction=fonction, date_debut=DEBUT)
    return membre


@pytest.fixture
def commission(db) -> Commission:
    c = factories.CommissionFactory(nature="entraide", nom="Commission d'entraide")
    monde = Commission(
        president=_membre("president"),
        secretaire=_membre("secretaire_general"),
        tresorier=_membre("tresorier"),
        delegue=_membre(),
        elu=_membre(),
        hors=_membre(),
        staff=factories.StaffFactory(groupe="Secrétariat de l'entraide"),
        commission=c,
    )
    factories.SiegeCommissionFactory(commission=c, membre=monde.delegue, role="delegue_entraide")
    factories.SiegeCommissionFactory(commission=c, membre=monde.elu)
    # The trésorier is seated too: he only ever has an advisory voice (seed 002 L.I T.II 5.1.1).
    factories.SiegeCommissionFactory(commission=c, membre=monde.tresorier)
    return monde


@pytest.fixture
def budget_entraide(db):
    budget = factories.BudgetFactory(annee=2026, statut="adopte")
    factories.LigneBudgetaireFactory(budget=budget, compte=factories.compte("6571"), montant=Decimal("15000.00"))
    return budget


@pytest.fixture
def ligne_entraide(budget_entraide):
    return budget_entraide.lignes.get(compte__numero="6571")


@pytest.fixture
def demande(db):
    return factories.DemandeEntraideFactory(numero="EN-2026-0001")


@pytest.fixture
def jour(monkeypatch):
    """The API's today: the commission's meeting."""
    monkeypatch.setattr("entraide.api.aides._aujourdhui", lambda: JOUR)
    return JOUR
