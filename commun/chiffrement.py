"""Encryption at rest of confidential documents (entraide, conciliation, incidents), with the key scheme of the
encrypted fields (django-fernet-encrypted-fields): Fernet keys derived by PBKDF2 from SECRET_KEY and each
SALT_KEY, SECRET_KEY_FALLBACKS and the older salts still decrypting (rotation: put the new key first, re-save).

The fields: `from encrypted_fields.fields import EncryptedTextField, EncryptedJSONField` in the models (history
tables inherit the field class, so they hold cipher text too). The files: `stockage_chiffre(dossier)` replaces
`commun.fichiers.stockage` and `reponse_fichier_chiffre` replaces `reponse_fichier`; the media folder then holds
Fernet tokens only, under random names.
"""

import io
import json
import posixpath
import uuid
from contextlib import contextmanager

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections, models, router, transaction
from django.http import FileResponse, Http404, HttpResponse
from encrypted_fields.fields import (
    EncryptedCharField,
    EncryptedEmailField,
    EncryptedFieldMixin,
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


# --- rotation: re-encrypt every encrypted value and document under the newest key (README, « Chiffrement ») ---------


def oublier_les_cles() -> None:
    """The encrypted fields derive their keys once per process (cached on each field, history models' copies
    included): forget them, as a restart would, so that the next read or write follows the settings."""
    from django.apps import apps

    for modele in apps.get_models():
        for champ in modele._meta.concrete_fields:
            if isinstance(champ, EncryptedFieldMixin):
                champ.__dict__.pop("keys", None)
                champ.__dict__.pop("f", None)


def _multifernet() -> MultiFernet:
    """Every key (SECRET_KEY then its fallbacks, each with every salt), the first one encrypting."""
    return MultiFernet([Fernet(k) for k in EncryptedTextField().keys])


def _tourner_json(f: MultiFernet, valeur):
    # EncryptedJSONField encrypts each leaf of the structure (the keys of a dict stay as they are).
    if isinstance(valeur, dict):
        return {cle: _tourner_json(f, v) for cle, v in valeur.items()}
    if isinstance(valeur, list):
        return [_tourner_json(f, v) for v in valeur]
    return f.rotate(str(valeur).encode()).decode()


def _tourner(f: MultiFernet, champ, brut: str) -> str | None:
    """The cipher text `brut` of `champ` under the first key; None when there is nothing to rewrite (NULL, the ""
    kept in clear, an empty JSON structure). InvalidToken when no key in place decrypts it."""
    if brut is None or brut == "":
        return None
    if isinstance(champ, models.JSONField):
        valeur = json.loads(brut) if isinstance(brut, str) else brut
        if valeur in ({}, [], None):
            return None
        return json.dumps(_tourner_json(f, valeur))
    return f.rotate(brut.encode()).decode()


def _modeles_chiffres():
    """(model, its encrypted fields) for every installed model, history models included (they are models too)."""
    from django.apps import apps

    for modele in apps.get_models():
        if modele._meta.proxy or not modele._meta.managed:
            continue
        champs = [c for c in modele._meta.concrete_fields if isinstance(c, EncryptedFieldMixin)]
        if champs:
            yield modele, champs


def _champs_fichiers():
    """(model, name of a FileField) for every installed model, and the same column of its history model (where
    django-simple-history turned the FileField into a text field holding the same name)."""
    from django.apps import apps

    for modele in apps.get_models():
        if modele._meta.proxy or not modele._meta.managed:
            continue
        origine = getattr(modele, "instance_type", None) or modele  # a history model names its model
        fichiers = {c.name for c in origine._meta.concrete_fields if isinstance(c, models.FileField)}
        for champ in modele._meta.concrete_fields:
            if champ.name in fichiers:
                yield modele, champ.name


def _bilan_vide():
    return {"lignes": 0, "valeurs": 0, "documents": 0, "absents": 0, "indechiffrables": 0}


def _rechiffrer_valeurs(f, modele, champs, bilan, *, simulation, taille):
    """Rewrite the encrypted columns of `modele` chunk by chunk, in raw SQL (no save, no signal, no history row:
    the content does not change, only its cipher text). Each column is written only if it still holds what was
    read (a write made meanwhile by a user wins)."""
    alias = router.db_for_write(modele)
    connexion = connections[alias]
    q = connexion.ops.quote_name
    table = q(modele._meta.db_table)
    cle = q(modele._meta.pk.column)
    colonnes = ", ".join(q(c.column) for c in champs)
    dernier = None
    while True:
        where = "" if dernier is None else f" WHERE {cle} > %s"
        with connexion.cursor() as curseur:
            curseur.execute(
                f"SELECT {cle}, {colonnes} FROM {table}{where} ORDER BY {cle} LIMIT %s",  # noqa: S608 (model names)
                ([] if dernier is None else [dernier]) + [taille],
            )
            lignes = curseur.fetchall()
        if not lignes:
            return
        dernier = lignes[-1][0]
        ecritures: dict[str, list] = {}
        for ligne in lignes:
            touchee = False
            for champ, brut in zip(champs, ligne[1:], strict=True):
                try:
                    nouveau = _tourner(f, champ, brut)
                except (InvalidToken, ValueError, TypeError):
                    bilan["indechiffrables"] += 1
                    continue
                if nouveau is None:
                    continue
                touchee = True
                bilan["valeurs"] += 1
                ecritures.setdefault(champ.column, []).append((nouveau, ligne[0], brut))
            bilan["lignes"] += touchee
        if simulation or not ecritures:
            continue
        with transaction.atomic(using=alias), connexion.cursor() as curseur:
            for colonne, params in ecritures.items():
                curseur.executemany(
                    f"UPDATE {table} SET {q(colonne)} = %s WHERE {cle} = %s AND {q(colonne)} = %s",  # noqa: S608
                    params,
                )


def _rechiffrer_document(f, nom: str, champs, bilans, *, simulation) -> None:
    """One stored document under the first key, crash-safe: the new token is saved under a NEW random name, then
    every row naming the old one (history rows included) is switched to it in one transaction, and only once that
    transaction commits is the old file deleted. A crash leaves the old name with its old file, or the new one
    (at worst an orphan file, never a row without its document)."""
    porteurs = [(m, c) for m, c in champs if m._base_manager.filter(**{c: nom}).exists()]
    if not default_storage.exists(nom):
        for m, _c in porteurs:
            bilans[m._meta.label]["absents"] += 1
        return
    with default_storage.open(nom, "rb") as fichier:
        jeton = fichier.read()
    try:
        nouveau_jeton = f.rotate(jeton)
    except InvalidToken:
        for m, _c in porteurs:
            bilans[m._meta.label]["indechiffrables"] += 1
        return
    for m, _c in porteurs:
        bilans[m._meta.label]["documents"] += 1
    if simulation:
        return
    dossier = posixpath.dirname(nom)
    nouveau = posixpath.join(dossier, f"{uuid.uuid4().hex}{EXTENSION}")  # the same folder, a new random name
    nouveau = default_storage.save(nouveau, ContentFile(nouveau_jeton))
    try:
        with transaction.atomic():
            changees = sum(m._base_manager.filter(**{c: nom}).update(**{c: nouveau}) for m, c in porteurs)
    except BaseException:
        default_storage.delete(nouveau)
        raise
    if not changees:  # nobody names it any more (removed meanwhile): the new copy is not needed
        default_storage.delete(nouveau)
        return
    transaction.on_commit(lambda: default_storage.delete(nom))


def rechiffrer(*, par, simulation: bool = False, taille: int = 500) -> dict[str, dict[str, int]]:
    """After a key rotation: every value of every encrypted field of every installed model (history included) and
    every document stored by `stockage_chiffre` (a FileField whose name ends with EXTENSION, history rows
    included), rewritten under the first key, so that the old keys can then be dropped. Idempotent: a second run
    rewrites again, under the same key, and loses nothing. `simulation` reads and decrypts everything, writes
    nothing. Returns, per model label, the rows, values and documents rewritten (or to rewrite), the documents
    missing from the media folder and what no key in place decrypts (do not drop the old key while there is any)."""
    from config.perms import exiger

    exiger(par, "commun.rechiffrer")
    oublier_les_cles()
    f = _multifernet()
    bilans: dict[str, dict[str, int]] = {}
    for modele, champs in _modeles_chiffres():
        bilan = bilans.setdefault(modele._meta.label, _bilan_vide())
        _rechiffrer_valeurs(f, modele, champs, bilan, simulation=simulation, taille=taille)
    champs = list(_champs_fichiers())
    noms: set[str] = set()
    for modele, champ in champs:
        bilans.setdefault(modele._meta.label, _bilan_vide())
        noms.update(
            modele._base_manager.filter(**{f"{champ}__endswith": EXTENSION}).values_list(champ, flat=True).distinct()
        )
    for nom in sorted(noms):
        _rechiffrer_document(f, nom, champs, bilans, simulation=simulation)
    return {label: bilan for label, bilan in bilans.items() if any(bilan.values())}
