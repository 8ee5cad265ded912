"""The reminder calendar (DOMAIN.md 2; cotisations/services/relances.py): each step on its date and not the day
before, only to debtors still unpaid, stopped by a payment or an exemption, caught up after a missed day, never
twice; the postage and the legal interest exact; the tracking numbers typed or imported; the court requests."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from commun.models import Envoi
from cotisations import calendrier, documents_relances, selectors, services
from cotisations.models import Cotisation, Relance
from cotisations.services import relances as module_relances
from tests import factories

J = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def bareme(db):
    factories.BaremeFactory(annee=2025)
    return factories.BaremeFactory(annee=2026)


@pytest.fixture
def debiteur(bareme):
    return factories.CotisationFactory(medecin=factories.MedecinFactory(email="debiteur@exemple.fr"))


def _executer(date, par):
    return services.relances_executer(date=date, par=par)


def _etapes(cotisation):
    return list(Relance.objects.filter(cotisation=cotisation).order_by("date", "id").values_list("etape", "date"))


def test_le_rappel_part_le_15_avril_et_pas_la_veille(debiteur, systeme):
    assert _executer(J(2026, 4, 14), systeme)["rappel"] == 0
    assert _etapes(debiteur) == []
    assert _executer(J(2026, 4, 15), systeme)["rappel"] == 1
    assert _etapes(debiteur) == [("rappel", J(2026, 4, 15))]
    debiteur.refresh_from_db()
    assert debiteur.frais == D("0.00")  # a simple letter claims no postage
