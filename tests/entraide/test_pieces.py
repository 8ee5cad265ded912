"""The documents of a request: PDF, JPEG or PNG judged by content, 10 MB at most, else 400 and nothing written
(no row, no file); stored encrypted; the applicant adds to his own request and sees the names of what he joined;
readers download (the read logged); anybody else 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commun.models import JournalAcces
from entraide.models import PieceDemande
from tests import factories

URL = "/api/entraide/demandes/"
PDF = b"%PDF-1.4\nAvis d'imposition 2025 : revenu fiscal de reference 14 320 euros\n%%EOF"


def _fichiers(settings):
    racine = settings.MEDIA_ROOT
    return [p for p in racine.rglob("*") if p.is_file()] if racine.exists() else []


def _deposer(client, user, demande, nom="avis-imposition.pdf", contenu=PDF):
    client.force_authenticate(user)
    return client.post(f"{URL}{demande.pk}/pieces/", {"fichier": SimpleUploadedFile(nom, contenu)}, format="multipart")


@pytest.mark.django_db
def test_le_demandeur_joint_un_document_a_sa_demande_et_en_voit_le_nom(api_client, demande, demandeur, settings):
    reponse = _deposer(api_client, demandeur.user, demande)
    assert reponse.status_code == 201, reponse.content
    assert reponse.json()["nom"] == "avis-imposition.pdf"
    liste = api_client.get(f"{URL}{demande.pk}/pieces/").json()
    assert [p["nom"] for p in liste] == ["avis-imposition.pdf"]
    (fichier,) = _fichiers(settings)
    assert b"imposition" not in fichier.read_bytes()
    piece = PieceDemande.objects.get()
    assert api_client.get(f"{URL}{demande.pk}/pieces/{piece.pk}/").status_code == 404  # he does not read it back


@pytest.mark.django_db
def test_un_lecteur_telecharge_le_document_dechiffre_et_la_lecture_est_consignee(
    api_client, commission, demande, demandeur
):
    _deposer(api_client, demandeur.user, demande)
    piece = PieceDemande.objects.get()
    api_client.force_authenticate(commission.elu)
    reponse = api_client.get(f"{URL}{demande.pk}/pieces/{piece.pk}/", REMOTE_ADDR="203.0.113.9")
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content) == PDF
    assert reponse["Content-Type"] == "application/pdf"
    ligne = JournalAcces.objects.get(action="entraide.piece_lire")
    assert (ligne.utilisateur, ligne.objet_id, ligne.adresse, ligne.accorde) == (
        commission.elu,
        str(piece.pk),
        "203.0.113.9",
        True,
    )


@pytest.mark.django_db
def test_le_tresorier_ne_telecharge_pas_et_sa_tentative_est_consignee(api_client, commission, demande, demandeur):
    _deposer(api_client, demandeur.user, demande)
    piece = PieceDemande.objects.get()
    api_client.force_authenticate(commission.tresorier)
    assert api_client.get(f"{URL}{demande.pk}/pieces/{piece.pk}/").status_code == 404
    assert JournalAcces.objects.get().accorde is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    "nom,contenu",
    [
        ("avis.pdf", b"MZ\x90\x00 un executable deguise"),
        ("photo.png", b"GIF89a pas un png"),
        ("vide.pdf", b""),
    ],
)
def test_un_document_qui_n_est_pas_pdf_jpeg_png_est_refuse_sans_rien_ecrire(
    api_client, demande, demandeur, settings, nom, contenu
):
    reponse = _deposer(api_client, demandeur.user, demande, nom=nom, contenu=contenu)
    assert reponse.status_code == 400
    assert "fichier" in reponse.json()
    assert not PieceDemande.objects.exists() and _fichiers(settings) == []


@pytest.mark.django_db
def test_un_document_de_plus_de_10_mo_est_refuse_sans_rien_ecrire(api_client, demande, demandeur, settings):
    settings.FICHIERS_TAILLE_MAX = 10 * 1024 * 1024
    gros = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)
    reponse = _deposer(api_client, demandeur.user, demande, contenu=gros)
    assert reponse.status_code == 400
    assert "10 Mo" in reponse.json()["fichier"][0]
    assert not PieceDemande.objects.exists() and _fichiers(settings) == []


@pytest.mark.django_db
def test_un_autre_medecin_ne_joint_rien_a_la_demande_d_un_confrere(api_client, demande, settings):
    autre = factories.MedecinFactory(avec_compte=True).user
    assert _deposer(api_client, autre, demande).status_code == 404
    assert not PieceDemande.objects.exists() and _fichiers(settings) == []
