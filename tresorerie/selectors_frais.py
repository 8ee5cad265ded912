"""Reads of the expense claims: the year's caps and mileage scale, where a member's mileage counts from, the claims
a user may see (a member his own; the chain's members and the accounting service all of them)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet, Sum

from commun.periodes import couvre_q
from config.perms import peut
from tableau.models import Exercice, LieuExercice, Medecin

from .models import (
    BaremeKilometrique,
    JustificatifFrais,
    LigneFrais,
    NoteFrais,
    ParametresFrais,
    StatutNote,
    TypeFrais,
)

CENTIME = Decimal("0.01")
# The claims whose mileage counts in the member's yearly distance (the band of the fiscal scale): those submitted
# or further; a draft or a claim sent back may still change.
STATUTS_COMPTES = tuple(s for s in StatutNote.values if s not in (StatutNote.BROUILLON, StatutNote.A_CORRIGER))


def au_centime(montant: Decimal) -> Decimal:
    return montant.quantize(CENTIME, rounding=ROUND_HALF_UP)


# --- the year's parameters ----------------------------------------------------------------------------------------


def parametres_frais(annee: int) -> ParametresFrais:
    parametres = ParametresFrais.objects.filter(annee=annee).first()
    if parametres is None:
        raise ValidationError(
            {"lignes": [f"Les plafonds des frais de {annee} ne sont pas encore saisis : le trésorier doit les fixer."]}
        )
    return parametres


def bareme_kilometrique(annee: int, cv: int) -> BaremeKilometrique:
    """The row of the year's fiscal scale for this horsepower (3 CV and less read the 3 CV row, 7 and more the 7)."""
    ligne = BaremeKilometrique.objects.filter(annee=annee, cv=min(max(cv, 3), 7)).first()
    if ligne is None:
        raise ValidationError(
            {"lignes": [f"Le barème kilométrique de {annee} n'est pas encore saisi : le trésorier doit le saisir."]}
        )
    return ligne


def montant_annuel(bareme: BaremeKilometrique, distance: int) -> Decimal:
    """The fiscal scale's yearly amount for a yearly distance d (d × taux, or d × taux + forfait in the middle band)."""
    d = Decimal(distance)
    if distance <= bareme.limite_1:
        return d * bareme.taux_1
    if distance <= bareme.limite_2:
        return d * bareme.taux_2 + bareme.forfait_2
    return d * bareme.taux_3


def indemnite_kilometrique(bareme: BaremeKilometrique, *, deja: int, km: int) -> Decimal:
    """What `km` more are worth once the member has already `deja` km in the year: the scale is a yearly amount for
    a yearly distance, so a trip is paid the difference it makes (its band is the member's yearly distance)."""
    return max(au_centime(montant_annuel(bareme, deja + km)) - au_centime(montant_annuel(bareme, deja)), Decimal(0))


def km_de_l_annee(*, medecin_id: int, annee: int, sauf_note_id: int | None = None) -> int:
    """The kilometres already counted for this doctor in the year (claims submitted or further)."""
    qs = LigneFrais.objects.filter(
        type=TypeFrais.KM,
        date__year=annee,
        note__membre__medecin_id=medecin_id,
        note__statut__in=STATUTS_COMPTES,
    )
    if sauf_note_id is not None:
        qs = qs.exclude(note_id=sauf_note_id)
    return qs.aggregate(t=Sum("km_retenus"))["t"] or 0


def nuits_d_hotel(*, medecin_id: int, dates, sauf_note_id: int | None = None) -> set[datetime.date]:
    """The hotel nights of this doctor on the given dates (on his other claims)."""
    qs = LigneFrais.objects.filter(type=TypeFrais.HOTEL, date__in=list(dates), note__membre__medecin_id=medecin_id)
    if sauf_note_id is not None:
        qs = qs.exclude(note_id=sauf_note_id)
    return set(qs.values_list("date", flat=True))


# --- where the mileage counts from (seed 002 annexe III 2.1.1) ----------------------------------------------------


def departement_du_code_postal(code_postal: str) -> str:
    code_postal = (code_postal or "").strip()
    if len(code_postal) != 5:
        return ""
    if code_postal.startswith("20"):  # Corsica: 2A up to 20190, 2B from 20200
        return "2A" if code_postal < "20200" else "2B"
    if code_postal[:2] in ("97", "98"):
        return code_postal[:3]
    return code_postal[:2]


