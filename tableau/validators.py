import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone


def luhn_valide(nombre: str) -> bool:
    """Luhn check over every digit, the last one being the key."""
    total = 0
    for i, chiffre in enumerate(reversed(nombre)):
        n = int(chiffre)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def valider_rpps(valeur: str) -> None:
    """An RPPS number is 11 digits, the last a Luhn check digit (DOMAIN.md 1)."""
    valeur = valeur or ""
    # ASCII digits only: str.isdigit() also accepts "²" or full-width digits, which int() rejects or which would
    # store a second spelling of the same number.
    if not re.fullmatch(r"[0-9]{11}", valeur):
        raise ValidationError(
            "Le numéro RPPS doit comporter exactement 11 chiffres (reçu : « %(valeur)s »).",
            code="rpps_format",
            params={"valeur": valeur},
        )
    if not luhn_valide(valeur):
        raise ValidationError(
            "Le numéro RPPS « %(valeur)s » est invalide : sa clé de contrôle (dernier chiffre) ne correspond pas. "
            "Vérifiez la saisie.",
            code="rpps_cle",
            params={"valeur": valeur},
        )


def cle_luhn(debut: str) -> str:
    """The check digit that makes debut + digit pass the Luhn test (used by the demo and the factories)."""
    for chiffre in "0123456789":
        if luhn_valide(debut + chiffre):
            return chiffre
    raise AssertionError("unreachable")


def valider_date_passee(valeur: datetime.date) -> None:
    if valeur and valeur > timezone.localdate():
        raise ValidationError("La date de naissance ne peut pas être dans le futur.", code="date_future")


def valider_code_postal(valeur: str) -> None:
    if valeur and not re.fullmatch(r"[0-9]{5}", valeur):
        raise ValidationError("Le code postal doit comporter 5 chiffres.", code="code_postal")
