"""The list of the expenses flagged for the commission des dotations complémentaires et de l'harmonisation des
charges (seed 002 L.II T.I 2.3 b and T.IV 2), as a spreadsheet: the urgent expenses whose funding is requested
(with the necessity of the expense, the président's authorisation, the extraordinary session's deliberation if
any) and the replacements of assets the commission is informed of. Amounts are numbers with a euro format."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from commun.xlsx import FORMAT_EUROS, TYPE_XLSX  # noqa: F401  (the admin imports TYPE_XLSX from here)

ENTETES = (
    "Numéro",
    "Exercice",
    "Rubrique",
    "Nature",
    "Objet",
    "Tiers",
    "Engagée le",
    "Montant engagé",
    "Montant liquidé",
    "Statut",
    "Nécessité de la dépense en urgence",
    "Autorisée par",
    "Délibération (séance extraordinaire)",
)
MONTANTS = (7, 8)


def nom_du_fichier(annee) -> str:
    return f"dotations-complementaires-{annee or 'tous-exercices'}.xlsx"


def depenses_commission_xlsx(engagements, *, titre: str) -> bytes:
    """`engagements`: selectors.depenses_pour_commission(...) (its select_related spares a query per row)."""
    classeur = Workbook()
    feuille = classeur.active
    feuille.title = "Dotations complémentaires"
    feuille.append([titre])
    feuille["A1"].font = Font(bold=True)
    feuille.append(list(ENTETES))
    for cellule in feuille[2]:
        cellule.font = Font(bold=True)
    total = 0
    for e in engagements:
        autorisation = e.autorisation
        nature = "Dépense exceptionnelle urgente" if e.urgente else "Remplacement d'un bien"
        if autorisation is not None:
            nature = f"{nature} : {autorisation.get_nature_display()}"
        feuille.append(
            [
                e.numero,
                e.ligne.budget.annee,
                f"{e.ligne.compte.numero} {e.ligne.compte.libelle}",
                nature,
                e.objet,
                e.tiers,
                e.engage_le,
                e.montant,
                e.montant_liquide,
                e.get_statut_display(),
                autorisation.motif if autorisation else "",
                (e.autorisee_par.get_full_name() or e.autorisee_par.username) if e.autorisee_par else "",
                autorisation.deliberation.numero if autorisation and autorisation.deliberation else "",
            ]
        )
        total += e.montant_retenu
        for i in MONTANTS:
            feuille.cell(row=feuille.max_row, column=i + 1).number_format = FORMAT_EUROS
        feuille.cell(row=feuille.max_row, column=7).number_format = "DD/MM/YYYY"
    feuille.append(["Total", "", "", "", "", "", "", total])
    feuille.cell(row=feuille.max_row, column=1).font = Font(bold=True)
    feuille.cell(row=feuille.max_row, column=8).number_format = FORMAT_EUROS
    for colonne, largeur in (("C", 32), ("D", 40), ("E", 40), ("K", 50)):
        feuille.column_dimensions[colonne].width = largeur
    sortie = BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
