"""The purge run twice at the same instant (beat's nightly task and a catch-up, two workers): it deletes once,
announces once and counts once (PostgreSQL; both take the lock `rgpd.purge` before reading what is due, and a
count is unique per kind and day)."""

import datetime

import pytest

from commun.services import utilisateur_systeme
from rgpd import services
from rgpd.models import AnnoncePurge, Purge
from tests import factories
from tests.concurrence import en_meme_temps

ANNONCE = datetime.date(2026, 1, 15)
PREVUE = datetime.date(2026, 2, 15)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_purges_lancees_ensemble_annoncent_et_suppriment_une_fois():
    from incidents.models import Incident

    systeme = utilisateur_systeme()
    ancien = factories.IncidentFactory(date=datetime.date(2010, 6, 1), declare_le=datetime.date(2010, 6, 2))
    annonces = en_meme_temps(*(lambda: services.purge_du_jour(today=ANNONCE, par=systeme) for _ in range(2)))
    assert all(r.ok for r in annonces), annonces
    assert sorted(r.valeur["annonces"].get("incident", 0) for r in annonces) == [0, 1]
    assert AnnoncePurge.objects.filter(nature="incident").count() == 1

    purges = en_meme_temps(*(lambda: services.purge_du_jour(today=PREVUE, par=systeme) for _ in range(2)))
    assert all(r.ok for r in purges), purges
    assert sorted(r.valeur["supprimes"].get("incident", 0) for r in purges) == [0, 1]
    assert not Incident.objects.filter(pk=ancien.pk).exists()
    assert list(Purge.objects.filter(nature="incident").values_list("dossiers", flat=True)) == [1]
