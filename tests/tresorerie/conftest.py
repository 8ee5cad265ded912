"""The members of the expense chain, each with a login (seed 002 L.II T.I 2.2): the président, the secrétaire
général (ordonnateur), the liquidateur, the trésorier, and their designated substitutes (ordonnateur suppléant,
liquidateur suppléant, trésorier adjoint); a budget 2027 with a few lines. Every function from 1 June 2025."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tests import factories

DEBUT = datetime.date(2025, 6, 1)
JOUR = datetime.date(2027, 3, 15)


@dataclass
class Chaine:
    president: object
    ordonnateur: object
    liquidateur: object
    tresorier: object
    ordonnateur_suppleant: object
    liquidateur_suppleant: object
    tresorier_adjoint: object
    membre: object  # a councillor with no function in the chain

    def user(self, role: str):
        return getattr(self, role).medecin.user


def _titulaire(fonction: str | None):
    membre = factories.MembreFactory(avec_compte=True, date_debut=DEBUT)
    if fonction:
        factories.FonctionFactory(membre=membre, fonction=fonction, date_debut=DEBUT)
    return membre


@pytest.fixture
def chaine(db) -> Chaine:
    return Chaine(
        president=_titulaire("president"),
        ordonnateur=_titulaire("secretaire_general"),
        liquidateur=_titulaire("liquidateur"),
        tresorier=_titulaire("tresorier"),
        ordonnateur_suppleant=_titulaire("ordonnateur_suppleant"),
        liquidateur_suppleant=_titulaire("liquidateur_suppleant"),
        tresorier_adjoint=_titulaire("tresorier_adjoint"),
        membre=_titulaire(None),
    )


@pytest.fixture
def budget(db):
    """The budget 2027 with a fournitures line (10 000 €), a déplacements line (5 000 €) and the dues' income."""
    b = factories.BudgetFactory(annee=2027, statut="adopte")
    factories.LigneBudgetaireFactory(budget=b, compte=factories.compte("6064"), montant=Decimal("10000.00"))
    factories.LigneBudgetaireFactory(budget=b, compte=factories.compte("6251"), montant=Decimal("5000.00"))
    factories.LigneBudgetaireFactory(budget=b, compte=factories.compte("7561"), montant=Decimal("400000.00"))
    return b


@pytest.fixture
def ligne_fournitures(budget):
    return budget.lignes.get(compte__numero="6064")


# --- the expense chain (issue 11): tests on a transactional database (races, browser) -----------------------------


@pytest.fixture
def donnees_initiales(transactional_db):
    """The rows the migrations load (the accounting plan, the limits of the replacement of assets), loaded again: a
    transactional test before this one flushed them. Idempotent (get_or_create)."""
    from importlib import import_module

    from django.apps import apps

    import_module("tresorerie.migrations.0002_plan_comptable").charger(apps, None)
    import_module("tresorerie.migrations.0003_chaine").charger_plafonds(apps, None)
