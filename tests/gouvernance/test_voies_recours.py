"""The means and delays of appeal a notification quotes (seed 002 L.I 5.2) are legal texts edited in the admin:
written by gouvernance.services, which ask the one permission helper (the président, the SG, or staff so
entitled), with the author in the history."""

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError

from commun.admin import ServiceAdmin
from gouvernance import services
from gouvernance.models import VoieRecours
from tests import factories

LISTE = "/admin/gouvernance/voierecours/"
TEXTE = "Recours devant la chambre disciplinaire dans un délai de trente jours."


def _nouvelle(**valeurs):
    return VoieRecours(**{"code": "disciplinaire", "libelle": "Décisions disciplinaires", "texte": TEXTE, **valeurs})


@pytest.fixture
def client_admin(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("groupe", ["accueil", "secretariat", "tableau"])
def test_un_agent_sans_le_droit_est_refuse_par_le_service_et_rien_n_est_ecrit(db, groupe):
    agent = factories.StaffFactory(groupe=groupe)
    with pytest.raises(PermissionDenied, match="Vous n'avez pas le droit d'enregistrer des voies et délais"):
        services.voie_recours_enregistrer(instance=_nouvelle(), par=agent)
    assert not VoieRecours.objects.filter(code="disciplinaire").exists()

    voie = factories.VoieRecoursFactory()
    voie.texte = "Autre texte."
    with pytest.raises(PermissionDenied, match="Vous n'avez pas le droit de modifier"):
        services.voie_recours_enregistrer(instance=voie, par=agent)
    with pytest.raises(PermissionDenied, match="Vous n'avez pas le droit de supprimer"):
        services.voie_recours_supprimer(instance=voie, par=agent)
    voie.refresh_from_db()
    assert voie.texte != "Autre texte." and voie.history.count() == 1


def test_le_president_et_le_sg_en_fonction_enregistrent_un_simple_conseiller_non(conseil):
    for membre in (conseil.president, conseil.sg):
        voie = services.voie_recours_enregistrer(instance=_nouvelle(code=f"c-{membre.pk}"), par=membre.medecin.user)
        assert voie.history.get().history_user == membre.medecin.user
        voie.texte = "Délai de deux mois."
        services.voie_recours_enregistrer(instance=voie, par=membre.medecin.user)
        assert voie.history.first().history_user == membre.medecin.user
    conseiller = conseil.titulaires[3].medecin.user
    with pytest.raises(PermissionDenied):
        services.voie_recours_enregistrer(instance=_nouvelle(code="conseiller"), par=conseiller)
    assert not VoieRecours.objects.filter(code="conseiller").exists()


def test_le_service_valide_le_texte_avant_d_ecrire(db, superuser):
    with pytest.raises(ValidationError) as err:
        services.voie_recours_enregistrer(instance=_nouvelle(texte=""), par=superuser)
    assert "texte" in err.value.message_dict
    assert not VoieRecours.objects.filter(code="disciplinaire").exists()


def test_des_voies_de_recours_citees_par_une_decision_ne_se_suppriment_pas(db, superuser):
    voie = factories.VoieRecoursFactory()
    factories.DeliberationFactory(voie_recours=voie, individuelle=True)
    with pytest.raises(ValidationError, match="ne peuvent être supprimées"):
        services.voie_recours_supprimer(instance=voie, par=superuser)
    assert VoieRecours.objects.filter(pk=voie.pk).exists()


def test_l_admin_ajoute_modifie_et_supprime_par_le_service_en_son_nom(client_admin, superuser):
    assert isinstance(admin.site._registry[VoieRecours], ServiceAdmin)
    donnees = {"code": "disciplinaire", "libelle": "Décisions disciplinaires", "texte": TEXTE}
    assert client_admin.post(f"{LISTE}add/", donnees).status_code == 302
    voie = VoieRecours.objects.get(code="disciplinaire")
    reponse = client_admin.post(f"{LISTE}{voie.pk}/change/", {**donnees, "texte": "Délai de deux mois."})
    assert reponse.status_code == 302
    voie.refresh_from_db()
    assert voie.texte == "Délai de deux mois."
    assert client_admin.post(f"{LISTE}{voie.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not VoieRecours.objects.filter(pk=voie.pk).exists()
    versions = VoieRecours.history.filter(id=voie.pk).order_by("history_id")
    assert [v.history_type for v in versions] == ["+", "~", "-"]
    assert {v.history_user for v in versions} == {superuser}
