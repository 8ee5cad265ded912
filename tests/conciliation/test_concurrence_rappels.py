"""Two runs of the reminders at once (a beat run and a manual one, two workers): each deadline of each file is
reminded once — the RappelEcheance uniqueness constraint, in the database, is the guard (issue 12 point 2)."""

import datetime

import pytest

from commun.models import Envoi, NatureEnvoi
from commun.services import utilisateur_systeme
from conciliation.models import RappelEcheance
from conciliation.services import echeances_rappeler
from tests import factories
from tests.concurrence import en_meme_temps


@pytest.mark.django_db(transaction=True)
def test_deux_executions_simultanees_ne_rappellent_qu_une_fois():
    plaintes = [factories.PlainteFactory(date_enregistrement=datetime.date(2026, 3, 2)) for _ in range(3)]
    systeme = utilisateur_systeme()
    jour = datetime.date(2026, 3, 28)
    resultats = en_meme_temps(
        lambda: echeances_rappeler(date=jour, par=systeme), lambda: echeances_rappeler(date=jour, par=systeme)
    )
    assert all(r.erreur is None for r in resultats), [r.erreur for r in resultats]
    assert sum(len(r.valeur) for r in resultats) == 3
    assert RappelEcheance.objects.count() == 3
    assert sorted(RappelEcheance.objects.values_list("plainte_id", flat=True)) == sorted(p.pk for p in plaintes)
    assert Envoi.objects.filter(nature=NatureEnvoi.CONCILIATION_RAPPEL_ECHEANCE).count() == 3
