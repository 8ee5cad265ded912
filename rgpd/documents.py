"""The PDFs of data protection (config.pdf): a doctor's data as he downloads it from his espace, and the register
of processing for the secrétaire général's yearly report. Context from the selectors → templates/pdf/rgpd/."""

import datetime
import json
import re

from config.pdf import rendre_pdf

DATE_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_HEURE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})")
VIDE = "—"


def lisible(valeur) -> str:
    """A value of the export as a doctor reads it on paper: French dates, oui/non, lists spelled out."""
    if valeur is None or valeur == "" or valeur == [] or valeur == {}:
        return VIDE
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, str):
        if DATE_ISO.match(valeur):
            return datetime.date.fromisoformat(valeur).strftime("%d/%m/%Y")
        trouve = DATE_HEURE_ISO.match(valeur)
        if trouve:
            a, m, j, h, mi = trouve.groups()
            return f"{j}/{m}/{a} {h}:{mi}"
        return valeur
    if isinstance(valeur, list | dict):
        return json.dumps(valeur, ensure_ascii=False)
    return str(valeur)


def donnees_pdf(donnees: dict) -> bytes:
    rubriques = [
        {
            "titre": r["titre"],
            "lignes": [[(r["champs"][c], lisible(v)) for c, v in ligne.items()] for ligne in r["lignes"]],
        }
        for r in donnees["rubriques"]
    ]
    return rendre_pdf(
        "pdf/rgpd/donnees.html",
        {"export": donnees["export"], "etabli_le": lisible(donnees["export"]["etabli_le"]), "rubriques": rubriques},
    )


def registre_pdf(*, traitements, today: datetime.date) -> bytes:
    return rendre_pdf("pdf/rgpd/registre.html", {"traitements": traitements, "today": today})
