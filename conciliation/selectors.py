"""Reads of the conciliation: the files a user may see, the legal deadlines."""

import datetime

from django.db.models import Prefetch, QuerySet

from conciliation.models import Conciliateur, Plainte, Reunion


def plaintes_lisibles(*, user, date: datetime.date) -> QuerySet[Plainte]:
    """The files this user may read (none for anybody else: the doors answer 404). A party never sees his own
    file: the doctor concerned, a complainant doctor, a member who declared a link (conciliation/perms.py)."""
    from config.perms import peut

    if not peut(user, "conciliation.plainte_lire", objet=Plainte(), date=date):
        return Plainte.objects.none()
    qs = Plainte.objects.select_related("medecin").order_by("-date_enregistrement", "-id")
    medecin = getattr(user, "medecin", None)
    if medecin is not None:
        qs = (
            qs.exclude(medecin=medecin)
            .exclude(plaignant_medecin=medecin)
            .exclude(pk__in=Plainte.objects.filter(liens__membre__medecin=medecin).values("pk"))
        )
    return qs


def plaintes_detaillees(qs: QuerySet[Plainte]) -> QuerySet[Plainte]:
    """With what a file's page shows: its conciliators, meetings and their PV, documents, links."""
    return qs.prefetch_related(
        Prefetch("conciliateurs", queryset=Conciliateur.objects.select_related("membre__medecin").order_by("id")),
        Prefetch("reunions", queryset=Reunion.objects.select_related("proces_verbal").order_by("date", "id")),
        "pieces",
        "liens",
    )


def membres_lies(plainte: Plainte) -> dict[int, str]:
    """The council's members who must step aside on this file, and why: a declared link, or being a party (the
    doctor concerned, the complainant doctor) when he is a member."""
    from gouvernance.models import Membre

    lies = {lien.membre_id: f"lien déclaré : {lien.description}" for lien in plainte.liens.all()}
    for membre in Membre.objects.filter(medecin_id__in=[plainte.medecin_id, plainte.plaignant_medecin_id]):
        lies.setdefault(
            membre.pk,
            "médecin mis en cause" if membre.medecin_id == plainte.medecin_id else "plaignant",
        )
    return lies
