"""The conciliation's part of `python manage.py demo` (conc-noyau): three files at different stages, through the
services, once (a second run adds nothing), with the conciliation commission of the council's demo."""

from io import StringIO

import pytest
from django.core.management import call_command

from conciliation.models import Conciliateur, Plainte, ProcesVerbal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug(settings):
    settings.DEBUG = True


def test_la_demo_cree_trois_dossiers_a_des_etapes_differentes_une_seule_fois():
    sortie = StringIO()
    call_command("demo", medecins=300, stdout=sortie)
    assert "Conciliation : 3 dossiers" in sortie.getvalue()
    assert sorted(Plainte.objects.values_list("nature", "statut")) == [
        ("doleance", "enregistree"),
        ("plainte", "a_transmettre"),
        ("plainte", "enregistree"),
    ]
    assert Conciliateur.objects.count() == 4 and ProcesVerbal.objects.get().issue == "echec"
    assert not Plainte.objects.filter(depaysement=True).exists()
    sortie = StringIO()
    call_command("demo", medecins=300, stdout=sortie)
    assert Plainte.objects.count() == 3
    assert "3 dossier(s) déjà présent(s)" in sortie.getvalue()


def test_sans_commission_de_conciliation_la_demo_en_cree_une(systeme):
    import datetime

    from conciliation.demo import demo_conciliation
    from gouvernance.models import Commission
    from tests import factories

    today = datetime.date(2026, 6, 15)
    for _ in range(5):
        factories.MembreFactory(date_debut=datetime.date(2025, 1, 1))
    factories.MedecinFactory.create_batch(3)
    assert "3 dossiers" in demo_conciliation(today=today, par=systeme)
    commission = Commission.objects.get(nature="conciliation")
    assert commission.sieges.count() == 3
