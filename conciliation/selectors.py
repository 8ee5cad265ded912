"""Reads of the conciliation: the files a user may see, the legal deadlines."""

import datetime

from django.db.models import QuerySet

from conciliation.models import Plainte


def plaintes_lisibles(*, user, date: datetime.date) -> QuerySet[Plainte]:
    """The files this user may read (none for anybody else: the doors answer 404)."""
    from config.perms import peut

    if peut(user, "conciliation.plainte_lire", objet=Plainte(), date=date):
        return Plainte.objects.select_related("medecin").order_by("-date_enregistrement", "-id")
    return Plainte.objects.none()
