"""The door of the CSV import of the register (CONTRACT.md import_tableau), shared by the command `import_tableau`
and the admin's import page.

Here the file is decoded (UTF-8 with or without BOM, else Windows-1252), split into numbered lines (`,` or `;`)
and each line parsed by the API's `MedecinImportSerializer`, so the import and the API accept and refuse the same
values with the same French messages. The service `tableau.services.tableau_importer` then writes the parsed lines,
all or nothing. This module may import serializers; the services never import it.

Empty cells: a cell left empty leaves the existing value unchanged (an export re-imported changes nothing); the
marker `(vide)` clears an optional field (phone, addresses, e-mail, registration date). On a required field or a
yes/no field the marker is an error of that line.
"""

import codecs
import csv
import datetime
import io

from django.core.exceptions import ValidationError
from rest_framework import serializers as drf_serializers

from .models import CHAMPS_MEDECIN, COLONNES_OBLIGATOIRES_IMPORT
from .serializers import MedecinImportSerializer
from .services import tableau_importer

MARQUEUR_VIDE = "(vide)"

ErreurLigne = tuple[int, str | None, str]


def fichier_importer(*, fichier, par, today: datetime.date) -> dict[str, int]:
    """Read, parse and import a CSV file (`fichier`: a path, bytes or an open file). Raises ValidationError with
    every problem of the file; returns {"crees", "modifies", "inchanges"}."""
    lignes, erreurs = fichier_analyser(fichier)
    return tableau_importer(lignes=lignes, erreurs=erreurs, par=par, today=today)


def fichier_analyser(fichier) -> tuple[list[tuple[int, dict]], list[ErreurLigne]]:
    """The parsed lines `(numero, donnees)` and the parse errors `(numero, champ, message)` of the file.

    A problem of the file itself (encoding, a workbook instead of a CSV, the header) raises ValidationError at
    once: there is nothing to parse."""
    entete, lignes = _lire(fichier)
    _verifier_colonnes(entete)
    analyseur = MedecinImportSerializer()
    valides: list[tuple[int, dict]] = []
    erreurs: list[ErreurLigne] = []
    for numero, cellules in lignes:
        if not any(c.strip() for c in cellules):
            continue  # the empty lines a spreadsheet leaves at the end
        if len(cellules) != len(entete):
            erreurs.append(
                (
                    numero,
                    None,
                    f"{len(cellules)} valeur(s) pour {len(entete)} colonne(s) ; vérifiez le séparateur et les "
                    "guillemets.",
                )
            )
            continue
        brut, erreurs_vide = _cellules(numero, entete, cellules, analyseur.fields)
        erreurs.extend(erreurs_vide)
        try:
            donnees = analyseur.run_validation(brut)
        except drf_serializers.ValidationError as exc:
            # A required field given as "(vide)" was left out of `brut`: its own message says why, not "required".
            marques = {champ for _, champ, _ in erreurs_vide}
            erreurs.extend(e for e in _erreurs_drf(numero, exc.detail) if e[1] not in marques)
            continue
        if erreurs_vide:
            continue
        valides.append((numero, dict(donnees)))
    return valides, erreurs


def _cellules(numero: int, entete: list[str], cellules: list[str], champs) -> tuple[dict, list[ErreurLigne]]:
    """The non-empty cells of a line, the marker `(vide)` turned into the field's empty value."""
    brut: dict = {}
    erreurs: list[ErreurLigne] = []
    for colonne, valeur in zip(entete, cellules, strict=True):
        valeur = valeur.strip()
        if colonne == "id" or not valeur:
            continue  # the id is the database's; an empty cell leaves the value unchanged
        if valeur.casefold() == MARQUEUR_VIDE:
            champ = champs[colonne]
            if getattr(champ, "allow_blank", False):
                brut[colonne] = ""
            elif champ.allow_null:
                brut[colonne] = None
            else:
                erreurs.append(
                    (
                        numero,
                        colonne,
                        f"« {MARQUEUR_VIDE} » efface un champ facultatif ; celui-ci ne peut pas être effacé : "
                        "donnez sa valeur.",
                    )
                )
            continue
        brut[colonne] = valeur
    return brut, erreurs


def _erreurs_drf(numero: int, detail) -> list[ErreurLigne]:
    if isinstance(detail, dict):
        return [
            (numero, None if champ in ("non_field_errors", "detail") else champ, str(message))
            for champ, messages in detail.items()
            for message in (messages if isinstance(messages, list | tuple) else [messages])
        ]
    return [(numero, None, str(message)) for message in (detail if isinstance(detail, list) else [detail])]


def _decoder(brut: bytes) -> str:
    """UTF-8 with or without BOM, else Windows-1252 (what Excel writes as "CSV" on a French Windows)."""
    if brut.startswith(b"PK\x03\x04"):
        raise ValidationError(
            "Le fichier n'est pas un CSV mais un classeur (XLSX) : enregistrez-le au format « CSV UTF-8 » "
            "ou « CSV (séparateur : point-virgule) »."
        )
    if brut.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in brut:
        raise ValidationError(
            "Encodage du fichier non pris en charge (UTF-16 ou fichier binaire) : enregistrez-le en CSV UTF-8 "
            "ou Windows-1252."
        )
    if brut.startswith(codecs.BOM_UTF8):
        brut = brut[len(codecs.BOM_UTF8) :]
    try:
        return brut.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return brut.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            "Encodage du fichier non reconnu : enregistrez-le en CSV UTF-8 ou Windows-1252 (octet "
            f"0x{brut[exc.start]:02x} en position {exc.start})."
        ) from exc


def _lire(fichier) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the numbered rows of the file (the header is line 1); `fichier` is a path, bytes or a file."""
    if isinstance(fichier, bytes):
        brut = fichier
    elif hasattr(fichier, "read"):
        brut = fichier.read()
        brut = brut.encode("utf-8") if isinstance(brut, str) else brut
    else:
        with open(fichier, "rb") as f:
            brut = f.read()
    texte = _decoder(brut)
    premiere_ligne = texte.split("\n", 1)[0]
    # The header holds only field names, so the delimiter is whichever of ";" and "," it contains.
    separateur = ";" if premiere_ligne.count(";") > premiere_ligne.count(",") else ","
    lignes = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur)
    try:
        entete = next(lignes)
    except StopIteration:
        raise ValidationError("Le fichier est vide : la première ligne doit nommer les colonnes.") from None
    return [c.strip().lower() for c in entete], [(n, ligne) for n, ligne in enumerate(lignes, start=2)]


def _verifier_colonnes(entete: list[str]) -> None:
    erreurs = []
    vides = [str(i) for i, c in enumerate(entete, start=1) if not c]
    if vides:
        erreurs.append(f"Ligne 1 : colonne sans nom (colonne n° {', '.join(vides)}).")
    doublons = sorted({c for c in entete if c and entete.count(c) > 1})
    if doublons:
        erreurs.append(f"Ligne 1 : colonne en double : {', '.join(doublons)}.")
    inconnues = [c for c in entete if c and c not in CHAMPS_MEDECIN]
    if inconnues:
        erreurs.append(
            f"Ligne 1 : colonne(s) inconnue(s) : {', '.join(inconnues)}. "
            f"Colonnes acceptées : {', '.join(CHAMPS_MEDECIN)}."
        )
    manquantes = [c for c in COLONNES_OBLIGATOIRES_IMPORT if c not in entete]
    if manquantes:
        erreurs.append(f"Ligne 1 : colonne(s) obligatoire(s) manquante(s) : {', '.join(manquantes)}.")
    if erreurs:
        raise ValidationError(erreurs)
