"""Reads of the cash box, the fixed assets and the year-end (issue 11 points 5-7, 10): the cash book with its running
balance, the depreciation plan of an asset and the year's depreciation charge, the entries of a year (the journal
the FEC export and the statements read) and the statements themselves. Reads only (services and doors import it).

Engagement accounting, from what is recorded — the simplifications, stated once:

- **Charges** = the liquidated engagements of the year (`Engagement.liquide_le` in N, not cancelled), by the
  account of their budget line, against 401 Fournisseurs (the supplier as auxiliary account); their payment
  (`paye_le`) debits 401 against 512 Banque, whatever the mode of payment.
- **Dues** = the dues of year N as called (`Cotisation.appelee_le`, after exemptions: `montant_du`), 411 against
  7561 (doctors) or 7562 (companies); the postage claimed by the registered letters (`Relance.frais`) 411 against
  7563; the payments received (`Paiement.date` in N, counter-entries included) 512 against 411, whatever their mode
  (a dues payment in cash is deemed banked: it is not a movement of the cash box). The CNOM's share of the dues is
  not separated (no recorded operation carries it).
- **Cash box** = its movements, 530 against their counterpart account (512 for a bank withdrawal or deposit, a
  charge or income account otherwise).
- **Fixed assets** = the acquisition (2xxx against 512 on the acquisition date: deemed paid by bank), the year's
  depreciation (6811 against 28xx on 31 December), the disposal (28xx for the accumulated depreciation and 675 for
  the net book value against 2xxx; a sale price 512 against 775).
- **Bank** (512) = what the entries above derive; no opening balance nor bank statement is recorded here, so the
  balance sheet's equity line « Report à nouveau » is the result of the entries of the previous years, and the
  statements start with the first recorded operation.
"""

import datetime
import heapq
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db.models import Case, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from .models import (
    CompteComptable,
    Engagement,
    Immobilisation,
    MouvementCaisse,
    SensMouvement,
    StatutEngagement,
)

ZERO = Decimal("0.00")
CENTIME = Decimal("0.01")
_ARGENT = DecimalField(max_digits=14, decimal_places=2)
TAILLE_LOT = 2000


def arrondi(valeur: Decimal) -> Decimal:
    return valeur.quantize(CENTIME, rounding=ROUND_HALF_UP)


# --- the cash book --------------------------------------------------------------------------------------------------


def solde_caisse(*, au: datetime.date | None = None) -> Decimal:
    qs = MouvementCaisse.objects.all() if au is None else MouvementCaisse.objects.filter(date__lte=au)
    return qs.aggregate(
        s=Coalesce(
            Sum(Case(When(sens=SensMouvement.ENTREE, then=F("montant")), default=-F("montant"), output_field=_ARGENT)),
            Value(ZERO),
        )
    )["s"]


def livre_de_caisse(*, debut: datetime.date, fin: datetime.date) -> dict:
    """The cash book between two dates: the balance brought forward, each movement in the order of the book with its
    running balance, whether it has its document (a counter-movement carries its reason instead) and what it
    cancels or is cancelled by; the totals and the closing balance. Three queries whatever the number of rows."""
    report = solde_caisse(au=debut - datetime.timedelta(days=1))
    mouvements = (
        MouvementCaisse.objects.filter(date__gte=debut, date__lte=fin)
        .select_related("compte", "annule", "saisi_par")
        .annotate(nb_pieces=Coalesce(Sum(Value(1), filter=Q(pieces__isnull=False)), Value(0)))
        .order_by("date", "id")
    )
    annules = set(
        MouvementCaisse.objects.filter(annule__date__gte=debut, annule__date__lte=fin).values_list(
            "annule_id", flat=True
        )
    )
    lignes, solde, entrees, sorties, sans_piece = [], report, ZERO, ZERO, 0
    for m in mouvements:
        if m.sens == SensMouvement.ENTREE:
            solde += m.montant
            entrees += m.montant
        else:
            solde -= m.montant
            sorties += m.montant
        justifie = m.nb_pieces > 0 or m.annule_id is not None
        sans_piece += 0 if justifie else 1
        lignes.append(
            {
                "mouvement": m,
                "entree": m.montant if m.sens == SensMouvement.ENTREE else None,
                "sortie": m.montant if m.sens == SensMouvement.SORTIE else None,
                "solde": solde,
                "justifie": justifie,
                "annule": m.pk in annules,
            }
        )
    return {
        "debut": debut,
        "fin": fin,
        "report": report,
        "lignes": lignes,
        "entrees": entrees,
        "sorties": sorties,
        "solde": solde,
        "sans_justificatif": sans_piece,
    }


