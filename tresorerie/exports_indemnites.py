"""The yearly statement of the allowances as a spreadsheet (issue 11 point 10): one sheet « Indemnités » with a row
per member and month (gross, CSG, CRDS, net) and the member's total, then the grand total. French headers, amounts
as numbers with a euro format (openpyxl, write-only mode), built from services.indemnites_rapport's dict."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMAT_EUROS = '#,##0.00\\ "€"'
TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ENTETES = ("Membre", "Indemnités", "Mois", "Brut", "CSG", "CRDS", "Net")
MONTANTS = range(3, 7)
MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def nom_du_fichier(annee: int) -> str:
    return f"indemnites-{annee}.xlsx"


def _ligne(feuille, valeurs, *, gras=False):
    cellules = []
    for i, valeur in enumerate(valeurs):
        cellule = WriteOnlyCell(feuille, value=valeur)
        if i in MONTANTS:
            cellule.number_format = FORMAT_EUROS
        if gras:
            cellule.font = Font(bold=True)
        cellules.append(cellule)
    feuille.append(cellules)


def _montants(d: dict) -> list:
    return [d["brut"], d["csg"], d["crds"], d["net"]]


def rapport_indemnites_xlsx(rapport: dict) -> bytes:
    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet("Indemnités")
    feuille.column_dimensions["A"].width = 32
    feuille.column_dimensions["B"].width = 36
    feuille.column_dimensions["C"].width = 12
    _ligne(feuille, [f"Indemnités des membres du conseil, année {rapport['annee']}"], gras=True)
    _ligne(feuille, ENTETES, gras=True)
    for ligne in rapport["lignes"]:
        indemnites = ", ".join(ligne["indemnites"])
        for mois in ligne["mois"]:
            _ligne(feuille, [ligne["nom"], indemnites, MOIS[mois["mois"] - 1], *_montants(mois)])
        _ligne(feuille, [ligne["nom"], indemnites, "Total", *_montants(ligne["total"])], gras=True)
    feuille.append([])
    _ligne(feuille, ["Total général", "", "", *_montants(rapport["total"])], gras=True)
    sortie = BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
