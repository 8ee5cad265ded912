"""Reads of the entraide: who reads a request on a date, the requests a user may see."""

import datetime

from django.db.models import QuerySet

from commun.periodes import couvre_q
from entraide.models import Demande, ReferentEntraide
from gouvernance.models import Commission, NatureCommission, TypeFonction


def est_lecteur(*, user, date: datetime.date) -> bool:
    """A deliberative member of the entraide commission on `date` (gouvernance's composition), or, when no entraide
    commission exists on that date, the référent designated; never the trésorier on that date."""
    medecin = getattr(user, "medecin", None) if user is not None and user.is_authenticated else None
    if medecin is None:
        return False
    from gouvernance import selectors as gouvernance

    if TypeFonction.TRESORIER in gouvernance.roles_de(user=user, date=date, parmi={TypeFonction.TRESORIER}):
        return False
    if Commission.objects.filter(couvre_q(date), nature=NatureCommission.ENTRAIDE).exists():
        return gouvernance.siege_en_commission(medecin=medecin, nature=NatureCommission.ENTRAIDE, date=date)
    return ReferentEntraide.objects.filter(couvre_q(date), membre__medecin=medecin).exists()


def demandes_lisibles(*, user, date: datetime.date) -> QuerySet[Demande]:
    """The requests this user may read in full (none for anybody else: the doors answer 404)."""
    from config.perms import peut

    if peut(user, "entraide.demande_lire", objet=Demande(), date=date):
        return Demande.objects.select_related("medecin").order_by("-date_depot", "-id")
    return Demande.objects.none()


def demandes_du_medecin(*, medecin) -> QuerySet[Demande]:
    """The applicant's own requests (their status and dates only are shown to him)."""
    return Demande.objects.filter(medecin=medecin).order_by("-date_depot", "-id")


# --- entraide-aides (issue 12 points 10-12) ---


def contacts_affiches():
    """The helplines shown to doctors (espace, public page, API), in their order."""
    from entraide.models import Contact

    return Contact.objects.filter(actif=True).order_by("ordre", "id")


def aides_de(demande):
    return demande.aides.select_related("engagement", "exoneration", "cotisation", "decidee_par").order_by("date", "id")
