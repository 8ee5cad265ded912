"""python manage.py compte_medecin RPPS [--password PW] (CONTRACT.md) and its service compte_medecin_creer."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from commun.models import Envoi, NatureEnvoi
from tableau.models import Medecin
from tableau.services import compte_medecin_creer
from tests import factories

pytestmark = pytest.mark.django_db
User = get_user_model()


def se_connecte(client, rpps, password) -> bool:
    # Through the login page: django-axes needs the request that client.login() does not give.
    client.post("/espace/connexion/", {"username": rpps, "password": password})
    return "_auth_user_id" in client.session


def commande(*args):
    sortie = StringIO()
    call_command("compte_medecin", *args, stdout=sortie)
    return sortie.getvalue()


@pytest.fixture
def envois(django_capture_on_commit_callbacks):
    """Run the sending tasks the block's commits enqueue (eager in the tests): the link leaves from a task."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_avec_un_mot_de_passe_le_compte_est_cree_avec_le_rpps_pour_identifiant(client):
    medecin = factories.MedecinFactory()
    sortie = commande(medecin.rpps, "--password", "Perigueux-2027-solide")
    user = User.objects.get(username=medecin.rpps)
    medecin.refresh_from_db()
    assert medecin.user == user
    assert user.email == medecin.email
    assert user.check_password("Perigueux-2027-solide")
    assert "mot de passe enregistré" in sortie
    assert not Envoi.objects.exists()
    assert se_connecte(client, medecin.rpps, "Perigueux-2027-solide")


def test_sans_mot_de_passe_le_compte_est_inutilisable_et_le_medecin_recoit_un_lien(client, settings, envois):
    settings.SITE_URL = "https://cdom24.example"
    medecin = factories.MedecinFactory()
    with envois():
        sortie = commande(medecin.rpps)
    assert f"lien pour choisir le mot de passe envoyé à {medecin.email}" in sortie
    user = User.objects.get(username=medecin.rpps)
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [medecin.email]
    assert medecin.rpps in message.body
    assert message.body.startswith(f"Bonjour Docteur {medecin.prenom} {medecin.nom.upper()},")
    assert "Dordogne" in message.body  # signed by the council
    lien = re.search(r"https://cdom24\.example(/espace/mot-de-passe/choisir/\S+/)", message.body).group(1)
    formulaire = client.get(lien, follow=True).redirect_chain[-1][0]
    reponse = client.post(
        formulaire, {"new_password1": "Mon-premier-mot-2027", "new_password2": "Mon-premier-mot-2027"}, follow=True
    )
    assert "Mot de passe enregistré" in reponse.content.decode()
    assert se_connecte(client, medecin.rpps, "Mon-premier-mot-2027")


def test_un_compte_existant_est_mis_a_jour_et_son_courriel_suit_la_fiche():
    medecin = factories.MedecinFactory(avec_compte=True)
    medecin.user.email = "ancienne@exemple.fr"
    medecin.user.save()
    commande(medecin.rpps, "--password", "Un-autre-mot-2027-x")
    assert User.objects.filter(username=medecin.rpps).count() == 1
    medecin.user.refresh_from_db()
    assert medecin.user.email == medecin.email
    assert medecin.user.check_password("Un-autre-mot-2027-x")


def test_le_rattachement_du_compte_est_trace_dans_l_historique_de_la_fiche():
    medecin = factories.MedecinFactory()
    compte_medecin_creer(rpps=medecin.rpps, password="Perigueux-2027-solide", par=factories.systeme())
    dernier = Medecin.objects.get(pk=medecin.pk).history.first()
    assert dernier.user_id == User.objects.get(username=medecin.rpps).pk
    assert dernier.history_user.username == "systeme"


def test_un_rpps_inconnu_est_une_erreur_en_francais():
    with pytest.raises(CommandError, match="Aucun médecin n'est inscrit au tableau avec le numéro RPPS"):
        commande(factories.rpps_valide(999_999))
    assert not User.objects.exclude(username="systeme").exists()


def test_un_rpps_mal_forme_est_une_erreur_en_francais():
    with pytest.raises(CommandError, match="11 chiffres"):
        commande("123")


def test_un_mot_de_passe_trop_faible_est_refuse_par_les_validateurs_en_francais():
    medecin = factories.MedecinFactory()
    with pytest.raises(CommandError, match="Ce mot de passe est trop court"):
        commande(medecin.rpps, "--password", "1234")
    assert not User.objects.filter(username=medecin.rpps).exists()
    medecin.refresh_from_db()
    assert medecin.user is None


def test_sans_mot_de_passe_ni_courriel_le_lien_ne_peut_pas_partir():
    medecin = factories.MedecinFactory(email="")
    with pytest.raises(ValidationError) as err:
        compte_medecin_creer(rpps=medecin.rpps, par=factories.systeme())
    assert "n'a pas d'adresse électronique" in err.value.message_dict["email"][0]
    assert not User.objects.filter(username=medecin.rpps).exists()
    assert not Envoi.objects.exists()


def test_sans_mot_de_passe_un_compte_existant_perd_son_mot_de_passe_et_recoit_un_lien(envois):
    medecin = factories.MedecinFactory(avec_compte=True)
    with envois():
        commande(medecin.rpps)
    medecin.user.refresh_from_db()
    assert not medecin.user.has_usable_password()
    assert len(mail.outbox) == 1


def test_relancer_la_commande_envoie_un_nouveau_lien_qui_fonctionne(client, envois):
    medecin = factories.MedecinFactory()
    for _ in range(2):
        with envois():
            commande(medecin.rpps)
    user = User.objects.get(username=medecin.rpps)
    assert sorted(Envoi.objects.filter(nature=NatureEnvoi.COMPTE_MEDECIN_LIEN).values_list("lot", flat=True)) == [1, 2]
    assert Envoi.objects.get(lot=2).objet == user and len(mail.outbox) == 2
    # The token is made when the task runs: the last link works (the first died with the password reset again).
    chemin = re.search(r"https?://\S+?(/espace/\S+/)", mail.outbox[1].body).group(1)
    assert client.get(chemin, follow=True).context["validlink"]


def test_le_formulaire_mot_de_passe_oublie_renvoie_un_lien_a_un_compte_qui_n_a_pas_encore_de_mot_de_passe(
    client, envois
):
    medecin = factories.MedecinFactory()
    with envois():
        compte_medecin_creer(rpps=medecin.rpps, par=factories.systeme())
    mail.outbox.clear()
    with envois():
        client.post("/espace/mot-de-passe/", {"email": medecin.rpps})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [medecin.email]
