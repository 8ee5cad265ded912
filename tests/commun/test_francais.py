import datetime
from decimal import Decimal

import pytest

from commun.templatetags.francais import date_fr, euros, montant_fr


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        (Decimal("0"), "0,00"),
        (Decimal("7.05"), "7,05"),
        (Decimal("355"), "355,00"),
        (Decimal("1234.5"), "1\u202f234,50"),
        (Decimal("1234567.891"), "1\u202f234\u202f567,89"),
        (Decimal("-14.1"), "-14,10"),
    ],
)
def test_montant_au_format_francais(valeur, attendu):
    assert montant_fr(valeur) == attendu


def test_euros_avec_espace_insecable():
    assert euros(Decimal("369.10")) == "369,10\u00a0€"
    assert euros(None) == ""


def test_date_longue():
    assert date_fr(datetime.date(2026, 6, 1)) == "1er juin 2026"
    assert date_fr(datetime.date(2026, 4, 15)) == "15 avril 2026"
    assert date_fr(datetime.date(2027, 8, 31)) == "31 août 2027"
