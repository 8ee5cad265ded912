"""The year-end's files (issue 11 points 7 and 10): the FEC for the accountant, the statements and the cash book in
XLSX (openpyxl, write-only: memory flat in the number of rows, as cotisations/exports.py).

The FEC (fichier des écritures comptables, LPF art. A47 A-1): one line per line of entry, the 18 columns in their
order (FEC_COLONNES), tab-separated, a header line, dates AAAAMMJJ, amounts with a comma decimal and no thousands
separator, Debit and Credit both written (0,00 on the other side), EcritureNum a continuous sequence per journal in
chronological order, the opening entry (À nouveaux) first; encoded ISO 8859-15 (a character it lacks becomes
« ? »), lines ended CRLF. No auxiliary accounts but the suppliers' (F…) and the debtors' (M<RPPS>, S<id>); no
lettering, no foreign currency (those columns empty). ValidDate is the entry's date (the operations are validated
when recorded: a liquidation, a payment, a call). File name: <SIREN>FEC<AAAAMMJJ of the closing>.txt."""

import datetime
from decimal import Decimal
from io import BytesIO

from django.conf import settings
from openpyxl import Workbook

from commun.xlsx import TYPE_XLSX  # noqa: F401  (the admin imports it from here)
from commun.xlsx import ligne as _ligne

from .comptabilite import JOURNAUX, a_nouveaux, ecritures, libelles_comptes

FEC_COLONNES = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
)
ENCODAGE_FEC = "iso-8859-15"
_NETTOYER = str.maketrans({"\t": " ", "\r": " ", "\n": " ", "|": "/"})


def fec_nom(annee: int) -> str:
    siren = getattr(settings, "TRESORERIE_SIREN", "") or "000000000"
    return f"{siren}FEC{annee}1231.txt"


def _date(d: datetime.date) -> str:
    return d.strftime("%Y%m%d")


def _montant(m: Decimal) -> str:
    return f"{m:.2f}".replace(".", ",")


def _texte(t: str) -> str:
    return (t or "").translate(_NETTOYER).strip()


def fec_lignes(annee: int):
    """The FEC of `annee`, line by line (str, without the line end): the header, then the entries. The dates, the
    accounts' labels and the amounts' text are computed once each (a year has 365 dates and a few hundred distinct
    amounts for 40 000 lines)."""
    yield "\t".join(FEC_COLONNES)
    comptes = {numero: f"{numero}\t{_texte(lib)}" for numero, lib in libelles_comptes().items()}
    dates: dict[datetime.date, str] = {}
    montants: dict[Decimal, str] = {}
    numeros: dict[str, int] = {}
    ouverture = a_nouveaux(annee)
    suite = ecritures(debut=datetime.date(annee, 1, 1), fin=datetime.date(annee, 12, 31))
    for journal, date, piece_ref, piece_date, libelle, lignes in _avec(ouverture, suite):
        numeros[journal] = n = numeros.get(journal, 0) + 1
        jour = dates.get(date) or dates.setdefault(date, _date(date))
        jour_piece = dates.get(piece_date) or dates.setdefault(piece_date, _date(piece_date))
        debut = f"{journal}\t{JOURNAUX[journal]}\t{journal}{annee}-{n:06d}\t{jour}\t"
        piece = f"\t{_texte(piece_ref)}\t{jour_piece}\t{_texte(libelle)}\t"
        fin = f"\t\t\t{jour}\t\t"
        for compte, debit, credit, aux_num, aux_lib in lignes:
            d = montants.get(debit) or montants.setdefault(debit, _montant(debit))
            c = montants.get(credit) or montants.setdefault(credit, _montant(credit))
            libelle_compte = comptes.get(compte) or f"{compte}\t{compte}"
            aux = f"{_texte(aux_num)}\t{_texte(aux_lib)}" if aux_num else "\t"
            yield f"{debut}{libelle_compte}\t{aux}{piece}{d}\t{c}{fin}"


def _avec(premiere, suite):
    if premiere is not None:
        yield premiere
    yield from suite


def fec_flux(annee: int):
    """Bytes chunks of the FEC (for a StreamingHttpResponse): lines grouped by 500."""
    paquet = []
    for ligne in fec_lignes(annee):
        paquet.append(ligne)
        if len(paquet) >= 500:
            yield ("\r\n".join(paquet) + "\r\n").encode(ENCODAGE_FEC, errors="replace")
            paquet = []
    if paquet:
        yield ("\r\n".join(paquet) + "\r\n").encode(ENCODAGE_FEC, errors="replace")


# --- XLSX -----------------------------------------------------------------------------------------------------------


def _section(feuille, titre, lignes, total_libelle, total):
    _ligne(feuille, [titre], gras=True)
    for lg in lignes:
        _ligne(feuille, [lg["compte"], lg["libelle"], lg["montant"]], montants=(2,))
    _ligne(feuille, ["", total_libelle, total], gras=True, montants=(2,))
    feuille.append([])


def etats_nom(annee: int) -> str:
    return f"etats-financiers-{annee}.xlsx"


