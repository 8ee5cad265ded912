"""The demo's contracts: the commission created, the SG's collaboration contract with the président's motivated
opinion, a late lease; a second run adds nothing."""

import pytest

from commun.services import utilisateur_systeme
from contrats.demo import demo_contrats
from contrats.models import Contrat
from gouvernance.models import Commission
from tests import factories

from .conftest import JOUR

pytestmark = pytest.mark.django_db


def test_la_demo_communique_des_contrats_une_seule_fois():
    sg = factories.FonctionFactory(fonction="secretaire_general", membre__avec_compte=True).membre
    factories.FonctionFactory(fonction="president", membre__avec_compte=True)
    ligne = demo_contrats(today=JOUR, par=utilisateur_systeme())
    assert "collaboration" in ligne
    assert Commission.objects.filter(nature="etude_contrats").count() == 1
    collaboration = Contrat.objects.get(type="collaboration")
    assert collaboration.medecin == sg.medecin and collaboration.avis == "reserves"
    assert Contrat.objects.get(type="bail").hors_delai
    assert "déjà communiqués" in demo_contrats(today=JOUR, par=utilisateur_systeme())
    assert Contrat.objects.count() == 2
