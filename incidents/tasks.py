"""The safety observatory's e-mails, sent by Celery (the pattern and its guarantees: commun/tasks.py)."""

from celery import shared_task

from commun.tasks import OPTIONS_ENVOI, expedier

from . import courriels


@shared_task(name="incidents.incident_avis_envoyer", **OPTIONS_ENVOI)
def incident_avis_envoyer(self, *, envoi_ids: list[int]) -> None:
    expedier(self, envoi_ids, composer=courriels.incident_avis)
