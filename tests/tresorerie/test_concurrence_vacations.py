"""The vacations' caps span a member's rows (two a day, the month ≤ the SG's allowance / 12, the year ≤ 3 × PASS):
two recordings released at the same instant must not both pass (PostgreSQL; each takes the member's lock,
`tresorerie.vacations.<membre id>`, before it counts). Without the lock both pass: checked once, see the report."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from tests.concurrence import en_meme_temps
from tresorerie import services
from tresorerie.models import Vacation

JOUR = datetime.date(2027, 3, 15)


def _monde(inscrits: int):
    systeme = factories.systeme()
    factories.BaremeIndemnitesFactory(annee=2027)
    services.repartition_enregistrer(annee=2027, inscrits=inscrits, par=systeme, today=JOUR)
    membre = factories.MembreFactory(date_debut=datetime.date(2025, 6, 1))
    return systeme, membre


def _demande(membre, systeme, date, duree="demi_journee"):
    return lambda: services.vacation_enregistrer(membre_id=membre.pk, date=date, duree=duree, par=systeme, today=JOUR)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_la_derniere_vacation_du_jour_ne_va_qu_a_une_des_deux_saisies_simultanees():
    systeme, membre = _monde(5501)
    jour = datetime.date(2027, 3, 10)
    services.vacation_enregistrer(membre_id=membre.pk, date=jour, duree="demi_journee", par=systeme, today=JOUR)
    resultats = en_meme_temps(_demande(membre, systeme, jour), _demande(membre, systeme, jour))
    assert [r.ok for r in resultats].count(True) == 1, resultats
    assert all(isinstance(r.erreur, ValidationError) for r in resultats if not r.ok), resultats
    assert Vacation.objects.filter(membre=membre, date=jour).count() == 2


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_le_plafond_du_mois_tient_quand_deux_jours_sont_saisis_ensemble():
    # 2 597 inscrits → SG 11 592 € → 966 € a month: 3 half-days recorded, two more asked at once on two days.
    systeme, membre = _monde(2597)
    for jour in (1, 2, 3):
        services.vacation_enregistrer(
            membre_id=membre.pk, date=datetime.date(2027, 3, jour), duree="demi_journee", par=systeme, today=JOUR
        )
    resultats = en_meme_temps(
        _demande(membre, systeme, datetime.date(2027, 3, 8)), _demande(membre, systeme, datetime.date(2027, 3, 9))
    )
    assert [r.ok for r in resultats].count(True) == 1, resultats
    assert sum(v.montant for v in Vacation.objects.filter(membre=membre)) == Decimal("966.00")
