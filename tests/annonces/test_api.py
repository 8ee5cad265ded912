"""/api/annonces/ as CONTRACT.md writes it: fields, the anonymous visitor's published ads only (end date not
passed), the author's PATCH and acts, the moderators' acts, 403 for an author publishing his own ad, 400 for a
refusal without motif, 404 for what the visitor may not see."""

import datetime

import pytest
from django.utils import timezone

from annonces.models import Annonce
from tests import factories
from tests.annonces.conftest import JOUR, contenu

pytestmark = pytest.mark.django_db

CHAMPS = {"id", "auteur", "categorie", "sens", "titre", "texte", "commune", "date_debut", "date_fin", "statut", "motif"}


@pytest.fixture(autouse=True)
def _jour(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: JOUR)


def _corps(**champs):
    donnees = contenu(**champs)
    return {c: v.isoformat() if isinstance(v, datetime.date) else v for c, v in donnees.items()}


def test_le_medecin_depose_puis_soumet_et_le_moderateur_publie(api_client, auteur, moderateur):
    api_client.force_authenticate(auteur.user)
    reponse = api_client.post("/api/annonces/", _corps(), format="json")
    assert reponse.status_code == 201, reponse.json()
    donnees = reponse.json()
    assert CHAMPS <= set(donnees)
    assert (donnees["auteur"], donnees["statut"], donnees["date_fin"], donnees["motif"]) == (
        auteur.pk,
        "brouillon",
        "2026-08-31",
        "",
    )
    pk = donnees["id"]
    assert api_client.post(f"/api/annonces/{pk}/soumettre/").json()["statut"] == "soumise"
    assert api_client.post(f"/api/annonces/{pk}/publier/").status_code == 403  # his own ad
    api_client.force_authenticate(moderateur)
    reponse = api_client.post(f"/api/annonces/{pk}/publier/")
    assert (reponse.status_code, reponse.json()["statut"]) == (200, "publiee")
    api_client.force_authenticate(None)
    assert api_client.get(f"/api/annonces/{pk}/").json()["statut"] == "publiee"


def test_l_anonyme_ne_voit_que_les_annonces_publiees_non_expirees(api_client, auteur):
    publiee = factories.AnnonceFactory(auteur=auteur, date_fin=JOUR)
    factories.AnnonceFactory(auteur=auteur, date_fin=JOUR - datetime.timedelta(days=1))  # passed yesterday
    brouillon = factories.AnnonceFactory(auteur=auteur, statut="brouillon", publiee_le=None)
    for statut in ("soumise", "refusee", "retiree", "expiree"):
        factories.AnnonceFactory(auteur=auteur, statut=statut, motif="Motif." if statut == "refusee" else "")
    reponse = api_client.get("/api/annonces/")
    assert reponse.status_code == 200
    assert [a["id"] for a in reponse.json()["results"]] == [publiee.pk]
    assert set(reponse.json()) == {"count", "next", "previous", "results"}
    assert api_client.get(f"/api/annonces/{brouillon.pk}/").status_code == 404


def test_le_medecin_voit_ses_annonces_pas_les_brouillons_des_autres(api_client, auteur, confrere):
    brouillon = factories.AnnonceFactory(auteur=auteur, statut="brouillon", publiee_le=None)
    publiee = factories.AnnonceFactory(auteur=confrere)
    api_client.force_authenticate(auteur.user)
    assert {a["id"] for a in api_client.get("/api/annonces/").json()["results"]} == {brouillon.pk, publiee.pk}
    api_client.force_authenticate(confrere.user)
    assert [a["id"] for a in api_client.get("/api/annonces/").json()["results"]] == [publiee.pk]
    assert api_client.get(f"/api/annonces/{brouillon.pk}/").status_code == 404
    assert api_client.patch(f"/api/annonces/{brouillon.pk}/", {"titre": "x"}, format="json").status_code == 404


def test_la_recherche_par_categorie_et_par_commune(api_client, auteur):
    sarlat = factories.AnnonceFactory(auteur=auteur, commune="Sarlat-la-Canéda", categorie="remplacement")
    factories.AnnonceFactory(auteur=auteur, commune="Périgueux", categorie="remplacement")
    factories.AnnonceFactory(auteur=auteur, commune="Sarlat-la-Canéda", categorie="succession")
    reponse = api_client.get("/api/annonces/", {"categorie": "remplacement", "commune": "sarlat la caneda"})
    assert [a["id"] for a in reponse.json()["results"]] == [sarlat.pk]


