"""The door of the tracking numbers' CSV (the post office's deposit list, or a sheet typed by staff): parses the file
and hands the service clean rows (cotisations.services.numeros_suivi_importer).

Two columns, separated by « ; » or « , », with a header line: the dues — `reference` (the RF reference printed
on the letter) or `cotisation` (the dues' id) — and `numero_suivi`. UTF-8 (with or without BOM) or Latin-1."""

import csv
import io

from django.core.exceptions import ValidationError

TAILLE_MAX = 5 * 1024 * 1024
COLONNES_DUES = {"reference": "reference", "référence": "reference", "cotisation": "cotisation", "id": "cotisation"}
COLONNES_SUIVI = {"numero_suivi", "numéro_suivi", "numero de suivi", "numéro de suivi", "suivi"}


def _texte(contenu: bytes) -> str:
    for codage in ("utf-8-sig", "latin-1"):
        try:
            return contenu.decode(codage)
        except UnicodeDecodeError:
            continue
    raise ValidationError({"fichier": "Le fichier n'est pas un texte lisible (UTF-8 ou Latin-1)."})


def lire_numeros_suivi(contenu: bytes) -> list[dict]:
    """[{"ligne", "reference" or "cotisation", "numero_suivi"}] from the file; a refusal in French otherwise."""
    if len(contenu) > TAILLE_MAX:
        raise ValidationError({"fichier": "Le fichier dépasse 5 Mo : découpez-le."})
    if b"\x00" in contenu[:4096]:
        raise ValidationError({"fichier": "Ce fichier n'est pas un CSV (contenu binaire)."})
    texte = _texte(contenu)
    if not texte.strip():
        raise ValidationError({"fichier": "Le fichier est vide."})
    try:
        dialecte = csv.Sniffer().sniff(texte.splitlines()[0], delimiters=";,\t")
    except csv.Error:
        dialecte = csv.excel
        dialecte.delimiter = ";"
    lecteur = csv.reader(io.StringIO(texte), dialecte)
    entete = [c.strip().lower() for c in next(lecteur)]
    cle = next((COLONNES_DUES[c] for c in entete if c in COLONNES_DUES), None)
    suivi = next((i for i, c in enumerate(entete) if c in COLONNES_SUIVI), None)
    if cle is None or suivi is None:
        raise ValidationError(
            {
                "fichier": "La première ligne doit nommer les colonnes : « reference » (ou « cotisation ») et "
                "« numero_suivi »."
            }
        )
    colonne = next(i for i, c in enumerate(entete) if COLONNES_DUES.get(c) == cle)
    lignes = []
    for numero, valeurs in enumerate(lecteur, start=2):
        if not any(v.strip() for v in valeurs):
            continue
        valeurs = valeurs + [""] * (len(entete) - len(valeurs))
        brut = "".join(valeurs[colonne].split()).upper()
        ligne = {"ligne": numero, "numero_suivi": valeurs[suivi].strip()}
        if cle == "cotisation":
            ligne["cotisation"] = int(brut) if brut.isdigit() else None
            ligne["reference"] = None if brut.isdigit() else brut
        else:
            ligne["reference"] = brut
        lignes.append(ligne)
    return lignes
