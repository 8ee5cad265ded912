"""The demo's declarations of incidents: the secrétaire général's and a few others, once (a second run adds
nothing)."""

import pytest

from commun.services import utilisateur_systeme
from incidents.demo import demo_incidents
from incidents.models import Incident
from tests import factories

from .conftest import JOUR

pytestmark = pytest.mark.django_db


def test_la_demo_declare_des_incidents_une_seule_fois():
    sg = factories.FonctionFactory(fonction="secretaire_general", membre__avec_compte=True).membre
    factories.MedecinFactory.create_batch(4, statut="inscrit")
    ligne = demo_incidents(today=JOUR, par=utilisateur_systeme())
    assert "secrétaire général" in ligne
    assert Incident.objects.count() == 4
    assert Incident.objects.filter(declarant=sg.medecin).exists()
    assert all(i.date <= JOUR for i in Incident.objects.all())
    assert "déjà déclarés" in demo_incidents(today=JOUR, par=utilisateur_systeme())
    assert Incident.objects.count() == 4
