"""French formats for letters, pages and the services' messages: amounts « 1 234,50 € » and dates « 15 avril
2026 », whatever the active locale (a PDF rendered by a Celery worker has no request to take a language from).
The templates read them through the `francais` template library; services import them from here."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
ESPACE_FINE = "\u202f"  # the thousands separator of French typography (narrow no-break space)
ESPACE_INSECABLE = "\u00a0"


def montant_fr(valeur) -> str:
    """1234.5 → « 1 234,50 » (two decimals, narrow no-break spaces between thousands)."""
    if valeur is None or valeur == "":
        return ""
    montant = Decimal(valeur).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    signe = "-" if montant < 0 else ""
    entiers, decimales = f"{abs(montant):.2f}".split(".")
    groupes = []
    while entiers:
        groupes.insert(0, entiers[-3:])
        entiers = entiers[:-3]
    return f"{signe}{ESPACE_FINE.join(groupes)},{decimales}"


def date_fr(valeur: datetime.date | None) -> str:
    """date(2026, 4, 15) → « 15 avril 2026 », « 1er juin 2026 »."""
    if not valeur:
        return ""
    jour = "1er" if valeur.day == 1 else str(valeur.day)
    return f"{jour} {MOIS[valeur.month - 1]} {valeur.year}"


def euros(valeur) -> str:
    """« 1 234,50 € » (no-break space before the sign)."""
    texte = montant_fr(valeur)
    return f"{texte}{ESPACE_INSECABLE}€" if texte else ""
