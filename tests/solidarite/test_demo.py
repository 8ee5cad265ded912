"""The demo of territorial solidarity (solidarite/demo.py): built through the services, idempotent."""

import datetime

import pytest

from solidarite.demo import demo_solidarite
from solidarite.models import Journee, Lieu, Volontaire
from tests import factories

pytestmark = pytest.mark.django_db


def test_la_demo_est_idempotente(systeme):
    medecin = factories.MedecinFactory()
    factories.MedecinFactory()
    today = datetime.date(2026, 10, 1)
    demo_solidarite(today=today, par=systeme, volontaire_rpps=medecin.rpps)
    avant = (Lieu.objects.count(), Volontaire.objects.count(), Journee.objects.count())
    assert avant == (3, 2, 2)
    assert Volontaire.objects.get(medecin=medecin).statut == "validee"
    demo_solidarite(today=today, par=systeme, volontaire_rpps=medecin.rpps)
    assert (Lieu.objects.count(), Volontaire.objects.count(), Journee.objects.count()) == avant
