"""A doctor answers an ad through a message that reaches its author by e-mail (commun.Envoi, Celery): the sender
never sees the author's address, and the sender's address goes to the author alone."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from annonces import services
from annonces.models import MessageAnnonce
from commun.models import Envoi
from tests import factories
from tests.annonces.conftest import JOUR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _jour(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: JOUR)


def test_le_message_parvient_a_l_auteur_avec_l_adresse_de_l_expediteur(
    auteur, confrere, django_capture_on_commit_callbacks
):
    annonce = factories.AnnonceFactory(auteur=auteur, titre="Remplacement à Sarlat")
    with django_capture_on_commit_callbacks(execute=True):
        services.annonce_repondre(annonce_id=annonce.pk, texte="Disponible en juillet.", par=confrere.user, today=JOUR)
    (courriel,) = mail.outbox
    assert courriel.to == [auteur.email]
    assert courriel.reply_to == [confrere.email]
    assert "Disponible en juillet." in courriel.body
    assert confrere.email in courriel.body and "Ménard".upper() in courriel.body
    assert Envoi.objects.get().etat == "envoye"


def test_la_page_de_l_annonce_ne_montre_pas_l_adresse_de_l_auteur(client, auteur, confrere):
    annonce = factories.AnnonceFactory(auteur=auteur)
    client.force_login(confrere.user)
    page = client.get(f"/annonces/{annonce.pk}/")
    assert page.status_code == 200
    assert "Envoyer le message" in page.content.decode()
    reponse = client.post(f"/annonces/{annonce.pk}/", {"texte": "Je suis intéressé."}, follow=True)
    contenu = reponse.content.decode()
    assert "Votre message est transmis" in contenu
    assert auteur.email not in contenu and auteur.rpps not in contenu
    assert MessageAnnonce.objects.get().expediteur == confrere
    # The API answers the same, without the address.
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(confrere.user)
    reponse = api.post(f"/api/annonces/{annonce.pk}/repondre/", {"texte": "Et en août ?"}, format="json")
    assert reponse.status_code == 201
    assert auteur.email not in reponse.content.decode()


def test_l_auteur_ne_s_ecrit_pas_et_le_personnel_non_plus(auteur, moderateur):
    annonce = factories.AnnonceFactory(auteur=auteur)
    with pytest.raises(ValidationError, match="votre annonce"):
        services.annonce_repondre(annonce_id=annonce.pk, texte="Moi", par=auteur.user, today=JOUR)
    with pytest.raises(PermissionDenied):
        services.annonce_repondre(annonce_id=annonce.pk, texte="Accueil", par=moderateur, today=JOUR)
    assert (MessageAnnonce.objects.count(), Envoi.objects.count()) == (0, 0)


def test_une_annonce_non_publiee_ne_recoit_pas_de_message(auteur, confrere):
    for statut in ("brouillon", "soumise", "retiree", "expiree"):
        annonce = factories.AnnonceFactory(auteur=auteur, statut=statut)
        with pytest.raises(ValidationError, match="plus publiée"):
            services.annonce_repondre(annonce_id=annonce.pk, texte="Bonjour", par=confrere.user, today=JOUR)
    assert (MessageAnnonce.objects.count(), Envoi.objects.count()) == (0, 0)


def test_un_message_vide_est_refuse(auteur, confrere):
    annonce = factories.AnnonceFactory(auteur=auteur)
    with pytest.raises(ValidationError) as err:
        services.annonce_repondre(annonce_id=annonce.pk, texte="   ", par=confrere.user, today=JOUR)
    assert "texte" in err.value.message_dict
    assert MessageAnnonce.objects.count() == 0


def test_l_anonyme_est_invite_a_se_connecter_pour_ecrire(client, auteur):
    annonce = factories.AnnonceFactory(auteur=auteur)
    page = client.get(f"/annonces/{annonce.pk}/")
    assert "connectés à leur espace médecin" in page.content.decode()
    reponse = client.post(f"/annonces/{annonce.pk}/", {"texte": "Bonjour"})
    assert reponse.status_code == 302 and "/espace/connexion/" in reponse["Location"]
    assert MessageAnnonce.objects.count() == 0
