"""The reminder calendar's reads (DOMAIN.md 2; the rules are described in cotisations/services/relances.py): the
dates of the steps, and who is due a step on a date, as one SQL WHERE clause shared by the run (its
INSERT … SELECT), the admin's preview of the next run and the plenary's list of remaining debtors. Reads only:
imported by the services and by the selectors."""

import datetime
from decimal import Decimal

from django.db import connection
from django.utils.formats import date_format

from .models import Cotisation, EtapeRelance, MotifExoneration, Paiement, Relance, StatutCotisation

DELAI_ENTRE_ETAPES = datetime.timedelta(days=30)
ETAPES_CALENDRIER = (EtapeRelance.RAPPEL, EtapeRelance.LRAR1, EtapeRelance.LRAR2)
# The step each one follows (at least DELAI_ENTRE_ETAPES later); the court request follows the second letter.
PRECEDENTE = {
    EtapeRelance.LRAR1: EtapeRelance.RAPPEL,
    EtapeRelance.LRAR2: EtapeRelance.LRAR1,
    EtapeRelance.INJONCTION: EtapeRelance.LRAR2,
}
AVEC_FRAIS = frozenset({EtapeRelance.LRAR1, EtapeRelance.LRAR2})


def date_etape(etape: str, annee: int) -> datetime.date:
    """The calendar's date of a step for the dues of `annee`."""
    return {
        EtapeRelance.RAPPEL: datetime.date(annee, 4, 15),
        EtapeRelance.LRAR1: datetime.date(annee, 6, 1),
        EtapeRelance.LRAR2: datetime.date(annee, 12, 1),
        EtapeRelance.INJONCTION: datetime.date(annee + 1, 1, 1),
    }[etape]


def annee_du_calendrier(date: datetime.date) -> int:
    """The latest year whose 15 April has passed on `date` (before 15 April, last year's calendar still runs)."""
    return date.year if date >= date_etape(EtapeRelance.RAPPEL, date.year) else date.year - 1


def annees_a_relancer(date: datetime.date) -> list[int]:
    """The years a run on `date` looks at: the current calendar year and the one before (its late letters: a
    December letter missed, a late first registration whose chain runs into the next year)."""
    annee = annee_du_calendrier(date)
    return [annee - 1, annee]


def date_fr(date: datetime.date) -> str:
    return date_format(date, "j F Y")


# --- who is due what, in SQL ----------------------------------------------------------------------------------------


def table(modele) -> str:
    return connection.ops.quote_name(modele._meta.db_table)


def conditions(*, etape: str, annee: int, date: datetime.date) -> tuple[str, dict]:
    """The WHERE clause (alias c for the dues) of the dues due `etape` on `date`, and its parameters."""
    ops = connection.ops
    params = {
        "annee": annee,
        "etape": str(etape),
        "statut": StatutCotisation.DUE.value,
        "insuffisance": MotifExoneration.INSUFFISANCE_RESSOURCES.value,
        "date": ops.adapt_datefield_value(date),
        "limite": ops.adapt_datefield_value(date - DELAI_ENTRE_ETAPES),
    }
    where = f"""
        c.annee = %(annee)s
        AND c.statut = %(statut)s
        AND c.exoneration_motif <> %(insuffisance)s
        AND c.montant_paye < c.montant_du + c.frais
        AND c.montant_du + c.frais - COALESCE(
            (SELECT SUM(p.montant) FROM {table(Paiement)} p WHERE p.cotisation_id = c.id AND p.date <= %(date)s), 0
        ) > 0
        AND NOT EXISTS (SELECT 1 FROM {table(Relance)} r WHERE r.cotisation_id = c.id AND r.etape = %(etape)s)
        AND (c.relances_suspendues_jusqu_au IS NULL OR c.relances_suspendues_jusqu_au < %(date)s)
    """
    precedente = PRECEDENTE.get(etape)
    if precedente is None:
        where += " AND c.appelee_le <= %(limite)s"
    else:
        params["precedente"] = str(precedente)
        where += f"""
        AND EXISTS (
            SELECT 1 FROM {table(Relance)} r2
            WHERE r2.cotisation_id = c.id AND r2.etape = %(precedente)s AND r2.date <= %(limite)s
        )"""
    return where, params


def etapes_dues(date: datetime.date, annee: int) -> list[str]:
    return [etape for etape in ETAPES_CALENDRIER if date >= date_etape(etape, annee)]


def cotisations_dues(*, etape: str, annee: int, date: datetime.date):
    """The dues that would get `etape` on `date` (a queryset: the admin's preview and the tests read it)."""
    where, params = conditions(etape=etape, annee=annee, date=date)
    sql = f"SELECT c.id FROM {table(Cotisation)} c WHERE {where}"
    with connection.cursor() as curseur:
        curseur.execute(sql, params)
        ids = [ligne[0] for ligne in curseur.fetchall()]
    return Cotisation.objects.filter(pk__in=ids)


def principal_restant(cotisation: Cotisation) -> Decimal:
    """The dues still unpaid, postage aside (payments go to the dues first)."""
    return max(Decimal("0.00"), cotisation.montant_du - cotisation.montant_paye)


def frais_restants(cotisation: Cotisation) -> Decimal:
    return cotisation.solde - principal_restant(cotisation)


def debiteurs_injonction(*, annee: int, date: datetime.date):
    """The dues of `annee` still unpaid on `date` after the second registered letter, without a court request yet:
    the list the plenary deliberates on in January N+1."""
    where, params = conditions(etape=EtapeRelance.INJONCTION, annee=annee, date=date)
    with connection.cursor() as curseur:
        curseur.execute(f"SELECT c.id FROM {table(Cotisation)} c WHERE {where}", params)
        ids = [ligne[0] for ligne in curseur.fetchall()]
    return Cotisation.objects.filter(pk__in=ids)
