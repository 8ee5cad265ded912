"""The skeleton's promise, checked on the database itself: the questionnaire and the commission's notes are stored
as Fernet tokens (history table included), and a file stored through commun.chiffrement holds no clear byte."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from commun.chiffrement import lire_dechiffre, stockage_chiffre
from commun.fichiers import verifier_fichier
from entraide.services import demande_deposer
from tests import factories

SECRET = "Dettes URSSAF de 23 456 euros, procédure de redressement ouverte"


@pytest.mark.django_db
def test_la_situation_et_les_natures_ne_sont_pas_en_clair_dans_la_base(systeme):
    medecin = factories.MedecinFactory()
    demande = demande_deposer(
        medecin=medecin,
        natures=["financiere", "psychologique"],
        situation=SECRET,
        par=systeme,
        today=datetime.date(2026, 3, 2),
    )
    with connection.cursor() as c:
        c.execute("SELECT situation, natures FROM entraide_demande WHERE id = %s", [demande.pk])
        situation, natures = c.fetchone()
        c.execute("SELECT situation FROM entraide_historicaldemande WHERE id = %s", [demande.pk])
        historique = c.fetchone()[0]
    assert "URSSAF" not in situation and situation.startswith("gAAAAA")
    assert "psychologique" not in natures
    assert "URSSAF" not in historique
    demande.refresh_from_db()
    assert demande.situation == SECRET and demande.natures == ["financiere", "psychologique"]


@pytest.mark.django_db
def test_un_fichier_range_chiffre_ne_contient_aucun_octet_en_clair(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    contenu = b"%PDF-1.4\n" + SECRET.encode() + b"\n%%EOF"
    verifie = verifier_fichier(SimpleUploadedFile("impots.pdf", contenu))
    with stockage_chiffre("entraide/pieces") as ranger:
        nom = ranger(verifie)
    brut = (tmp_path / nom).read_bytes()
    assert b"URSSAF" not in brut and b"%PDF" not in brut
    assert lire_dechiffre(nom) == contenu
    default_storage.delete(nom)