# --- depreciation ---------------------------------------------------------------------------------------------------


def _jours_360_restants(date: datetime.date) -> int:
    """Days from `date` (included) to 31 December on a 360-day year (months of 30 days): 1 January → 360,
    1 July → 180, 31 December → 1."""
    return (12 - date.month) * 30 + (30 - min(date.day, 30) + 1)


def _jours_360_ecoules(date: datetime.date) -> int:
    """Days from 1 January to `date` (included) on a 360-day year: 31 December → 360."""
    return (date.month - 1) * 30 + min(date.day, 30)


@dataclass(frozen=True)
class Annuite:
    annee: int
    base: Decimal  # the value at the start of the year (net book value brought forward)
    dotation: Decimal
    cumul: Decimal
    vnc: Decimal  # net book value at the end of the year (or at the disposal)
    prorata: Decimal  # the fraction of a full annuity


def plan_amortissement(immo: Immobilisation) -> list[Annuite]:
    """The straight-line plan of an asset (seed 002 L.II T.I 2.6), pro rata temporis from the date put into service
    on a 360-day year: the full annuity is value / period; the first year gets the days from that date to 31
    December over 360, the years between a full annuity, the last one the remainder (the plan adds up to the value
    to the cent). A disposal stops it: the year of disposal gets the days from 1 January to the disposal's date
    (never more than the value left), no year after."""
    valeur, duree = immo.valeur_origine, immo.duree_annees
    annuite = valeur / duree
    debut = immo.date_mise_en_service
    plan, cumul, annee = [], ZERO, debut.year
    while cumul < valeur:
        if annee == debut.year:
            prorata = Decimal(_jours_360_restants(debut)) / 360
        else:
            prorata = Decimal(1)
        dotation = arrondi(annuite * prorata)
        if immo.date_sortie is not None and annee == immo.date_sortie.year:
            jours = _jours_360_ecoules(immo.date_sortie)
            if annee == debut.year:
                jours = max(0, jours - (_jours_360_ecoules(debut) - 1))
            prorata = Decimal(jours) / 360
            dotation = arrondi(annuite * prorata)
        dotation = min(dotation, valeur - cumul)
        base = valeur - cumul
        cumul += dotation
        plan.append(Annuite(annee, base, dotation, cumul, valeur - cumul, prorata))
        if immo.date_sortie is not None and annee >= immo.date_sortie.year:
            break
        annee += 1
    return plan


def dotations_de_l_annee(annee: int) -> list[dict]:
    """The year's depreciation charge asset by asset (account 6811 against its category's 28xx): one query."""
    lignes = []
    immos = (
        Immobilisation.objects.filter(date_mise_en_service__year__lte=annee)
        .filter(Q(date_sortie__isnull=True) | Q(date_sortie__year__gte=annee))
        .select_related("categorie__compte_amortissement", "categorie__compte_immobilisation")
        .order_by("date_mise_en_service", "id")
    )
    for immo in immos:
        for a in plan_amortissement(immo):
            if a.annee == annee and a.dotation > 0:
                lignes.append({"immobilisation": immo, "annuite": a})
    return lignes


# --- the journal: the entries derived from the recorded operations --------------------------------------------------


class Ligne(NamedTuple):
    compte: str
    debit: Decimal
    credit: Decimal
    aux_num: str = ""
    aux_lib: str = ""


class Ecriture(NamedTuple):
    """One balanced entry: its journal, date, supporting document and lines (tuples: 20 000 of them a year)."""

    journal: str
    date: datetime.date
    piece_ref: str
    piece_date: datetime.date
    libelle: str
    lignes: tuple


JOURNAUX = {
    "AN": "À nouveaux",
    "AC": "Achats (dépenses liquidées)",
    "CO": "Cotisations appelées",
    "BQ": "Banque",
    "CA": "Caisse",
    "OD": "Opérations diverses (immobilisations, amortissements)",
}
_ORDRE_JOURNAUX = {code: i for i, code in enumerate(JOURNAUX)}
COMPTE_FOURNISSEURS, COMPTE_COTISANTS, COMPTE_BANQUE, COMPTE_CAISSE = "401", "411", "512", "530"
COMPTE_DOTATIONS, COMPTE_VNC_CEDEES, COMPTE_PRODUITS_CESSION = "6811", "675", "775"
COMPTE_REPORT = "110"
PRODUIT_COTISATION = {"medecin": "7561", "societe": "7562"}
PRODUIT_FRAIS = "7563"


