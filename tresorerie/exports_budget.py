"""The budget as spreadsheets (openpyxl; the pattern: cotisations/exports.py): the execution report by heading, and
the export for the CNOM (the adopted budget N+1 by heading, with the accounting position of year N at 30 September
and the Q4 forecast: seed 002 L.II T.I 1.1). French headers, amounts as numbers with a euro format."""

from io import BytesIO

from openpyxl import Workbook

from commun.formats import date_fr
from commun.xlsx import TYPE_XLSX  # noqa: F401  (the admin imports TYPE_XLSX from here)
from commun.xlsx import ligne as ligne_xlsx

ENTETES_DEPENSES = (
    "Rubrique",
    "Libellé",
    "Voté",
    "Virements",
    "Crédits ouverts",
    "Engagé",
    "Liquidé",
    "Payé",
    "Disponible",
)
CLES_DEPENSES = ("vote", "virements", "ouvert", "engage", "liquide", "paye", "disponible")
ENTETES_RECETTES = ("Rubrique", "Libellé", "Prévu", "Appelé", "Encaissé", "Reste à encaisser")
CLES_RECETTES = ("vote", "appele", "encaisse", "reste")


def _ligne(feuille, valeurs, *, gras=False, depuis=2):
    """The numbers from column `depuis` on are amounts."""
    montants = {i for i, v in enumerate(valeurs) if i >= depuis and v is not None and not isinstance(v, str)}
    ligne_xlsx(feuille, valeurs, gras=gras, montants=montants)


def _tableau(feuille, titre, entetes, cles, rangs, totaux):
    _ligne(feuille, [titre], gras=True)
    _ligne(feuille, entetes, gras=True)
    for rang in rangs:
        _ligne(feuille, [rang["rubrique"], rang["libelle"], *(rang[c] for c in cles)])
    _ligne(feuille, ["Total", "", *(totaux[c] for c in cles)], gras=True)
    _ligne(feuille, [])


def _classeur() -> Workbook:
    return Workbook(write_only=True)


def _octets(classeur) -> bytes:
    tampon = BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


def nom_execution(execution) -> str:
    return f"execution-budget-{execution['budget'].annee}.xlsx"


def execution_xlsx(execution: dict) -> bytes:
    """One sheet: the expense headings (voted … available), then the income headings (forecast, called,
    collected), each with its total."""
    classeur = _classeur()
    budget = execution["budget"]
    feuille = classeur.create_sheet("Exécution")
    feuille.column_dimensions["B"].width = 48
    quand = f" au {date_fr(execution['au'])}" if execution["au"] else ""
    _ligne(feuille, [f"Exécution du budget {budget.annee}{quand}"], gras=True)
    _tableau(feuille, "Dépenses", ENTETES_DEPENSES, CLES_DEPENSES, execution["depenses"], execution["total_depenses"])
    _tableau(feuille, "Recettes", ENTETES_RECETTES, CLES_RECETTES, execution["recettes"], execution["total_recettes"])
    return _octets(classeur)


def nom_cnom(budget) -> str:
    return f"budget-previsionnel-{budget.annee}-cnom.xlsx"


def cnom_xlsx(*, budget, lignes, totaux, situation, cdom_nom: str) -> bytes:
    """Sheet « Budget N+1 »: the adopted budget by heading, totals and balance; sheet « Situation au 30/09 »: the
    current year's execution at 30 September (realised = liquidated for expenses, collected for income) and the
    Q4 forecast."""
    classeur = _classeur()
    feuille = classeur.create_sheet(f"Budget {budget.annee}")
    feuille.column_dimensions["B"].width = 48
    _ligne(feuille, [cdom_nom], gras=True)
    adoption = (
        f"adopté le {date_fr(budget.adopte_le)} (délibération {budget.deliberation.numero})"
        if budget.deliberation_id
        else "non adopté"
    )
    _ligne(feuille, [f"Budget prévisionnel {budget.annee}, {adoption}"], gras=True)
    _ligne(feuille, ["Rubrique", "Libellé", "Nature", "Montant"], gras=True)
    for ligne in lignes:
        _ligne(
            feuille,
            [
                ligne.compte.numero,
                ligne.libelle or ligne.compte.libelle,
                ligne.compte.get_nature_display(),
                ligne.montant,
            ],
            depuis=3,
        )
    _ligne(feuille, ["", "Total des charges", "", totaux["charges"]], gras=True, depuis=3)
    _ligne(feuille, ["", "Total des produits", "", totaux["produits"]], gras=True, depuis=3)
    _ligne(feuille, ["", "Solde (produits − charges)", "", totaux["solde"]], gras=True, depuis=3)

    feuille = classeur.create_sheet("Situation au 30 septembre")
    feuille.column_dimensions["B"].width = 48
    if situation is None:
        _ligne(feuille, [f"Pas de budget {budget.annee - 1} enregistré : situation au 30 septembre non disponible."])
        return _octets(classeur)
    annee = situation["budget"].annee
    _ligne(
        feuille,
        [f"Situation comptable du budget {annee} au {date_fr(situation['au'])} et prévision du 4e trimestre"],
        gras=True,
    )
    entetes = (
        "Rubrique",
        "Libellé",
        "Voté",
        "Engagé",
        "Réalisé au 30/09",
        "Prévision 4e trimestre",
        "Estimé fin d'exercice",
    )
    for titre, rangs, engage in (
        ("Dépenses (réalisé : liquidé)", situation["depenses"], "engage"),
        ("Recettes (réalisé : encaissé)", situation["recettes"], "appele"),
    ):
        _ligne(feuille, [titre], gras=True)
        _ligne(feuille, entetes, gras=True)
        for rang in rangs:
            _ligne(
                feuille,
                [
                    rang["rubrique"],
                    rang["libelle"],
                    rang["vote"],
                    rang[engage],
                    rang["realise"],
                    rang["prevision_t4"],
                    rang["estime"],
                ],
            )
        _ligne(feuille, [])
    return _octets(classeur)
