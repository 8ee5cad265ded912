"""The ads' part of `python manage.py demo`: published ads, a change and an ad to moderate; a second run adds
nothing."""

import pytest

from annonces.demo import ANNONCES, demo_annonces
from annonces.models import Annonce, RevisionAnnonce
from tests import factories
from tests.annonces.conftest import JOUR

pytestmark = pytest.mark.django_db


def test_la_demo_des_annonces_est_idempotente(systeme):
    factories.MedecinFactory(avec_compte=True)
    factories.MedecinFactory.create_batch(len(ANNONCES))
    ligne = demo_annonces(today=JOUR, par=systeme)
    assert "à modérer" in ligne
    statuts = sorted(Annonce.objects.values_list("statut", flat=True))
    assert statuts == ["publiee"] * len(ANNONCES) + ["soumise"]
    assert RevisionAnnonce.objects.get().statut == "soumise"
    assert "déjà créées" in demo_annonces(today=JOUR, par=systeme)
    assert Annonce.objects.count() == len(ANNONCES) + 1
