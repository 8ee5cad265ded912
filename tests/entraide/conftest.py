"""The entraide commission of the tests, on the dates of the seeds: created on 1 July 2025 (président and
secrétaire général by right, the délégué à l'entraide and an elected member seated, the trésorier seated too but
with an advisory voice only), a member of the council seated nowhere, a member whose seat ended on 31 January 2026,
the entraide's staff and another service's staff."""

import datetime
from types import SimpleNamespace

import pytest

from tests import factories

DEBUT = datetime.date(2025, 7, 1)
FIN_SIEGE = datetime.date(2026, 1, 31)
JOUR = datetime.date(2026, 3, 2)


def _membre():
    return factories.MembreFactory(avec_compte=True)


@pytest.fixture
def commission(db):
    entraide = factories.CommissionFactory(nature="entraide", nom="Commission d'entraide", date_debut=DEBUT)
    president = _membre()
    factories.FonctionFactory(membre=president, fonction="president")
    sg = _membre()
    factories.FonctionFactory(membre=sg, fonction="secretaire_general")
    delegue = _membre()
    factories.SiegeCommissionFactory(commission=entraide, membre=delegue, role="delegue_entraide", date_debut=DEBUT)
    elu = _membre()
    factories.SiegeCommissionFactory(commission=entraide, membre=elu, date_debut=DEBUT)
    tresorier = _membre()
    factories.FonctionFactory(membre=tresorier, fonction="tresorier")
    factories.SiegeCommissionFactory(commission=entraide, membre=tresorier, date_debut=DEBUT)
    non_siegeant = _membre()
    ancien = _membre()
    factories.SiegeCommissionFactory(commission=entraide, membre=ancien, date_debut=DEBUT, date_fin=FIN_SIEGE)
    return SimpleNamespace(
        commission=entraide,
        president=president.medecin.user,
        sg=sg.medecin.user,
        delegue=delegue.medecin.user,
        elu=elu.medecin.user,
        tresorier=tresorier.medecin.user,
        non_siegeant=non_siegeant.medecin.user,
        ancien=ancien.medecin.user,
    )


@pytest.fixture
def staff_entraide(db):
    return factories.StaffFactory(groupe="Secrétariat de l'entraide")


@pytest.fixture
def staff_juridique(db):
    return factories.StaffFactory(groupe="juridique")


@pytest.fixture
def demandeur(db):
    return factories.MedecinFactory(avec_compte=True)


@pytest.fixture
def demande(db, demandeur):
    return factories.DemandeEntraideFactory(
        medecin=demandeur,
        situation="Liquidation judiciaire du cabinet prononcée en janvier ; dette URSSAF de 23 456 euros.",
        questionnaire={"creanciers": "URSSAF 23456.00, CARMF 8200.00", "procedure": "liquidation"},
        natures=["financiere", "procedure_collective"],
    )