def _adresse_professionnelle(medecin: Medecin, date: datetime.date) -> tuple[str, str]:
    lieu = (
        LieuExercice.objects.filter(medecin=medecin, principal=True)
        .filter(Q(date_fin__isnull=True) | Q(date_fin__gte=date))
        .order_by("-date_debut", "-id")
        .first()
    )
    if lieu is not None:
        return f"{lieu.adresse}, {lieu.code_postal} {lieu.ville}", lieu.code_postal
    if medecin.adresse_professionnelle or medecin.code_postal_professionnel:
        return (
            f"{medecin.adresse_professionnelle}, {medecin.code_postal_professionnel} {medecin.ville_professionnelle}",
            medecin.code_postal_professionnel,
        )
    return "", ""


def _adresse_correspondance(medecin: Medecin) -> tuple[str, str]:
    if medecin.adresse_correspondance or medecin.code_postal_correspondance:
        return (
            f"{medecin.adresse_correspondance}, {medecin.code_postal_correspondance} {medecin.ville_correspondance}",
            medecin.code_postal_correspondance,
        )
    return "", ""


def adresse_de_depart(medecin: Medecin, date: datetime.date) -> tuple[str, bool]:
    """(the address the mileage counts from, whether the member lives outside the department).

    The professional address (the principal place of practice in course, else the record's professional address)
    for a member in activity; the correspondence address for a retired member without activity (a retired member
    still practising keeps his professional address); each falls back on the other when missing. Outside the
    department (settings.CDOM_DEPARTEMENT), the mileage counts from the council's seat (settings.CDOM_ADRESSE)
    within the year's cap (80 km return)."""
    if medecin.exercice == Exercice.RETRAITE_SANS_ACTIVITE:
        adresse, code_postal = _adresse_correspondance(medecin)
        if not adresse:
            adresse, code_postal = _adresse_professionnelle(medecin, date)
    else:
        adresse, code_postal = _adresse_professionnelle(medecin, date)
        if not adresse:
            adresse, code_postal = _adresse_correspondance(medecin)
    departement = departement_du_code_postal(code_postal)
    if departement and departement != settings.CDOM_DEPARTEMENT:
        return f"Siège du conseil : {settings.CDOM_ADRESSE} (domicile : {adresse})", True
    return adresse or "Adresse non renseignée au tableau", False


# --- lists ----------------------------------------------------------------------------------------------------------


def _notes():
    return NoteFrais.objects.select_related("membre__medecin", "engagement").prefetch_related(
        Prefetch(
            "lignes",
            queryset=LigneFrais.objects.prefetch_related(
                Prefetch("justificatifs", queryset=JustificatifFrais.objects.order_by("id"))
            ).order_by("date", "id"),
        )
    )


def notes_frais_visibles(user, *, date: datetime.date | None = None) -> QuerySet[NoteFrais]:
    """A member sees his own claims; the chain's members (on the date) and the accounting service see them all."""
    if user is None or not user.is_authenticated:
        return NoteFrais.objects.none()
    if peut(user, "tresorerie.notes_frais_consulter", date=date):
        return _notes()
    return _notes().filter(membre__medecin__user=user)


def notes_frais_du_medecin(medecin) -> QuerySet[NoteFrais]:
    return _notes().filter(membre__medecin=medecin)


def notes_frais_a_verifier() -> QuerySet[NoteFrais]:
    return _notes().filter(statut=StatutNote.SOUMISE).order_by("soumise_le", "id")


def justificatifs_visibles(user) -> QuerySet[JustificatifFrais]:
    qs = JustificatifFrais.objects.select_related("ligne__note__membre__medecin")
    if peut(user, "tresorerie.notes_frais_consulter"):
        return qs
    return qs.filter(ligne__note__membre__medecin__user=user)


def mandat_couvrant(*, user, dates) -> object | None:
    """The doctor's mandate on the council that covers the first of these dates (else the current one)."""
    from gouvernance.models import Membre

    mandats = Membre.objects.filter(medecin__user=user).select_related("medecin")
    for date in sorted(dates):
        membre = mandats.filter(couvre_q(date)).order_by("-qualite", "id").first()
        if membre is not None:
            return membre
    return mandats.order_by("-date_debut", "id").first()
