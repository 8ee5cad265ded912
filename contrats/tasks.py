"""The contracts' e-mails, sent by Celery (the pattern and its guarantees: commun/tasks.py)."""

from celery import shared_task

from commun.tasks import OPTIONS_ENVOI, expedier

from . import courriels


@shared_task(name="contrats.contrat_avis_envoyer", **OPTIONS_ENVOI)
def contrat_avis_envoyer(self, *, envoi_ids: list[int]) -> None:
    expedier(self, envoi_ids, composer=courriels.contrat_avis)
