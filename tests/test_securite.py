"""Security checks that span the apps: lockout on every login door, no open redirect, CSRF on session writes,
the annuaire never finding an opposed doctor through a contact detail."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tableau.models import Medecin
from tests import factories

pytestmark = pytest.mark.django_db

LIMITE = 5


@pytest.fixture(autouse=True)
def _limite(settings):
    settings.AXES_FAILURE_LIMIT = LIMITE


def test_apres_cinq_echecs_le_jeton_de_l_api_est_refuse_meme_avec_le_bon_mot_de_passe(medecin):
    client = APIClient()
    url = reverse("api-token")
    assert client.post(url, {"username": medecin.rpps, "password": factories.MOT_DE_PASSE}).status_code == 200
    for _ in range(LIMITE):
        assert client.post(url, {"username": medecin.rpps, "password": "mauvais"}).status_code == 400
    reponse = client.post(url, {"username": medecin.rpps, "password": factories.MOT_DE_PASSE})
    assert reponse.status_code in (400, 403, 429)
    assert "token" not in reponse.json()


def test_apres_cinq_echecs_la_connexion_au_back_office_est_bloquee(client, staff_tableau):
    url = reverse("admin:login")
    for _ in range(LIMITE):
        client.post(url, {"username": staff_tableau.username, "password": "mauvais"})
    reponse = client.post(url, {"username": staff_tableau.username, "password": factories.MOT_DE_PASSE})
    assert reponse.status_code == 429
    assert "_auth_user_id" not in client.session


def test_le_verrouillage_d_un_compte_ne_bloque_pas_un_autre_compte(client, medecin, autre_medecin):
    url = reverse("espace:connexion")
    for _ in range(LIMITE):
        client.post(url, {"username": medecin.rpps, "password": "mauvais"})
    reponse = client.post(url, {"username": autre_medecin.rpps, "password": factories.MOT_DE_PASSE})
    assert reponse.status_code == 302
    assert client.session["_auth_user_id"] == str(autre_medecin.user.pk)


@pytest.mark.parametrize("suivant", ["https://pirate.example/", "//pirate.example/", "https:/\\pirate.example"])
def test_la_connexion_ne_renvoie_jamais_vers_un_autre_site(client, medecin, suivant):
    reponse = client.post(
        reverse("espace:connexion"),
        {"username": medecin.rpps, "password": factories.MOT_DE_PASSE, "next": suivant},
    )
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("espace:accueil")


def test_la_connexion_suit_un_next_du_site(client, medecin):
    suivant = reverse("espace:coordonnees")
    reponse = client.post(
        reverse("espace:connexion") + f"?next={suivant}",
        {"username": medecin.rpps, "password": factories.MOT_DE_PASSE, "next": suivant},
    )
    assert reponse["Location"] == suivant


def test_l_api_en_session_exige_le_jeton_csrf_pour_ecrire(medecin):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(medecin.user)
    assert client.get(f"/api/medecins/{medecin.pk}/").status_code == 200
    reponse = client.patch(f"/api/medecins/{medecin.pk}/", {"telephone": "0553000000"}, format="json")
    assert reponse.status_code == 403
    assert "CSRF" in reponse.json()["detail"]
    assert Medecin.objects.get(pk=medecin.pk).telephone != "0553000000"


@pytest.mark.parametrize("saisie", ["telephone", "ville", "adresse"])
def test_l_annuaire_ne_retrouve_pas_un_medecin_oppose_par_ses_coordonnees(client, saisie):
    factories.MedecinFactory(
        nom="Discret",
        opposition_annuaire=True,
        telephone="0553998877",
        adresse_professionnelle="7 impasse Secrète",
        ville_professionnelle="Ribérac",
    )
    valeur = {"telephone": "0553998877", "ville": "Ribérac", "adresse": "impasse Secrète"}[saisie]
    for params in ({"q": valeur}, {"ville": valeur}):
        html = client.get(reverse("annuaire:recherche"), params).content.decode()
        assert "DISCRET" not in html, params
