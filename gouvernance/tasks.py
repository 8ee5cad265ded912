"""The council's e-mails, sent by Celery (the pattern and its guarantees: commun/tasks.py). Ids in, one call."""

from celery import shared_task

from commun.tasks import OPTIONS_ENVOI, expedier

from . import courriels


@shared_task(name="gouvernance.convocations_envoyer", **OPTIONS_ENVOI)
def convocations_envoyer(self, *, envoi_ids: list[int]) -> None:
    from .services import seances

    expedier(self, envoi_ids, composer=courriels.convocation, apres_envoi=seances.seance_noter_envoi_convocation)


@shared_task(name="gouvernance.proces_verbal_envoyer", **OPTIONS_ENVOI)
def proces_verbal_envoyer(self, *, envoi_ids: list[int]) -> None:
    from .services import seances

    expedier(self, envoi_ids, composer=courriels.proces_verbal, apres_envoi=seances.seance_noter_envoi_proces_verbal)


@shared_task(name="gouvernance.notification_envoyer", **OPTIONS_ENVOI)
def notification_envoyer(self, *, envoi_ids: list[int]) -> None:
    expedier(self, envoi_ids, composer=courriels.notification)
