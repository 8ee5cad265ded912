"""Uploaded documents: checked by their content and size, stored privately, streamed back after a permission check.

The first users are the hardship exemption requests of cotisations; the trésorerie (receipts) and the entraide
(a file's documents) use the same three steps:

1. the service calls `verifier_fichier(fichier, types=..., taille_max=...)` for each upload before it writes
   anything: the type is judged by the first bytes of the file (its "magic number"), never by its name nor by the
   content type the browser sent; a refusal is a French `ValidationError` naming the file and what to do;
2. around its transaction it opens `stockage(dossier)` and stores each checked file with the `ranger` it yields:
   the file goes under MEDIA_ROOT (the default storage) with a random name, never the name the user gave (kept
   in the database for the download); MEDIA_ROOT is never served (settings.MEDIA_URL is None); if the act fails
   inside the block the stored files are removed, so that a refused act leaves no file behind;
3. a view asks the permission helper, then answers `reponse_fichier(...)`: streamed, as an attachment, with the
   content type judged at upload and `X-Content-Type-Options: nosniff`.
"""

import hashlib
import os
import unicodedata
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404


@dataclass(frozen=True)
class TypeFichier:
    code: str
    libelle: str
    type_contenu: str
    extension: str
    signatures: tuple[bytes, ...]


TYPES_FICHIERS: dict[str, TypeFichier] = {
    "pdf": TypeFichier("pdf", "PDF", "application/pdf", ".pdf", (b"%PDF-",)),
    "jpeg": TypeFichier("jpeg", "JPEG", "image/jpeg", ".jpg", (b"\xff\xd8\xff",)),
    "png": TypeFichier("png", "PNG", "image/png", ".png", (b"\x89PNG\r\n\x1a\n",)),
}
TYPES_DOCUMENTS = ("pdf", "jpeg", "png")
TAILLE_EN_TETE = 16


@dataclass(frozen=True)
class FichierVerifie:
    """An upload that passed the checks: what the database keeps about it, and the file itself to store."""

    fichier: object
    nom: str
    taille: int
    type: TypeFichier
    sha256: str


def taille_lisible(octets: int) -> str:
    """« 10 Mo », « 512 ko », « 300 octets » (French units, decimal comma)."""
    if octets >= 1024 * 1024:
        valeur = octets / (1024 * 1024)
        texte = f"{valeur:.1f}".rstrip("0").rstrip(".")
        return f"{texte.replace('.', ',')} Mo"
    if octets >= 1024:
        return f"{round(octets / 1024)} ko"
    return f"{octets} octet{'s' if octets > 1 else ''}"


def taille_max_par_defaut() -> int:
    return settings.FICHIERS_TAILLE_MAX


def nom_propre(nom: str) -> str:
    """The user's file name without any folder, control character nor quote (shown back and used in downloads)."""
    nom = os.path.basename((nom or "").replace("\\", "/"))
    nom = "".join(c for c in unicodedata.normalize("NFC", nom) if c.isprintable() and c not in '"<>')
    return nom.strip()[:200] or "document"


def _type_du_contenu(debut: bytes, types) -> TypeFichier | None:
    for code in types:
        genre = TYPES_FICHIERS[code]
        if any(debut.startswith(s) for s in genre.signatures):
            return genre
    return None


def verifier_fichier(fichier, *, types=TYPES_DOCUMENTS, taille_max: int | None = None, champ: str = "fichiers"):
    """Check one upload by its content and size; return a `FichierVerifie` (with its SHA-256) or raise a French
    ValidationError on `champ` that names the file and says what to fix."""
    taille_max = taille_max or taille_max_par_defaut()
    nom = nom_propre(getattr(fichier, "name", ""))
    acceptes = ", ".join(TYPES_FICHIERS[t].libelle for t in types)
    taille = getattr(fichier, "size", None) or 0
    if taille == 0:
        raise ValidationError({champ: [f"Le fichier « {nom} » est vide : joignez le document lui-même."]})
    if taille > taille_max:
        raise ValidationError(
            {
                champ: [
                    f"Le fichier « {nom} » pèse {taille_lisible(taille)} : la limite est de "
                    f"{taille_lisible(taille_max)} par fichier. Réduisez-le (numérisation en 150 ppp, en noir et "
                    "blanc) ou scindez-le."
                ]
            }
        )
    fichier.seek(0)
    debut = fichier.read(TAILLE_EN_TETE)
    genre = _type_du_contenu(debut, types)
    if genre is None:
        raise ValidationError(
            {
                champ: [
                    f"Le fichier « {nom} » n'est pas un document {acceptes} d'après son contenu (quel que soit son "
                    f"nom) : joignez un document {acceptes}."
                ]
            }
        )
    empreinte = hashlib.sha256(debut)
    for morceau in iter(lambda: fichier.read(64 * 1024), b""):
        empreinte.update(morceau)
    fichier.seek(0)
    return FichierVerifie(fichier=fichier, nom=nom, taille=taille, type=genre, sha256=empreinte.hexdigest())


@contextmanager
def stockage(dossier: str):
    """Store files under MEDIA_ROOT/<dossier>/ with random names while the caller writes its rows; if anything
    raises inside the block (a refusal, a failed constraint), the files stored so far are removed again, so that a
    refused act leaves no file behind. Use it around the service's `transaction.atomic()`:

        with stockage("cotisations/exonerations") as ranger, transaction.atomic():
            piece.fichier.name = ranger(verifie)
    """
    noms: list[str] = []

    def ranger(verifie: FichierVerifie) -> str:
        verifie.fichier.seek(0)
        nom = default_storage.save(f"{dossier.strip('/')}/{uuid.uuid4().hex}{verifie.type.extension}", verifie.fichier)
        noms.append(nom)
        return nom

    try:
        yield ranger
    except BaseException:
        for nom in noms:
            default_storage.delete(nom)
        raise


def reponse_fichier(nom_stocke: str, *, nom: str, type_contenu: str) -> FileResponse:
    """Stream a stored file as an attachment (after the caller asked the permission helper). 404 if it is gone."""
    if not nom_stocke or not default_storage.exists(nom_stocke):
        raise Http404("Ce document n'est plus disponible.")
    reponse = FileResponse(
        default_storage.open(nom_stocke, "rb"), as_attachment=True, filename=nom, content_type=type_contenu
    )
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "private, no-store"
    return reponse
