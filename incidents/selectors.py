"""Reads of the safety observatory: who reads the declarations on a date, the declarations a user may see, the
yearly anonymous figures."""

import datetime
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from gouvernance.models import NatureCommission
from incidents.models import AuteurIncident, Incident, LieuIncident, TypeIncident


def est_membre_vigilance(*, user, date: datetime.date) -> bool:
    """Does this user sit in the vigilance commission on `date` (by right, as référent sécurité, or elected)?"""
    medecin = getattr(user, "medecin", None) if user is not None and user.is_authenticated else None
    if medecin is None:
        return False
    from gouvernance import selectors as gouvernance

    return gouvernance.siege_en_commission(medecin=medecin, nature=NatureCommission.VIGILANCE, date=date)


def lit_tout(*, user, date: datetime.date) -> bool:
    """Staff with the permission and the vigilance commission's members read every declaration."""
    from config.perms import peut

    return peut(user, "incidents.incidents_consulter", objet=Incident(), date=date)


def incidents_lisibles(*, user, date: datetime.date) -> QuerySet[Incident]:
    """The declarations this user may read: all of them for the readers of the observatory, his own for a doctor,
    none for anybody else (the doors answer 404)."""
    qs = Incident.objects.select_related("declarant").order_by("-date", "-id")
    if lit_tout(user=user, date=date):
        return qs
    medecin = getattr(user, "medecin", None) if user is not None and user.is_authenticated else None
    if medecin is not None:
        return qs.filter(declarant=medecin)
    return Incident.objects.none()


def incidents_du_medecin(*, medecin) -> QuerySet[Incident]:
    return Incident.objects.filter(declarant=medecin).order_by("-date", "-id")


def _pourcentage(n: int, total: int) -> Decimal:
    if not total:
        return Decimal("0.00")
    return (Decimal(n) * 100 / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def statistiques(*, annee: int) -> dict:
    """The observatory's anonymous figures of a calendar year (by date of the facts): the number of declarations,
    each type (a declaration may have several), place and author, and the share with a complaint filed (a
    percentage to the hundredth). No name, no town, no account: nothing that identifies a doctor. One query."""
    lignes = list(Incident.objects.filter(date__year=annee).values_list("types", "lieu", "auteur", "plainte_deposee"))
    par_type = Counter(t for types, *_ in lignes for t in dict.fromkeys(types))
    par_lieu = Counter(lieu for _, lieu, _, _ in lignes)
    par_auteur = Counter(auteur for _, _, auteur, _ in lignes)
    plaintes = sum(1 for *_, plainte in lignes if plainte)
    return {
        "annee": annee,
        "total": len(lignes),
        "par_type": {t: par_type.get(t, 0) for t in TypeIncident.values},
        "par_lieu": {lieu: par_lieu.get(lieu, 0) for lieu in LieuIncident.values},
        "par_auteur": {a: par_auteur.get(a, 0) for a in AuteurIncident.values},
        "part_plainte": _pourcentage(plaintes, len(lignes)),
    }
