"""The demo's expense claims: the président's claim submitted with its receipts, a draft; a second run adds nothing."""

from commun.services import utilisateur_systeme
from tests.tresorerie.conftest import JOUR
from tresorerie.demo_frais import demo_frais
from tresorerie.models import JustificatifFrais, NoteFrais


def test_la_demo_cree_une_note_soumise_et_un_brouillon_une_seule_fois(chaine):
    ligne = demo_frais(today=JOUR, par=utilisateur_systeme())
    assert "soumise au liquidateur" in ligne
    assert sorted(NoteFrais.objects.values_list("statut", flat=True)) == ["brouillon", "soumise"]
    assert NoteFrais.objects.get(statut="soumise").membre == chaine.president
    assert JustificatifFrais.objects.count() == 3
    assert "déjà créées" in demo_frais(today=JOUR, par=utilisateur_systeme())
    assert NoteFrais.objects.count() == 2