def test_le_patch_de_l_auteur_et_les_champs_qui_ne_se_modifient_pas(api_client, auteur, confrere):
    annonce = factories.AnnonceFactory(auteur=auteur, statut="brouillon", publiee_le=None)
    api_client.force_authenticate(auteur.user)
    reponse = api_client.patch(f"/api/annonces/{annonce.pk}/", {"titre": "Remplacement l'été"}, format="json")
    assert (reponse.status_code, reponse.json()["titre"]) == (200, "Remplacement l'été")
    reponse = api_client.patch(f"/api/annonces/{annonce.pk}/", {"statut": "publiee", "motif": "x"}, format="json")
    assert reponse.status_code == 400
    assert set(reponse.json()) == {"statut", "motif"}
    assert Annonce.objects.get().statut == "brouillon"
    publiee = factories.AnnonceFactory(auteur=auteur)
    api_client.force_authenticate(confrere.user)
    assert api_client.patch(f"/api/annonces/{publiee.pk}/", {"titre": "x"}, format="json").status_code == 403
    assert api_client.post(f"/api/annonces/{publiee.pk}/retirer/").status_code == 403


def test_une_modification_publiee_attend_et_le_public_garde_le_texte(api_client, auteur, confrere, moderateur):
    annonce = factories.AnnonceFactory(auteur=auteur, titre="Remplacement d'été")
    api_client.force_authenticate(auteur.user)
    reponse = api_client.patch(f"/api/annonces/{annonce.pk}/", {"titre": "Remplacement d'été, logé"}, format="json")
    assert reponse.json()["titre"] == "Remplacement d'été"
    assert reponse.json()["revision"]["titre"] == "Remplacement d'été, logé"
    assert reponse.json()["revision"]["statut"] == "brouillon"
    assert api_client.post(f"/api/annonces/{annonce.pk}/soumettre/").json()["revision"]["statut"] == "soumise"
    for visiteur in (None, confrere.user):
        api_client.force_authenticate(visiteur)
        vue = api_client.get(f"/api/annonces/{annonce.pk}/").json()
        assert (vue["titre"], vue["revision"]) == ("Remplacement d'été", None)
    api_client.force_authenticate(moderateur)
    assert api_client.get(f"/api/annonces/{annonce.pk}/").json()["revision"]["statut"] == "soumise"
    assert api_client.post(f"/api/annonces/{annonce.pk}/publier/").json()["titre"] == "Remplacement d'été, logé"
    api_client.force_authenticate(None)
    assert api_client.get(f"/api/annonces/{annonce.pk}/").json()["titre"] == "Remplacement d'été, logé"


def test_refuser_et_demander_une_correction_exigent_un_motif(api_client, auteur, moderateur):
    annonce = factories.AnnonceFactory(auteur=auteur, statut="soumise", publiee_le=None)
    api_client.force_authenticate(moderateur)
    for acte in ("refuser", "demander-correction"):
        reponse = api_client.post(f"/api/annonces/{annonce.pk}/{acte}/", {}, format="json")
        assert reponse.status_code == 400
        assert "motif" in reponse.json()
    assert Annonce.objects.get().statut == "soumise"
    reponse = api_client.post(
        f"/api/annonces/{annonce.pk}/demander-correction/", {"motif": "Précisez les dates."}, format="json"
    )
    assert (reponse.status_code, reponse.json()["statut"], reponse.json()["motif"]) == (
        200,
        "correction_demandee",
        "Précisez les dates.",
    )
    api_client.force_authenticate(auteur.user)
    assert api_client.get(f"/api/annonces/{annonce.pk}/").json()["motif"] == "Précisez les dates."
    api_client.post(f"/api/annonces/{annonce.pk}/soumettre/")
    api_client.force_authenticate(moderateur)
    reponse = api_client.post(f"/api/annonces/{annonce.pk}/refuser/", {"motif": "Hors déontologie."}, format="json")
    assert (reponse.json()["statut"], reponse.json()["motif"]) == ("refusee", "Hors déontologie.")


def test_un_medecin_ne_modere_pas_et_l_anonyme_n_ecrit_pas(api_client, auteur, confrere):
    annonce = factories.AnnonceFactory(auteur=auteur, statut="soumise", publiee_le=None)
    api_client.force_authenticate(confrere.user)
    assert api_client.post(f"/api/annonces/{annonce.pk}/publier/").status_code == 404  # not his to see
    publiee = factories.AnnonceFactory(auteur=auteur, titre="Succession")
    assert api_client.post(f"/api/annonces/{publiee.pk}/refuser/", {"motif": "x"}, format="json").status_code == 403
    api_client.force_authenticate(None)
    assert api_client.post("/api/annonces/", _corps(), format="json").status_code in (401, 403)
    assert api_client.post(f"/api/annonces/{publiee.pk}/retirer/").status_code in (401, 403)
    assert Annonce.objects.get(pk=publiee.pk).statut == "publiee"


def test_une_date_de_fin_avant_le_debut_repond_400_sur_date_fin(api_client, auteur):
    api_client.force_authenticate(auteur.user)
    reponse = api_client.post("/api/annonces/", _corps(date_fin=datetime.date(2026, 6, 30)), format="json")
    assert reponse.status_code == 400
    assert "précède" in reponse.json()["date_fin"][0]
    reponse = api_client.post("/api/annonces/", _corps(categorie="vente"), format="json")
    assert list(reponse.json()) == ["categorie"]
    assert Annonce.objects.count() == 0
