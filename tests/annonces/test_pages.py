"""The pages: the public /annonces/ (published ads only, search by category and town), the doctor's ads in his
espace (create, edit, submit, withdraw, the moderator's motif), another doctor's ad 404 in the espace."""

import pytest
from django.utils import timezone

from annonces.models import Annonce, RevisionAnnonce
from tests import factories
from tests.annonces.conftest import JOUR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _jour(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: JOUR)


def test_la_page_publique_cherche_par_categorie_et_par_commune(client, auteur):
    factories.AnnonceFactory(auteur=auteur, titre="Remplacement à Sarlat", commune="Sarlat-la-Canéda")
    factories.AnnonceFactory(auteur=auteur, titre="Succession à Périgueux", commune="Périgueux", categorie="succession")
    factories.AnnonceFactory(auteur=auteur, titre="Brouillon caché", statut="brouillon")
    factories.AnnonceFactory(auteur=auteur, titre="Annonce expirée", date_fin=JOUR.replace(day=14))
    page = client.get("/annonces/").content.decode()
    assert "Remplacement à Sarlat" in page and "Succession à Périgueux" in page
    assert "Brouillon caché" not in page and "Annonce expirée" not in page
    page = client.get("/annonces/", {"categorie": "succession"}).content.decode()
    assert "Succession à Périgueux" in page and "Remplacement à Sarlat" not in page
    page = client.get("/annonces/", {"commune": "perigueux"}).content.decode()
    assert "Succession à Périgueux" in page and "Remplacement à Sarlat" not in page
    assert auteur.email not in page


def test_une_annonce_non_publiee_n_a_pas_de_page_publique(client, auteur):
    annonce = factories.AnnonceFactory(auteur=auteur, statut="soumise")
    assert client.get(f"/annonces/{annonce.pk}/").status_code == 404


def test_le_medecin_cree_soumet_et_retire_son_annonce_dans_son_espace(client, auteur, moderateur):
    client.force_login(auteur.user)
    assert "Mes annonces" in client.get("/espace/annonces/").content.decode()
    reponse = client.post(
        "/espace/annonces/nouvelle/",
        {
            "categorie": "collaboration",
            "sens": "offre",
            "titre": "Collaboration en pédiatrie",
            "texte": "Deux jours par semaine.",
            "commune": "Bergerac",
            "date_debut": "2026-09-01",
            "date_fin": "2026-08-01",
        },
    )
    assert reponse.status_code == 400
    assert "précède la date de début" in reponse.content.decode()
    assert Annonce.objects.count() == 0
    reponse = client.post(
        "/espace/annonces/nouvelle/",
        {
            "categorie": "collaboration",
            "sens": "offre",
            "titre": "Collaboration en pédiatrie",
            "texte": "Deux jours par semaine.",
            "commune": "Bergerac",
            "date_debut": "2026-09-01",
        },
        follow=True,
    )
    annonce = Annonce.objects.get()
    assert annonce.statut == "brouillon"
    assert "enregistrée en brouillon" in reponse.content.decode()
    client.post(f"/espace/annonces/{annonce.pk}/", {"acte": "soumettre"})
    assert Annonce.objects.get().statut == "soumise"
    from annonces import services

    services.annonce_demander_correction(
        annonce_id=annonce.pk, motif="Précisez les jours de la semaine.", par=moderateur, today=JOUR
    )
    page = client.get(f"/espace/annonces/{annonce.pk}/").content.decode()
    assert "Précisez les jours de la semaine." in page
    client.post(
        f"/espace/annonces/{annonce.pk}/modifier/",
        {
            "categorie": "collaboration",
            "sens": "offre",
            "titre": "Collaboration en pédiatrie",
            "texte": "Lundi et jeudi.",
            "commune": "Bergerac",
            "date_debut": "2026-09-01",
        },
    )
    assert Annonce.objects.get().texte == "Lundi et jeudi."
    client.post(f"/espace/annonces/{annonce.pk}/", {"acte": "retirer"})
    assert Annonce.objects.get().statut == "retiree"


def test_la_modification_d_une_annonce_publiee_attend_dans_l_espace(client, auteur):
    annonce = factories.AnnonceFactory(auteur=auteur, titre="Remplacement d'été", commune="Sarlat-la-Canéda")
    client.force_login(auteur.user)
    client.post(
        f"/espace/annonces/{annonce.pk}/modifier/",
        {
            "categorie": "remplacement",
            "sens": "offre",
            "titre": "Remplacement d'été, logement fourni",
            "texte": annonce.texte,
            "commune": "Sarlat-la-Canéda",
            "date_debut": "2026-06-01",
        },
    )
    client.post(f"/espace/annonces/{annonce.pk}/", {"acte": "soumettre"})
    assert RevisionAnnonce.objects.get().statut == "soumise"
    page = client.get(f"/espace/annonces/{annonce.pk}/").content.decode()
    assert "Ma modification : soumise à la modération" in page
    client.logout()
    assert "logement fourni" not in client.get(f"/annonces/{annonce.pk}/").content.decode()


def test_l_annonce_d_un_autre_medecin_n_est_pas_dans_mon_espace(client, auteur, confrere):
    annonce = factories.AnnonceFactory(auteur=auteur)
    client.force_login(confrere.user)
    for chemin in (f"/espace/annonces/{annonce.pk}/", f"/espace/annonces/{annonce.pk}/modifier/"):
        assert client.get(chemin).status_code == 404
    assert client.post(f"/espace/annonces/{annonce.pk}/", {"acte": "retirer"}).status_code == 404
    assert Annonce.objects.get().statut == "publiee"