def _deux(compte_debit: str, compte_credit: str, montant: Decimal, aux: tuple[str, str] = ("", ""), cote="") -> tuple:
    """Two lines for `montant` (a negative amount — a counter-entry — swaps the sides, the FEC wants no negative);
    `cote` says which side carries the auxiliary account ("debit" or "credit")."""
    if montant < 0:
        compte_debit, compte_credit, montant = compte_credit, compte_debit, -montant
        cote = {"debit": "credit", "credit": "debit"}.get(cote, "")
    aux_d = aux if cote == "debit" else ("", "")
    aux_c = aux if cote == "credit" else ("", "")
    return (
        Ligne(compte_debit, montant, ZERO, *aux_d),
        Ligne(compte_credit, ZERO, montant, *aux_c),
    )


def _aux_fournisseur(tiers: str) -> tuple[str, str]:
    code = "".join(c for c in tiers.upper() if c.isalnum())[:17] or "DIVERS"
    return f"F{code}", tiers


def _borner(date: datetime.date, debut: datetime.date, fin: datetime.date) -> datetime.date:
    return min(max(date, debut), fin)


def _achats(debut, fin):
    qs = (
        Engagement.objects.filter(liquide_le__gte=debut, liquide_le__lte=fin, montant_liquide__gt=0)
        .exclude(statut=StatutEngagement.ANNULE)
        .order_by("liquide_le", "id")
        .values_list(
            "id", "numero", "objet", "tiers", "montant_liquide", "liquide_le", "engage_le", "ligne__compte__numero"
        )
    )
    for pk, numero, objet, tiers, montant, le, engage_le, compte in qs.iterator(chunk_size=TAILLE_LOT):
        ref = numero or str(pk)
        yield (
            (le, _ORDRE_JOURNAUX["AC"], pk),
            Ecriture(
                "AC",
                le,
                ref,
                engage_le,
                f"{objet} ({tiers})"[:200],
                _deux(compte, COMPTE_FOURNISSEURS, montant, _aux_fournisseur(tiers), "credit"),
            ),
        )


def _paiements_fournisseurs(debut, fin):
    qs = (
        Engagement.objects.filter(paye_le__gte=debut, paye_le__lte=fin, statut=StatutEngagement.PAYE)
        .order_by("paye_le", "id")
        .values_list("id", "numero", "objet", "tiers", "montant_liquide", "paye_le")
    )
    for pk, numero, objet, tiers, montant, le in qs.iterator(chunk_size=TAILLE_LOT):
        yield (
            (le, _ORDRE_JOURNAUX["BQ"], pk),
            Ecriture(
                "BQ",
                le,
                numero or str(pk),
                le,
                f"Paiement {objet} ({tiers})"[:200],
                _deux(COMPTE_FOURNISSEURS, COMPTE_BANQUE, montant, _aux_fournisseur(tiers), "debit"),
            ),
        )


def _aux_cotisant(rpps, nom, prenom, societe_id, raison):
    if rpps:
        return f"M{rpps}", f"{nom} {prenom}".strip()
    return f"S{societe_id}", raison or ""


def _cotisations(debut, fin):
    from cotisations.models import Cotisation

    qs = (
        Cotisation.objects.filter(annee__gte=debut.year, annee__lte=fin.year, montant_du__gt=0)
        .order_by("appelee_le", "id")
        .values_list(
            "id",
            "annee",
            "reference",
            "montant_du",
            "appelee_le",
            "medecin__rpps",
            "medecin__nom",
            "medecin__prenom",
            "societe_id",
            "societe__raison_sociale",
        )
    )
    for pk, annee, ref, montant, appelee_le, rpps, nom, prenom, sid, raison in qs.iterator(chunk_size=TAILLE_LOT):
        date = _borner(appelee_le, datetime.date(annee, 1, 1), datetime.date(annee, 12, 31))
        if not debut <= date <= fin:
            continue
        produit = PRODUIT_COTISATION["medecin" if rpps else "societe"]
        aux = _aux_cotisant(rpps, nom, prenom, sid, raison)
        yield (
            (date, _ORDRE_JOURNAUX["CO"], pk),
            Ecriture(
                "CO",
                date,
                ref,
                appelee_le,
                f"Cotisation {annee} {aux[1]}"[:200],
                _deux(COMPTE_COTISANTS, produit, montant, aux, "debit"),
            ),
        )


