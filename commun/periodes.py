"""Queries on dated rows (inclusive periods, `date_fin` empty = open-ended), shared by every app."""

import datetime

from django.db.models import Q


def couvre_q(date: datetime.date, prefixe: str = "") -> Q:
    """The rows (mandates, functions, delegations…) whose inclusive period covers `date`."""
    return Q(**{f"{prefixe}date_debut__lte": date}) & (
        Q(**{f"{prefixe}date_fin__isnull": True}) | Q(**{f"{prefixe}date_fin__gte": date})
    )


def chevauche_q(debut: datetime.date, fin: datetime.date | None, prefixe: str = "") -> Q:
    """The rows whose inclusive period meets [debut, fin] (fin None: open-ended)."""
    q = Q(**{f"{prefixe}date_fin__isnull": True}) | Q(**{f"{prefixe}date_fin__gte": debut})
    if fin is not None:
        q &= Q(**{f"{prefixe}date_debut__lte": fin})
    return q
