"""The announcement of a purge to the secrétaire général: what kind of files, how many, on which day, and where to
see them (the back-office); it names nobody (an e-mail leaves the council's systems)."""

from django.conf import settings
from django.urls import reverse

from commun.courriels import Courriel, corps

from .models import AnnoncePurge
from .purges import GENRES


def purge_annonce(annonce_id: int) -> Courriel:
    annonce = AnnoncePurge.objects.get(pk=annonce_id)
    lien = settings.SITE_URL.rstrip("/") + reverse("admin:rgpd_annoncepurge_change", args=[annonce.pk])
    return Courriel(
        sujet=f"RGPD : {annonce.nombre} dossier(s) seront supprimés le {annonce.prevue_le:%d/%m/%Y}",
        corps=corps(
            "courriels/rgpd/purge_annonce.txt",
            {"annonce": annonce, "genre": GENRES[annonce.nature], "lien": lien},
        ),
    )
