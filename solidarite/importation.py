"""The door of the import of the national form's export (Démarches simplifiées, seed 004), shared by the command
`import_volontaires` and the admin: the file is read as the register's import reads it (tableau.importation:
UTF-8 or Windows-1252, `,` or `;`), each line parsed here, then `solidarite.services.volontaires_importer` writes
them, all or nothing, keyed by the form's file number (a second import of the same file changes nothing).

Columns: `numero_dossier`, `rpps`, `lieux` (the places as the form names them, separated by `|`: a place's name,
or « name (commune) » when two places share a name, or its id in this back-office), `creneaux_souhaites`,
`lieu_exercice_principal` (optional), `date_depot` (`YYYY-MM-DD` or `DD/MM/YYYY`, optional: the day of import)."""

import datetime
import unicodedata

from django.core.exceptions import ValidationError

from tableau.importation import _lire
from tableau.models import Medecin

from .models import Lieu
from .services import volontaires_importer

COLONNES = ("numero_dossier", "rpps", "lieux", "creneaux_souhaites", "lieu_exercice_principal", "date_depot")
OBLIGATOIRES = ("numero_dossier", "rpps", "lieux")


def _date(texte: str):
    for forme in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(texte, forme).date()
        except ValueError:
            continue
    raise ValueError


def _cle(texte: str) -> str:
    """A place's name as the form's export may spell it: accents, case and spaces aside."""
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return " ".join(sans_accents.casefold().replace("’", "'").split())


class _Lieux:
    """The places, found by id, by name, or by « name (commune) »."""

    def __init__(self):
        self.par_id = Lieu.objects.in_bulk()
        self.par_nom: dict[str, list[Lieu]] = {}
        for lieu in self.par_id.values():
            self.par_nom.setdefault(_cle(lieu.nom), []).append(lieu)
            self.par_nom.setdefault(_cle(f"{lieu.nom} ({lieu.commune})"), []).append(lieu)

    def trouver(self, texte: str) -> tuple[Lieu | None, str]:
        if texte.isdigit() and int(texte) in self.par_id:
            return self.par_id[int(texte)], ""
        candidats = self.par_nom.get(_cle(texte), [])
        if len(candidats) == 1:
            return candidats[0], ""
        if len(candidats) > 1:
            communes = ", ".join(sorted(f"« {c.nom} ({c.commune}) »" for c in candidats))
            return None, f"plusieurs lieux s'appellent « {texte} » : précisez la commune ({communes})."
        return None, f"lieu inconnu : « {texte} » (nom d'un lieu prioritaire, ou « nom (commune) »)."


def fichier_analyser(fichier):
    entete, lignes = _lire(fichier)
    manquantes = [c for c in OBLIGATOIRES if c not in entete]
    inconnues = [c for c in entete if c and c not in COLONNES]
    if manquantes or inconnues:
        raise ValidationError(
            "Ligne 1 : "
            + "; ".join(
                ([f"colonne(s) manquante(s) : {', '.join(manquantes)}"] if manquantes else [])
                + ([f"colonne(s) inconnue(s) : {', '.join(inconnues)}"] if inconnues else [])
            )
            + f". Colonnes acceptées : {', '.join(COLONNES)}."
        )
    brutes = []
    for numero, cellules in lignes:
        if not any(c.strip() for c in cellules):
            continue
        brutes.append((numero, {c: (cellules[i].strip() if i < len(cellules) else "") for i, c in enumerate(entete)}))
    medecins = Medecin.objects.in_bulk([d["rpps"] for _, d in brutes], field_name="rpps")
    lieux = _Lieux()
    valides, erreurs = [], []
    for numero, d in brutes:
        problemes = []
        for champ in OBLIGATOIRES:
            if not d.get(champ):
                problemes.append((numero, champ, "valeur obligatoire."))
        medecin = medecins.get(d.get("rpps", ""))
        if d.get("rpps") and medecin is None:
            problemes.append((numero, "rpps", f"aucun médecin du tableau n'a le RPPS {d['rpps']}."))
        choisis = []
        for texte in (x.strip() for x in d.get("lieux", "").split("|")):
            if not texte:
                continue
            trouve, probleme = lieux.trouver(texte)
            if trouve is None:
                problemes.append((numero, "lieux", probleme))
            elif trouve not in choisis:
                choisis.append(trouve)
        date_depot = None
        if d.get("date_depot"):
            try:
                date_depot = _date(d["date_depot"])
            except ValueError:
                problemes.append((numero, "date_depot", "date attendue en AAAA-MM-JJ ou JJ/MM/AAAA."))
        if problemes:
            erreurs.extend(problemes)
            continue
        valides.append(
            (
                numero,
                {
                    "numero_dossier": d["numero_dossier"],
                    "medecin": medecin,
                    "lieux": choisis,
                    "creneaux_souhaites": d.get("creneaux_souhaites", ""),
                    "lieu_exercice_principal": d.get("lieu_exercice_principal", ""),
                    "date_depot": date_depot,
                },
            )
        )
    return valides, erreurs


def fichier_importer(*, fichier, par, today: datetime.date) -> dict[str, int]:
    lignes, erreurs = fichier_analyser(fichier)
    return volontaires_importer(lignes=lignes, erreurs=erreurs, par=par, today=today)
