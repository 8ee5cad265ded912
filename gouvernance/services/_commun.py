"""What every gouvernance service shares: saving with history, dates, periods."""

import datetime

from django.db.models import Q

UN_JOUR = datetime.timedelta(days=1)


def _enregistrer(instance, *, par, update_fields=None):
    instance._history_user = par
    instance.full_clean()
    instance.save(update_fields=update_fields)
    return instance


def _d(date: datetime.date) -> str:
    return f"{date:%d/%m/%Y}"


def _chevauche(debut: datetime.date, fin: datetime.date | None, prefixe: str = "") -> Q:
    """Rows whose inclusive period meets [debut, fin] (fin None: open-ended)."""
    q = Q(**{f"{prefixe}date_fin__isnull": True}) | Q(**{f"{prefixe}date_fin__gte": debut})
    if fin is not None:
        q &= Q(**{f"{prefixe}date_debut__lte": fin})
    return q


def _clore(instance, date_fin: datetime.date, par):
    """End a dated row on `date_fin`, or delete it when it had not started yet (nothing to keep)."""
    if instance.date_debut > date_fin:
        instance._history_user = par
        instance.delete()
        return
    instance.date_fin = date_fin
    _enregistrer(instance, par=par, update_fields=["date_fin"])
