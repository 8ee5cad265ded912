"""Members and their mandates on a date; the declarations of interests."""

import calendar
import datetime

from django.db.models import F, QuerySet

from commun.periodes import couvre_q as couvre
from gouvernance.models import (
    DeclarationInterets,
    Membre,
    Qualite,
)


def ajouter_mois(date: datetime.date, mois: int) -> datetime.date:
    """`date` moved by a number of months, clamped to the month's last day (31 May - 3 months = 28/29 February)."""
    total = date.year * 12 + date.month - 1 + mois
    annee, mois0 = divmod(total, 12)
    jour = min(date.day, calendar.monthrange(annee, mois0 + 1)[1])
    return datetime.date(annee, mois0 + 1, jour)


# --- members ---------------------------------------------------------------------------------------------------


def membres_en_fonction(*, date: datetime.date, qualite: str | None = None) -> QuerySet[Membre]:
    qs = Membre.objects.filter(couvre(date)).select_related("medecin")
    if qualite:
        qs = qs.filter(qualite=qualite)
    return qs


def nombre_titulaires(*, date: datetime.date) -> int:
    """The titular members whose mandate covers the date (CONTRACT.md: not the statutory number of seats)."""
    return Membre.objects.filter(couvre(date), qualite=Qualite.TITULAIRE).count()


def majorite_absolue(n: int) -> int:
    return n // 2 + 1


def plafond_bureau(*, date: datetime.date) -> int:
    """At most 2/5 of the titular members (seed 002 L.I 2.1.3): 16 titulars → 6 (6.4 rounded down)."""
    return nombre_titulaires(date=date) * 2 // 5


def membre_de(*, date: datetime.date, medecin=None, user=None) -> Membre | None:
    """The mandate of this doctor (or of this user's doctor) covering the date, titular first."""
    qs = Membre.objects.filter(couvre(date))
    if medecin is not None:
        qs = qs.filter(medecin=medecin)
    elif user is not None and user.is_authenticated:
        qs = qs.filter(medecin__user=user)
    else:
        return None
    return qs.select_related("medecin").order_by("-qualite", "id").first()


# --- declarations of interests ---------------------------------------------------------------------------------


def declaration_courante(*, membre: Membre) -> DeclarationInterets | None:
    return DeclarationInterets.objects.filter(membre=membre).order_by("-version").first()


def declarations_publiees(*, date: datetime.date) -> list[DeclarationInterets]:
    """The current (latest) declaration of every member in office, for the public page (seed 002 L.I 1.1.3)."""
    membres = membres_en_fonction(date=date).values("pk")
    dernieres = {}
    for d in (
        DeclarationInterets.objects.filter(membre__in=membres)
        .select_related("membre__medecin")
        .order_by("membre_id", "-version")
    ):
        dernieres.setdefault(d.membre_id, d)
    return sorted(dernieres.values(), key=lambda d: (d.membre.medecin.nom, d.membre.medecin.prenom, d.pk))


def suppleant_de_remplacement(*, titulaire: Membre, date: datetime.date) -> Membre | None:
    """The substitute who replaces a titular for good: same sex, same half, next in electoral rank (seed 002 L.I
    T.II 1.3.2)."""
    return (
        membres_en_fonction(date=date, qualite=Qualite.SUPPLEANT)
        .filter(moitie=titulaire.moitie, medecin__sexe=titulaire.medecin.sexe)
        .order_by(F("rang").asc(nulls_last=True), "id")
        .first()
    )


def declarations_historique(*, membre: Membre) -> list[DeclarationInterets]:
    """Every version a member filed for this mandate, the current (latest) first, for their espace page."""
    return list(DeclarationInterets.objects.filter(membre=membre).order_by("-version"))
