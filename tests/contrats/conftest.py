import datetime

import pytest
from django.utils import timezone

from tests import factories

# The day the doors see (timezone.localdate): 16 April 2026.
JOUR = datetime.date(2026, 4, 16)


@pytest.fixture
def jour(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: JOUR)
    return JOUR


@pytest.fixture
def commission(db):
    """The commission d'étude des contrats (created 1 July 2025) and two elected members with a login."""
    commission = factories.CommissionFactory(nature="etude_contrats", nom="Commission d'étude des contrats")
    membres = [
        factories.SiegeCommissionFactory(commission=commission, membre=factories.MembreFactory(avec_compte=True)).membre
        for _ in range(2)
    ]
    return {"commission": commission, "membres": membres}
