"""Under tests an undefined template variable fails the test, saying in which template and on which line
(tests/conftest.py); Django's tolerant tags and the few tolerated third-party variables still render."""

import pytest
from django.template import engines


def _rendre(source, contexte=None):
    return engines["django"].from_string(source).render(contexte or {})


def test_une_variable_indefinie_fait_echouer_le_test_en_nommant_le_gabarit_et_la_ligne():
    with pytest.raises(pytest.fail.Exception, match=r"« medecin.nom_complet » dans .* \(ligne 2\)"):
        _rendre("<h1>Espace</h1>\n<p>{{ medecin.nom_complet }}</p>")


@pytest.mark.parametrize(
    "source",
    ["{{ rien|default:'-' }}", "{% include 'gouvernance/_erreurs_action.html' with erreurs=rien %}"],
)
def test_un_filtre_ou_un_argument_de_balise_indefini_echoue_aussi(source):
    with pytest.raises(pytest.fail.Exception, match="« rien »"):
        _rendre(source)


def test_if_et_for_restent_tolerants_et_une_variable_fournie_s_affiche():
    assert (
        _rendre("{% if rien %}x{% endif %}{% for x in rien %}x{% endfor %}{{ nom }}", {"nom": "Fargeot"}) == "Fargeot"
    )
