import pytest
from django.core.exceptions import ValidationError

from tableau.validators import cle_luhn, luhn_valide, valider_rpps
from tests.factories import rpps_valide


def test_un_rpps_de_11_chiffres_avec_une_cle_de_luhn_juste_est_accepte():

    valider_rpps(rpps_valide(42))
    assert luhn_valide("79927398713")  # the textbook Luhn example


@pytest.mark.parametrize(
    "rpps",
    [
        "1234567890",
        "123456789012",
        "1234567890a",
        "",
        "1000 345678",
        # Unicode digits that str.isdigit() accepts: a superscript, full-width and Arabic-Indic digits.
        "1234567890²",
        "１２３４５６７８９０１",
        "١٢٣٤٥٦٧٨٩٠١",
    ],
)
def test_un_rpps_qui_n_a_pas_11_chiffres_est_refuse_avec_un_message_en_francais(rpps):
    with pytest.raises(ValidationError) as err:
        valider_rpps(rpps)
    assert "11 chiffres" in err.value.messages[0]


def test_un_rpps_dont_la_cle_de_luhn_est_fausse_est_refuse():
    bon = rpps_valide(7)
    faux = bon[:-1] + str((int(bon[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as err:
        valider_rpps(faux)
    assert "clé de contrôle" in err.value.messages[0]


def test_la_cle_de_luhn_calculee_rend_le_numero_valide():
    for debut in ("1000000000", "1987654321", "1012345678"):
        assert luhn_valide(debut + cle_luhn(debut))
        assert not luhn_valide(debut + str((int(cle_luhn(debut)) + 1) % 10))