def _frais_relance(debut, fin):
    from cotisations.models import Relance

    qs = (
        Relance.objects.filter(date__gte=debut, date__lte=fin, frais__gt=0)
        .order_by("date", "id")
        .values_list(
            "id",
            "etape",
            "date",
            "frais",
            "cotisation__reference",
            "cotisation__medecin__rpps",
            "cotisation__medecin__nom",
            "cotisation__medecin__prenom",
            "cotisation__societe_id",
            "cotisation__societe__raison_sociale",
        )
    )
    for pk, etape, date, frais, ref, rpps, nom, prenom, sid, raison in qs.iterator(chunk_size=TAILLE_LOT):
        aux = _aux_cotisant(rpps, nom, prenom, sid, raison)
        yield (
            (date, _ORDRE_JOURNAUX["CO"], 10**12 + pk),
            Ecriture(
                "CO",
                date,
                f"{ref}-{etape}",
                date,
                f"Frais de relance {aux[1]}"[:200],
                _deux(COMPTE_COTISANTS, PRODUIT_FRAIS, frais, aux, "debit"),
            ),
        )


def _paiements_cotisations(debut, fin):
    from cotisations.models import Paiement

    qs = (
        Paiement.objects.filter(date__gte=debut, date__lte=fin)
        .order_by("date", "id")
        .values_list(
            "id",
            "numero_recu",
            "montant",
            "date",
            "mode",
            "cotisation__annee",
            "cotisation__medecin__rpps",
            "cotisation__medecin__nom",
            "cotisation__medecin__prenom",
            "cotisation__societe_id",
            "cotisation__societe__raison_sociale",
        )
    )
    for pk, recu, montant, date, mode, annee, rpps, nom, prenom, sid, raison in qs.iterator(chunk_size=TAILLE_LOT):
        aux = _aux_cotisant(rpps, nom, prenom, sid, raison)
        yield (
            (date, _ORDRE_JOURNAUX["BQ"], 10**12 + pk),
            Ecriture(
                "BQ",
                date,
                recu or f"P{pk}",
                date,
                f"Cotisation {annee} {aux[1]} ({mode})"[:200],
                _deux(COMPTE_BANQUE, COMPTE_COTISANTS, montant, aux, "credit"),
            ),
        )


def _caisse(debut, fin):
    qs = (
        MouvementCaisse.objects.filter(date__gte=debut, date__lte=fin)
        .order_by("date", "id")
        .values_list("id", "numero", "sens", "montant", "date", "objet", "compte__numero")
    )
    for pk, numero, sens, montant, date, objet, compte in qs.iterator(chunk_size=TAILLE_LOT):
        if sens == SensMouvement.ENTREE:
            lignes = _deux(COMPTE_CAISSE, compte, montant)
        else:
            lignes = _deux(compte, COMPTE_CAISSE, montant)
        yield (date, _ORDRE_JOURNAUX["CA"], pk), Ecriture("CA", date, numero or str(pk), date, objet[:200], lignes)


