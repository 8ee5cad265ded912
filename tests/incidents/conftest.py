import datetime

import pytest
from django.utils import timezone

from tests import factories

# The day the doors see (timezone.localdate): 20 March 2026.
JOUR = datetime.date(2026, 3, 20)


@pytest.fixture
def jour(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: JOUR)
    return JOUR


@pytest.fixture
def vigilance(db):
    """The vigilance commission (created 1 July 2025), its référent sécurité and an elected member."""
    commission = factories.CommissionFactory(nature="vigilance", nom="Commission vigilance-violences-sécurité")
    referent = factories.SiegeCommissionFactory(
        commission=commission,
        membre=factories.MembreFactory(avec_compte=True, medecin__email="referent.securite@cdom.example"),
        role="referent_securite",
    )
    membre = factories.SiegeCommissionFactory(commission=commission, membre=factories.MembreFactory(avec_compte=True))
    return {"commission": commission, "referent": referent.membre.medecin, "membre": membre.membre.medecin}
