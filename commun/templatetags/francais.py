"""French formats for letters and pages: amounts « 1 234,50 € » and dates « 15 avril 2026 », whatever the active
locale (a PDF rendered by a Celery worker has no request to take a language from)."""

from django import template

from commun.formats import ESPACE_FINE, ESPACE_INSECABLE, MOIS, date_fr, montant_fr  # noqa: F401
from commun.formats import euros as _euros

register = template.Library()


@register.filter
def euros(valeur) -> str:
    """« 1 234,50 € » (no-break space before the sign)."""
    return _euros(valeur)


@register.filter
def montant(valeur) -> str:
    return montant_fr(valeur)


@register.filter
def date_longue(valeur) -> str:
    return date_fr(valeur)
