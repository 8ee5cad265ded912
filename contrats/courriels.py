"""The commission's opinion on a contract, to its doctor (the opinion is his: it is in the message, and on his
contracts page)."""

from django.conf import settings
from django.urls import reverse

from commun.courriels import Courriel, corps

from .models import Contrat


def contrat_avis(contrat_id: int) -> Courriel:
    contrat = Contrat.objects.select_related("medecin").get(pk=contrat_id)
    lien = settings.SITE_URL.rstrip("/") + reverse("contrats_espace:contrat", args=[contrat.pk])
    return Courriel(
        sujet=f"Votre contrat du {contrat.date_signature:%d/%m/%Y} : avis de la commission d'étude des contrats",
        corps=corps(
            "courriels/contrats/contrat_avis.txt",
            {"contrat": contrat, "medecin": contrat.medecin, "lien": lien, "cdom_nom": settings.CDOM_NOM},
        ),
    )
