"""The statements as spreadsheets (issue 10 point 9): the unpaid-dues statement at a date in XLSX, with openpyxl.
French headers, amounts as numbers (not text) shown with a euro format, the totals by year and category under the
rows and on a sheet of their own. Built from what `selectors.etat_impayes` returns, row by row (write-only mode:
memory flat in the number of debtors)."""

from io import BytesIO

from openpyxl import Workbook

from commun.templatetags.francais import date_fr
from commun.xlsx import TYPE_XLSX  # noqa: F401  (the doors import it from here)
from commun.xlsx import ligne as _ligne

from .models import Categorie, EtapeRelance

ENTETES = (
    "Année",
    "Redevable",
    "RPPS",
    "Référence de paiement",
    "Tarif",
    "Montant dû",
    "Frais de relance",
    "Montant payé",
    "Solde",
    "Dernière relance",
)
MONTANTS_LIGNE = range(5, 9)
MONTANTS_TOTAUX = range(3, 7)
ENTETES_TOTAUX = ("Année", "Tarif", "Nombre", "Montant dû", "Frais de relance", "Montant payé", "Solde")


def nom_du_fichier(date) -> str:
    return f"etat-impayes-{date:%Y-%m-%d}.xlsx"


def etat_impayes_xlsx(etat: dict) -> bytes:
    """The workbook of `etat` (selectors.etat_impayes): sheet « Impayés » (one row per record, then the totals by year
    and category and the grand total), sheet « Totaux »."""
    classeur = Workbook(write_only=True)
    tarifs, etapes = dict(Categorie.choices), dict(EtapeRelance.choices)
    titre = f"État de situation des impayés au {date_fr(etat['date'])}"

    feuille = classeur.create_sheet("Impayés")
    feuille.column_dimensions["B"].width = 36
    feuille.column_dimensions["D"].width = 28
    feuille.column_dimensions["E"].width = 30
    feuille.column_dimensions["J"].width = 40
    _ligne(feuille, [titre], gras=True)
    _ligne(feuille, ENTETES, gras=True)
    for ligne in etat["lignes"].iterator(chunk_size=2000):
        _ligne(
            feuille,
            [
                ligne["annee"],
                ligne["redevable"],
                ligne["rpps"] or "",
                ligne["reference"],
                tarifs.get(ligne["categorie"], ligne["categorie"]),
                ligne["montant_du"],
                ligne["frais_a_date"],
                ligne["paye_a_date"],
                ligne["solde_a_date"],
                etapes.get(ligne["derniere_relance"], "") if ligne["derniere_relance"] else "",
            ],
            montants=MONTANTS_LIGNE,
        )
    feuille.append([])
    for total in etat["totaux"]:
        _ligne(
            feuille,
            [
                total["annee"],
                f"Total {total['libelle'].lower()} ({total['nombre']})",
                "",
                "",
                "",
                total["montant_du"],
                total["frais"],
                total["montant_paye"],
                total["solde"],
            ],
            gras=True,
            montants=MONTANTS_LIGNE,
        )
    general = etat["general"]
    _ligne(
        feuille,
        [
            "",
            f"Total général ({general['nombre']})",
            "",
            "",
            "",
            general["montant_du"],
            general["frais"],
            general["montant_paye"],
            general["solde"],
        ],
        gras=True,
        montants=MONTANTS_LIGNE,
    )

    totaux = classeur.create_sheet("Totaux")
    totaux.column_dimensions["B"].width = 36
    _ligne(totaux, [titre], gras=True)
    _ligne(totaux, ENTETES_TOTAUX, gras=True)
    for total in etat["totaux"]:
        _ligne(
            totaux,
            [
                total["annee"],
                total["libelle"],
                total["nombre"],
                total["montant_du"],
                total["frais"],
                total["montant_paye"],
                total["solde"],
            ],
            montants=MONTANTS_TOTAUX,
        )
    for total in etat["totaux_annees"]:
        _ligne(
            totaux,
            [
                total["annee"],
                "Toutes catégories",
                total["nombre"],
                total["montant_du"],
                total["frais"],
                total["montant_paye"],
                total["solde"],
            ],
            gras=True,
            montants=MONTANTS_TOTAUX,
        )
    _ligne(
        totaux,
        [
            "Toutes",
            "Total général",
            general["nombre"],
            general["montant_du"],
            general["frais"],
            general["montant_paye"],
            general["solde"],
        ],
        gras=True,
        montants=MONTANTS_TOTAUX,
    )
    sortie = BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
