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
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from .models import (
    Immobilisation,
    MouvementCaisse,
    SensMouvement,
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
