import datetime

import pytest

from tests import factories

# Seed 004: the ARS's e-mail of 18 September 2025; the days of the tests straddle the end of summer time 2026
# (Sunday 25 October): 24 October is UTC+2 in Paris, 31 October UTC+1.
DEPOT = datetime.date(2026, 9, 18)
AUJOURDHUI = datetime.date(2026, 10, 1)


@pytest.fixture
def lieu(db):
    return factories.LieuSolidariteFactory(nom="Centre de santé de Nontron", commune="Nontron", code_postal="24300")


@pytest.fixture
def lieu_correze(db):
    return factories.LieuSolidariteFactory(
        nom="Maison de santé d'Ussel", commune="Ussel", code_postal="19200", departement="19"
    )


@pytest.fixture
def volontaire(db, medecin, lieu):
    return factories.VolontaireFactory(medecin=medecin, lieux=[lieu], statut="validee")


@pytest.fixture
def staff_compta(db):
    return factories.StaffFactory(groupe="comptabilite")