def _immobilisations(debut, fin):
    """Acquisitions, the year's depreciation (31 December, or the disposal's date), disposals: one query."""
    sorties = []
    immos = (
        Immobilisation.objects.filter(date_acquisition__lte=fin)
        .filter(Q(date_sortie__isnull=True) | Q(date_sortie__gte=debut))
        .select_related("categorie__compte_immobilisation", "categorie__compte_amortissement")
        .order_by("date_acquisition", "id")
    )
    for immo in immos:
        cat = immo.categorie
        c_immo, c_amort = cat.compte_immobilisation.numero, cat.compte_amortissement.numero
        if debut <= immo.date_acquisition <= fin:
            sorties.append(
                (
                    (immo.date_acquisition, _ORDRE_JOURNAUX["OD"], immo.pk * 4),
                    Ecriture(
                        "OD",
                        immo.date_acquisition,
                        immo.reference_facture or immo.numero,
                        immo.date_acquisition,
                        f"Acquisition {immo.designation}"[:200],
                        _deux(c_immo, COMPTE_BANQUE, immo.valeur_origine),
                    ),
                )
            )
        cumul = ZERO
        for a in plan_amortissement(immo):
            fin_annee = datetime.date(a.annee, 12, 31)
            date = immo.date_sortie if immo.date_sortie and immo.date_sortie.year == a.annee else fin_annee
            if debut <= date <= fin and a.dotation > 0:
                sorties.append(
                    (
                        (date, _ORDRE_JOURNAUX["OD"], immo.pk * 4 + 1),
                        Ecriture(
                            "OD",
                            date,
                            f"{immo.numero}-DOT{a.annee}",
                            date,
                            f"Dotation aux amortissements {a.annee} {immo.designation}"[:200],
                            _deux(COMPTE_DOTATIONS, c_amort, a.dotation),
                        ),
                    )
                )
            cumul = a.cumul
        if immo.date_sortie and debut <= immo.date_sortie <= fin:
            d = immo.date_sortie
            vnc = immo.valeur_origine - cumul
            lignes = [Ligne(c_amort, cumul, ZERO)] if cumul else []
            if vnc:
                lignes.append(Ligne(COMPTE_VNC_CEDEES, vnc, ZERO))
            lignes.append(Ligne(c_immo, ZERO, immo.valeur_origine))
            sorties.append(
                (
                    (d, _ORDRE_JOURNAUX["OD"], immo.pk * 4 + 2),
                    Ecriture(
                        "OD",
                        d,
                        immo.numero,
                        d,
                        f"Sortie ({immo.get_motif_sortie_display()}) {immo.designation}"[:200],
                        tuple(lignes),
                    ),
                )
            )
            if immo.prix_cession:
                sorties.append(
                    (
                        (d, _ORDRE_JOURNAUX["OD"], immo.pk * 4 + 3),
                        Ecriture(
                            "OD",
                            d,
                            immo.numero,
                            d,
                            f"Prix de cession {immo.designation}"[:200],
                            _deux(COMPTE_BANQUE, COMPTE_PRODUITS_CESSION, immo.prix_cession),
                        ),
                    )
                )
    sorties.sort(key=lambda s: s[0])
    yield from sorties


SOURCES = (
    _achats,
    _paiements_fournisseurs,
    _cotisations,
    _frais_relance,
    _paiements_cotisations,
    _caisse,
    _immobilisations,
)


def ecritures(*, debut: datetime.date, fin: datetime.date):
    """The entries dated between `debut` and `fin`, in chronological order (then journal), streamed: each source is
    one query read in chunks (a server-side cursor on PostgreSQL), merged on the fly; memory is flat in the number
    of operations (the fixed assets, a few hundred rows at most, are read at once)."""
    for _cle, ecriture in heapq.merge(*(source(debut, fin) for source in SOURCES), key=lambda s: s[0]):
        yield ecriture


def soldes(*, fin: datetime.date, debut: datetime.date | None = None) -> dict[str, Decimal]:
    """Debit minus credit of each account over the entries between `debut` (default: all history) and `fin`."""
    debut = debut or datetime.date(1900, 1, 1)
    totaux: dict[str, Decimal] = {}
    for ecriture in ecritures(debut=debut, fin=fin):
        for ligne in ecriture.lignes:
            totaux[ligne.compte] = totaux.get(ligne.compte, ZERO) + ligne.debit - ligne.credit
    return totaux


def a_nouveaux(annee: int) -> Ecriture | None:
    """The opening entry of `annee`: the balance sheet accounts (classes 1 to 5) as they stood on 31 December of the
    year before, the previous years' results carried to 110 Report à nouveau."""
    avant = soldes(fin=datetime.date(annee - 1, 12, 31))
    report = ZERO
    lignes = []
    for compte in sorted(avant):
        solde = avant[compte]
        if compte[0] in "67":
            report += solde
            continue
        if solde:
            lignes.append(Ligne(compte, max(solde, ZERO), max(-solde, ZERO)))
    if report:
        lignes.append(Ligne(COMPTE_REPORT, max(report, ZERO), max(-report, ZERO)))
    if not lignes:
        return None
    jour = datetime.date(annee, 1, 1)
    return Ecriture("AN", jour, f"AN{annee}", jour, f"Reprise des soldes au 31/12/{annee - 1}", tuple(lignes))


def libelles_comptes() -> dict[str, str]:
    return dict(CompteComptable.objects.values_list("numero", "libelle"))


# --- the statements -------------------------------------------------------------------------------------------------


def _ligne_etat(compte: str, libelles: dict, montant: Decimal) -> dict:
    return {"compte": compte, "libelle": libelles.get(compte, compte), "montant": montant}


