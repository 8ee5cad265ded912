"""The notice of a new declaration to the référent sécurité and the staff. It names neither the doctor nor the
facts (an e-mail leaves the council's systems): the reader opens the declaration in the back-office, where the
read is logged."""

from django.conf import settings
from django.urls import reverse

from commun.courriels import Courriel, corps

from .models import Incident


def incident_avis(incident_id: int) -> Courriel:
    incident = Incident.objects.get(pk=incident_id)
    lien = settings.SITE_URL.rstrip("/") + reverse("admin:incidents_incident_change", args=[incident.pk])
    return Courriel(
        sujet=f"Observatoire de la sécurité : nouvelle déclaration d'incident n°{incident.pk}",
        corps=corps("courriels/incidents/incident_avis.txt", {"incident": incident, "lien": lien}),
    )
