"""The documents of a file (issue 12 point 1): PDF, JPEG or PNG judged by content, at most FICHIERS_TAILLE_MAX,
stored encrypted (the media folder never holds them in clear); streamed to a reader only, the read logged."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from commun.models import JournalAcces
from conciliation.models import PiecePlainte
from tests import factories

pytestmark = pytest.mark.django_db
J = datetime.date
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% Courrier de Mme Fontaine : dossier medical refuse\n%%EOF\n"


def _deposer(api, plainte, contenu=PDF, nom="courrier-plaignante.pdf"):
    return api.post(
        f"/api/conciliation/plaintes/{plainte.pk}/pieces/",
        {"fichier": SimpleUploadedFile(nom, contenu, content_type="application/pdf")},
        format="multipart",
    )


def test_une_piece_est_stockee_chiffree_et_relue_en_clair_par_un_lecteur(client_juridique, au):
    plainte = factories.PlainteFactory()
    r = _deposer(client_juridique, plainte)
    assert r.status_code == 201, r.json()
    piece = PiecePlainte.objects.get()
    assert (piece.nom_original, piece.type_contenu, piece.taille, piece.deposee_le) == (
        "courrier-plaignante.pdf",
        "application/pdf",
        len(PDF),
        J(2026, 3, 2),
    )
    with default_storage.open(piece.fichier.name, "rb") as f:
        brut = f.read()
    assert b"dossier medical" not in brut and b"%PDF" not in brut
    r = client_juridique.get(f"/api/conciliation/plaintes/{plainte.pk}/pieces/{piece.pk}/")
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == PDF
    journal = JournalAcces.objects.get()
    assert (journal.action, journal.objet_id, journal.type_objet.model) == (
        "conciliation.plainte_lire",
        str(piece.pk),
        "pieceplainte",
    )


def test_un_fichier_qui_n_est_pas_un_document_est_refuse(client_juridique, au):
    plainte = factories.PlainteFactory()
    r = _deposer(client_juridique, plainte, contenu=b"MZ\x90\x00 executable", nom="courrier.pdf")
    assert r.status_code == 400 and "PDF" in r.json()["fichier"][0]
    assert not PiecePlainte.objects.exists()


def test_un_fichier_trop_lourd_est_refuse_et_rien_n_est_stocke(client_juridique, au, settings, tmp_path):
    settings.FICHIERS_TAILLE_MAX = 1024
    plainte = factories.PlainteFactory()
    r = _deposer(client_juridique, plainte, contenu=PDF + b"0" * 2048)
    assert r.status_code == 400 and "limite" in r.json()["fichier"][0]
    assert not PiecePlainte.objects.exists()
    dossier = settings.MEDIA_ROOT / "conciliation"
    assert not dossier.exists() or not any(dossier.rglob("*.*"))


def test_le_medecin_mis_en_cause_ne_telecharge_pas_la_piece(api_client, au):
    plainte = factories.PlainteFactory(medecin=factories.MedecinFactory(avec_compte=True))
    piece = factories.PiecePlainteFactory(plainte=plainte)
    api_client.force_authenticate(plainte.medecin.user)
    assert api_client.get(f"/api/conciliation/plaintes/{plainte.pk}/pieces/{piece.pk}/").status_code == 404
    assert _deposer(api_client, plainte).status_code == 404
    assert not JournalAcces.objects.exists()
