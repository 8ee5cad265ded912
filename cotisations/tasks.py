"""The dues' e-mails, sent by Celery (the pattern and its guarantees: commun/tasks.py). Ids in, one call."""

from celery import shared_task

from commun.tasks import OPTIONS_ENVOI, expedier

from . import courriels


@shared_task(name="cotisations.recu_envoyer", **OPTIONS_ENVOI)
def recu_envoyer(self, *, envoi_ids: list[int]) -> None:
    expedier(self, envoi_ids, composer=courriels.recu)


@shared_task(name="cotisations.exoneration_decision_envoyer", **OPTIONS_ENVOI)
def exoneration_decision_envoyer(self, *, envoi_ids: list[int]) -> None:
    expedier(self, envoi_ids, composer=courriels.exoneration_decision)
