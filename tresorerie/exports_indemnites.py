"""The yearly statement of the allowances as a spreadsheet (issue 11 point 10): one sheet « Indemnités » with a row
per member and month (gross, CSG, CRDS, net) and the member's total, then the grand total. French headers, amounts
as numbers with a euro format (openpyxl, write-only mode), built from services.indemnites_rapport's dict."""

from io import BytesIO

from openpyxl import Workbook

from commun.formats import MOIS
from commun.xlsx import TYPE_XLSX  # noqa: F401  (the API imports TYPE_XLSX from here)
from commun.xlsx import ligne as ligne_xlsx

ENTETES = ("Membre", "Indemnités", "Mois", "Brut", "CSG", "CRDS", "Net")
MONTANTS = range(3, 7)


def nom_du_fichier(annee: int) -> str:
    return f"indemnites-{annee}.xlsx"


def _ligne(feuille, valeurs, *, gras=False):
    ligne_xlsx(feuille, valeurs, gras=gras, montants=MONTANTS)


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