def etats_financiers(annee: int) -> dict:
    """The income statement and the balance sheet of `annee` from the entries (one pass over the history):

    - compte de résultat: each charge account (class 6) debit − credit of the year, each income account (class 7)
      credit − debit, the result = income − charges;
    - bilan at 31 December: fixed assets gross (2xxx) less their depreciation (28xx); third-party and financial
      accounts (classes 4 and 5) on the side of their balance (a debit balance is an asset: dues receivable, cash,
      bank; a credit balance a liability: suppliers, a bank overdraft); equity = the previous years' results
      (Report à nouveau) and the year's result; class 1 accounts as recorded. Assets = liabilities by construction
      (double entry), checked by `equilibre`."""
    libelles = libelles_comptes()
    fin = datetime.date(annee, 12, 31)
    debut_annee = datetime.date(annee, 1, 1)
    cumul: dict[str, Decimal] = {}
    exercice: dict[str, Decimal] = {}
    report = ZERO
    for ecriture in ecritures(debut=datetime.date(1900, 1, 1), fin=fin):
        dans = ecriture.date >= debut_annee
        for ligne in ecriture.lignes:
            net = ligne.debit - ligne.credit
            if ligne.compte[0] in "67":
                if dans:
                    exercice[ligne.compte] = exercice.get(ligne.compte, ZERO) + net
                else:
                    report -= net
            else:
                cumul[ligne.compte] = cumul.get(ligne.compte, ZERO) + net
    charges = [_ligne_etat(c, libelles, exercice[c]) for c in sorted(exercice) if c[0] == "6" and exercice[c]]
    produits = [_ligne_etat(c, libelles, -exercice[c]) for c in sorted(exercice) if c[0] == "7" and exercice[c]]
    total_charges = sum((lg["montant"] for lg in charges), ZERO)
    total_produits = sum((lg["montant"] for lg in produits), ZERO)
    resultat = total_produits - total_charges

    immobilisations, amortissements, actif_circulant, dettes, capitaux = [], [], [], [], []
    for compte in sorted(cumul):
        solde = cumul[compte]
        if not solde:
            continue
        if compte.startswith("28"):
            amortissements.append(_ligne_etat(compte, libelles, -solde))
        elif compte[0] == "2":
            immobilisations.append(_ligne_etat(compte, libelles, solde))
        elif compte[0] == "1":
            capitaux.append(_ligne_etat(compte, libelles, -solde))
        elif solde > 0:
            actif_circulant.append(_ligne_etat(compte, libelles, solde))
        else:
            dettes.append(_ligne_etat(compte, libelles, -solde))
    if report:
        capitaux.append(_ligne_etat(COMPTE_REPORT, libelles, report))
    capitaux.append({"compte": "120", "libelle": libelles.get("120", "Résultat de l'exercice"), "montant": resultat})
    brut = sum((lg["montant"] for lg in immobilisations), ZERO)
    amorti = sum((lg["montant"] for lg in amortissements), ZERO)
    circulant = sum((lg["montant"] for lg in actif_circulant), ZERO)
    total_actif = brut - amorti + circulant
    total_capitaux = sum((lg["montant"] for lg in capitaux), ZERO)
    total_dettes = sum((lg["montant"] for lg in dettes), ZERO)
    total_passif = total_capitaux + total_dettes
    return {
        "annee": annee,
        "resultat": {
            "charges": charges,
            "produits": produits,
            "total_charges": total_charges,
            "total_produits": total_produits,
            "resultat": resultat,
        },
        "bilan": {
            "immobilisations": immobilisations,
            "amortissements": amortissements,
            "actif_immobilise_net": brut - amorti,
            "actif_circulant": actif_circulant,
            "total_actif": total_actif,
            "capitaux": capitaux,
            "dettes": dettes,
            "total_capitaux": total_capitaux,
            "total_dettes": total_dettes,
            "total_passif": total_passif,
            "equilibre": total_actif == total_passif,
        },
    }


def _en_texte(valeur):
    if isinstance(valeur, Decimal):
        return f"{valeur:.2f}"
    if isinstance(valeur, dict):
        return {k: _en_texte(v) for k, v in valeur.items()}
    if isinstance(valeur, list):
        return [_en_texte(v) for v in valeur]
    return valeur


def _en_decimal(valeur):
    if isinstance(valeur, dict):
        return {
            k: (
                Decimal(v)
                if isinstance(v, str) and k.startswith(("montant", "total", "resultat", "actif"))
                else _en_decimal(v)
            )
            for k, v in valeur.items()
        }
    if isinstance(valeur, list):
        return [_en_decimal(v) for v in valeur]
    return valeur


def etats_en_json(etats: dict) -> dict:
    """The statements as the snapshot kept on the closing (amounts as decimal strings)."""
    return _en_texte(etats)


def etats_depuis_json(donnees: dict) -> dict:
    return _en_decimal(donnees)
