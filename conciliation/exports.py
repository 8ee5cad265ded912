"""The yearly report of the conciliation as a spreadsheet (issue 12 point 6): one sheet « Bilan » built from
selectors.rapport_annuel's dict — received by nature, by complainant type, outcomes of the conciliation, what
followed, the share of legal deadlines met. Counts only: no party is named (the report goes to the plenary), and
no amount (hence no euro format). openpyxl, write-only."""

from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook

from commun.xlsx import ligne

from .models import IssueConciliation, NaturePlainte, QualitePlaignant, StatutPlainte


def nom_du_fichier(annee: int) -> str:
    return f"bilan-conciliation-{annee}.xlsx"


def _section(feuille, titre: str, choix, valeurs: dict) -> None:
    ligne(feuille, [])
    ligne(feuille, [titre, "Nombre"], gras=True)
    for cle, n in valeurs.items():
        ligne(feuille, [choix(cle).label, n])


def rapport_xlsx(rapport: dict) -> bytes:
    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet("Bilan")
    feuille.column_dimensions["A"].width = 58
    feuille.column_dimensions["B"].width = 22
    feuille.column_dimensions["C"].width = 16
    feuille.column_dimensions["D"].width = 12
    ligne(feuille, [f"Bilan de la conciliation, année {rapport['annee']}"], gras=True)
    ligne(feuille, ["Dossiers reçus", rapport["total"]], gras=True)
    _section(feuille, "Nature", NaturePlainte, rapport["recues"])
    ligne(feuille, ["dont doléances ou signalements requalifiés en plainte", rapport["requalifiees"]])
    _section(feuille, "Qualité du plaignant", QualitePlaignant, rapport["par_qualite"])
    _section(feuille, "Issue de la conciliation", IssueConciliation, rapport["issues"])
    _section(feuille, "Suite donnée", StatutPlainte, rapport["suites"])
    ligne(feuille, ["Transmises à la chambre disciplinaire", rapport["transmises"]])
    ligne(feuille, [])
    ligne(feuille, ["Délais légaux", "Plaintes concernées", "Dans le délai", "Part (%)"], gras=True)
    for libelle, cle, part in (
        ("Réunion de conciliation dans le mois", "conciliation", "conciliation_dans_le_mois"),
        ("Transmission dans les trois mois", "transmission", "transmission_dans_les_3_mois"),
    ):
        delai = rapport["delais"][cle]
        ligne(feuille, [libelle, delai["concernees"], delai["dans_le_delai"], Decimal(rapport[part])])
    sortie = BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
