"""Each exemption is written in the doctor's file with its reason (DOMAIN.md 2): the register's change page shows
the dues of every year, their exemption and its motive, to staff who may read the dues."""

import datetime

import pytest

from cotisations import services
from tests import factories
from tests.requetes import connecter_personnel

pytestmark = pytest.mark.django_db


def test_la_fiche_du_medecin_montre_ses_exonerations(client, systeme):
    factories.BaremeFactory(annee=2026)
    medecin = factories.MedecinFactory(exercice="reserviste")
    services.cotisations_appeler(annee=2026, today=datetime.date(2026, 1, 5), par=systeme)
    connecter_personnel(client, "cotisations.cotisation")
    page = client.get(f"/admin/tableau/medecin/{medecin.pk}/change/")
    assert page.status_code == 200
    contenu = page.content.decode()
    assert "cotisations et exonérations" in contenu.lower()
    assert "Réserviste sanitaire exclusif" in contenu
