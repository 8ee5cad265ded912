"""What every spreadsheet export shares (openpyxl, write-only: memory flat in the number of rows): the content
type, the euro number format, one row of cells."""

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMAT_EUROS = '#,##0.00\\ "€"'
TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ligne(feuille, valeurs, *, gras=False, montants=()) -> None:
    """Append one row to a write-only sheet; the cells at the indexes `montants` are amounts (numbers with the euro
    format), all in bold with `gras`."""
    cellules = []
    for i, valeur in enumerate(valeurs):
        cellule = WriteOnlyCell(feuille, value=valeur)
        if i in montants:
            cellule.number_format = FORMAT_EUROS
        if gras:
            cellule.font = Font(bold=True)
        cellules.append(cellule)
    feuille.append(cellules)