def etats_xlsx(etats: dict) -> bytes:
    """Two sheets: « Compte de résultat » (charges, produits, résultat) and « Bilan » (actif, passif)."""
    classeur = Workbook(write_only=True)
    annee, cr, bilan = etats["annee"], etats["resultat"], etats["bilan"]
    feuille = classeur.create_sheet("Compte de résultat")
    feuille.column_dimensions["B"].width = 55
    feuille.column_dimensions["C"].width = 16
    _ligne(feuille, [f"Compte de résultat de l'exercice {annee}"], gras=True)
    _ligne(feuille, ["Compte", "Libellé", "Montant"], gras=True)
    _section(feuille, "Charges", cr["charges"], "Total des charges", cr["total_charges"])
    _section(feuille, "Produits", cr["produits"], "Total des produits", cr["total_produits"])
    libelle = "Excédent de l'exercice" if cr["resultat"] >= 0 else "Déficit de l'exercice"
    _ligne(feuille, ["", libelle, cr["resultat"]], gras=True, montants=(2,))

    feuille = classeur.create_sheet("Bilan")
    feuille.column_dimensions["B"].width = 55
    feuille.column_dimensions["C"].width = 16
    _ligne(feuille, [f"Bilan au 31 décembre {annee}"], gras=True)
    _ligne(feuille, ["Compte", "Libellé", "Montant"], gras=True)
    _ligne(feuille, ["ACTIF"], gras=True)
    _section(
        feuille,
        "Immobilisations (valeur brute)",
        bilan["immobilisations"],
        "Total brut",
        sum((lg["montant"] for lg in bilan["immobilisations"]), Decimal("0.00")),
    )
    _section(
        feuille,
        "Amortissements (à déduire)",
        bilan["amortissements"],
        "Actif immobilisé net",
        bilan["actif_immobilise_net"],
    )
    _section(
        feuille,
        "Actif circulant (créances, disponibilités)",
        bilan["actif_circulant"],
        "Total de l'actif",
        bilan["total_actif"],
    )
    _ligne(feuille, ["PASSIF"], gras=True)
    _section(feuille, "Fonds propres", bilan["capitaux"], "Total des fonds propres", bilan["total_capitaux"])
    _section(feuille, "Dettes", bilan["dettes"], "Total du passif", bilan["total_passif"])
    sortie = BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def livre_nom(debut: datetime.date, fin: datetime.date) -> str:
    return f"livre-de-caisse-{debut:%Y-%m-%d}-{fin:%Y-%m-%d}.xlsx"


def livre_de_caisse_xlsx(livre: dict) -> bytes:
    """The cash book (comptabilite.livre_de_caisse): brought forward, each movement with its running balance and
    whether it has its document, the totals."""
    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet("Livre de caisse")
    for col, largeur in zip("ABCDEFGHI", (12, 14, 50, 10, 14, 14, 14, 16, 30), strict=True):
        feuille.column_dimensions[col].width = largeur
    _ligne(
        feuille,
        [f"Livre de caisse du {livre['debut']:%d/%m/%Y} au {livre['fin']:%d/%m/%Y}"],
        gras=True,
    )
    _ligne(
        feuille,
        ["Date", "Numéro", "Objet", "Compte", "Entrée", "Sortie", "Solde", "Justificatif", "Annulation"],
        gras=True,
    )
    _ligne(feuille, ["", "", "Solde reporté", "", None, None, livre["report"]], montants=(6,))
    for lg in livre["lignes"]:
        m = lg["mouvement"]
        if m.annule_id:
            note = f"annule {m.annule.numero} : {m.motif_annulation}"
        elif lg["annule"]:
            note = "annulé par un contre-mouvement"
        else:
            note = ""
        _ligne(
            feuille,
            [
                m.date,
                m.numero,
                m.objet,
                m.compte.numero,
                lg["entree"],
                lg["sortie"],
                lg["solde"],
                "oui" if lg["justifie"] else "MANQUANT",
                note,
            ],
            montants=(4, 5, 6),
        )
    _ligne(
        feuille,
        ["", "", "Totaux et solde final", "", livre["entrees"], livre["sorties"], livre["solde"]],
        gras=True,
        montants=(4, 5, 6),
    )
    _ligne(feuille, ["", "", f"Mouvements sans justificatif : {livre['sans_justificatif']}"], gras=True)
    sortie = BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def amortissements_nom(annee: int) -> str:
    return f"tableau-des-amortissements-{annee}.xlsx"


def amortissements_xlsx(annee: int, lignes: list[dict]) -> bytes:
    """The year's depreciation schedule (comptabilite.dotations_de_l_annee): each asset, its category and
    accounts, its value, the year's annuity, the cumulated depreciation and the net book value at year-end."""
    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet(f"Amortissements {annee}")
    for col, largeur in zip("ABCDEFGHIJ", (12, 40, 26, 10, 10, 14, 14, 14, 14, 14), strict=True):
        feuille.column_dimensions[col].width = largeur
    _ligne(feuille, [f"Tableau des amortissements de l'exercice {annee} (dotation : compte 6811)"], gras=True)
    _ligne(
        feuille,
        [
            "Numéro",
            "Désignation",
            "Catégorie",
            "Compte",
            "Amort.",
            "Valeur d'origine",
            "Base de l'année",
            "Dotation de l'année",
            "Cumul",
            "Valeur nette",
        ],
        gras=True,
    )
    total = Decimal("0.00")
    for lg in lignes:
        immo, a = lg["immobilisation"], lg["annuite"]
        total += a.dotation
        _ligne(
            feuille,
            [
                immo.numero,
                immo.designation,
                immo.categorie.libelle,
                immo.categorie.compte_immobilisation.numero,
                immo.categorie.compte_amortissement.numero,
                immo.valeur_origine,
                a.base,
                a.dotation,
                a.cumul,
                a.vnc,
            ],
            montants=(5, 6, 7, 8, 9),
        )
    _ligne(feuille, ["", "Total de la dotation de l'exercice", "", "", "", None, None, total], gras=True, montants=(7,))
    sortie = BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
