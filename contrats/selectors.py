"""Reads of the contracts: who sits in the commission d'étude des contrats on a date, the contracts a user may
see, whether a member is concerned by a contract."""

import datetime

from django.db.models import QuerySet

from contrats.models import Contrat, LienContrat
from gouvernance.models import NatureCommission


def est_membre_commission(*, user, date: datetime.date) -> bool:
    medecin = getattr(user, "medecin", None) if user is not None and user.is_authenticated else None
    if medecin is None:
        return False
    from gouvernance import selectors as gouvernance

    return gouvernance.siege_en_commission(medecin=medecin, nature=NatureCommission.ETUDE_CONTRATS, date=date)


def lit_tout(*, user, date: datetime.date) -> bool:
    from config.perms import peut

    return peut(user, "contrats.contrats_consulter", objet=Contrat(), date=date)


def contrats_visibles(*, user, date: datetime.date) -> QuerySet[Contrat]:
    """Every contract for staff with the permission and the commission's members; his own for a doctor; none
    for anybody else (the doors answer 404)."""
    qs = Contrat.objects.select_related("medecin").order_by("-date_reception", "-id")
    if lit_tout(user=user, date=date):
        return qs
    medecin = getattr(user, "medecin", None) if user is not None and user.is_authenticated else None
    if medecin is not None:
        return qs.filter(medecin=medecin)
    return Contrat.objects.none()


def contrats_du_medecin(*, medecin) -> QuerySet[Contrat]:
    return Contrat.objects.filter(medecin=medecin).order_by("-date_reception", "-id")


def motif_de_deport(*, contrat: Contrat, medecin) -> str | None:
    """Why this doctor, a member of the commission, must step aside on this contract (None if he need not)."""
    if medecin is None:
        return None
    if contrat.medecin_id == medecin.pk:
        return "ce contrat est le vôtre"
    lien = LienContrat.objects.filter(contrat=contrat, membre__medecin=medecin).first()
    if lien is not None:
        return f"vous avez déclaré un lien avec ce contrat ({lien.motif})"
    return None
