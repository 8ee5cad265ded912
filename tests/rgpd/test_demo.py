"""The demo's part of data protection: tonight's purge run once announces what is past its retention, an access
request received by post waits for its answer, and a second run adds nothing."""

import datetime

import pytest

from commun.services import utilisateur_systeme
from rgpd.demo import demo_rgpd
from rgpd.models import AnnoncePurge, DemandeAcces
from tests import factories

from .conftest import JOUR

pytestmark = pytest.mark.django_db


def test_la_demo_annonce_la_purge_une_seule_fois():
    assert "aucun dossier" in demo_rgpd(today=JOUR, par=utilisateur_systeme())
    factories.AnnonceFactory(statut="refusee", motif="Hors sujet.", moderee_le=datetime.date(2025, 1, 10))
    ligne = demo_rgpd(today=JOUR, par=utilisateur_systeme())
    assert "1 annonces refusées à la modération le 20/04/2026" in ligne and "Mes données personnelles" in ligne
    assert demo_rgpd(today=JOUR, par=utilisateur_systeme()) == ligne
    assert AnnoncePurge.objects.count() == 1
    # A letter asking for a doctor's data waits for its answer (once, however many runs).
    assert "demande d'accès par courrier" in ligne and DemandeAcces.objects.count() == 1
