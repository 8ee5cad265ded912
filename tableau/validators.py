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
    # Kept for migration 0001, which names it; the field now uses valider_date_naissance.
    if valeur and valeur > timezone.localdate():
        raise ValidationError("La date de naissance ne peut pas être dans le futur.", code="date_future")


# A doctor on the tableau has finished medical studies: 18 is a floor no real record is near, 120 the contract's
# ceiling (CONTRACT.md: "not in the future, nor more than 120 years ago"). Both catch a mistyped year (1800, 2019).
AGE_MINIMUM = 18
AGE_MAXIMUM = 120


def _age(naissance: datetime.date, date: datetime.date) -> int:
    return date.year - naissance.year - ((date.month, date.day) < (naissance.month, naissance.day))


def valider_date_naissance(valeur: datetime.date, *, today: datetime.date) -> None:
    """A plausible birth date on the day it is entered (`today`, passed by the service): not in the future, aged
    18 to 120. A rule of the services, not a field validator: it depends on the day of entry."""
    if not valeur:
        return
    if valeur > today:
        raise ValidationError("La date de naissance ne peut pas être dans le futur.", code="date_future")
    age = _age(valeur, today)
    if age > AGE_MAXIMUM:
        raise ValidationError(
            "La date de naissance du %(date)s donnerait %(age)s ans, plus de %(maximum)s ans : vérifiez l'année.",
            code="date_naissance_ancienne",
            params={"date": f"{valeur:%d/%m/%Y}", "age": age, "maximum": AGE_MAXIMUM},
        )
    if age < AGE_MINIMUM:
        raise ValidationError(
            "La date de naissance du %(date)s donnerait %(age)s ans : un médecin inscrit a au moins %(minimum)s "
            "ans ; vérifiez l'année.",
            code="date_naissance_recente",
            params={"date": f"{valeur:%d/%m/%Y}", "age": age, "minimum": AGE_MINIMUM},
        )


# CONTRACT.md: "a phone number: digits with spaces, dots or a leading +". From 8 digits (a Luxembourg number
# without its +352) to 15 (the international maximum, E.164); a French number has 10.
MESSAGE_TELEPHONE = (
    "Numéro de téléphone invalide : des chiffres (8 à 15), séparés au besoin par des espaces ou des points, avec un "
    "« + » initial pour l'international ; par exemple 05 53 00 00 00 ou +33 5 53 00 00 00."
)


def valider_telephone(valeur: str) -> None:
    """One rule for every door (API, admin, import, espace): the annuaire publishes what passes here."""
    if not valeur:
        return
    if not re.fullmatch(r"\+?[0-9]+(?:[ .][0-9]+)*", valeur) or not 8 <= sum(c.isdigit() for c in valeur) <= 15:
        raise ValidationError(MESSAGE_TELEPHONE, code="telephone")


def valider_code_postal(valeur: str) -> None:
    if valeur and not re.fullmatch(r"[0-9]{5}", valeur):
        raise ValidationError("Le code postal doit comporter 5 chiffres.", code="code_postal")
