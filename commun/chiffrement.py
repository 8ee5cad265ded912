"""Encryption at rest of confidential documents (entraide, conciliation, incidents), with the key scheme of the
encrypted fields (django-fernet-encrypted-fields): Fernet keys derived by PBKDF2 from SECRET_KEY and each
SALT_KEY, SECRET_KEY_FALLBACKS and the older salts still decrypting (rotation: put the new key first, re-save).

The fields: `from encrypted_fields.fields import EncryptedTextField, EncryptedJSONField` in the models (history
tables inherit the field class, so they hold cipher text too). The files: `stockage_chiffre(dossier)` replaces
`commun.fichiers.stockage` and `reponse_fichier_chiffre` replaces `reponse_fichier`; the media folder then holds
Fernet tokens only, under random names.
"""

import io
import uuid
from contextlib import contextmanager

from cryptography.fernet import InvalidToken
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from encrypted_fields.fields import (
    EncryptedCharField,
    EncryptedEmailField,
    EncryptedJSONField,
    EncryptedTextField,
)

from commun.fichiers import FichierVerifie

EXTENSION = ".chiffre"


class _VideEnClair:
    """The library stores an empty value as NULL; an optional text of ours stays "" (a string, as CONTRACT.md
    says of free-text fields): only the emptiness is visible, never a character of the text."""

    def get_prep_value(self, value):
        if value == "":
            return ""
        return super().get_prep_value(value)


class TexteChiffre(_VideEnClair, EncryptedTextField):
    """A TextField encrypted at rest (Fernet; history tables too)."""


class ChaineChiffree(_VideEnClair, EncryptedCharField):
    """A CharField encrypted at rest; `max_length` bounds the clear text, the column is a text."""


class CourrielChiffre(_VideEnClair, EncryptedEmailField):
    """An EmailField encrypted at rest."""


class JSONChiffre(EncryptedJSONField):
    """A JSONField encrypted at rest (a questionnaire's structured answers)."""


def _fernet():
    # A fresh field each time: its keys follow the settings (rotation, tests' override_settings); the PBKDF2
    # derivation (100 000 rounds per key) costs a few milliseconds, once per document.
    return EncryptedTextField().f


def chiffrer(donnees: bytes) -> bytes:
    return _fernet().encrypt(donnees)


def dechiffrer(jeton: bytes) -> bytes:
    try:
        return _fernet().decrypt(jeton)
    except InvalidToken:
        raise Http404("Ce document ne peut pas être déchiffré avec les clés en place (DJANGO_SALT_KEY).") from None


@contextmanager
def stockage_chiffre(dossier: str):
    """Like commun.fichiers.stockage, but the stored file is the Fernet token of the upload: a refused act leaves
    no file behind, an accepted one leaves no clear text in the media folder."""
    noms: list[str] = []

    def ranger(verifie: FichierVerifie) -> str:
        verifie.fichier.seek(0)
        jeton = chiffrer(verifie.fichier.read())
        nom = default_storage.save(f"{dossier.strip('/')}/{uuid.uuid4().hex}{EXTENSION}", ContentFile(jeton))
        noms.append(nom)
        return nom

    try:
        yield ranger
    except BaseException:
        for nom in noms:
            default_storage.delete(nom)
        raise


def lire_dechiffre(nom_stocke: str) -> bytes:
    if not nom_stocke or not default_storage.exists(nom_stocke):
        raise Http404("Ce document n'est plus disponible.")
    with default_storage.open(nom_stocke, "rb") as f:
        return dechiffrer(f.read())


def reponse_fichier_chiffre(nom_stocke: str, *, nom: str, type_contenu: str) -> HttpResponse:
    """The clear document, as an attachment, after the caller asked the permission helper (and logged the read)."""
    reponse = FileResponse(
        io.BytesIO(lire_dechiffre(nom_stocke)), as_attachment=True, filename=nom, content_type=type_contenu
    )
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "private, no-store"
    return reponse
