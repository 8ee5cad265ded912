"""The e-mails of territorial solidarity, sent by Celery (the pattern: commun/tasks.py). Ids in, one call."""

from celery import shared_task

from commun.tasks import OPTIONS_ENVOI, expedier

from . import courriels


@shared_task(name="solidarite.volontaire_valide_envoyer", **OPTIONS_ENVOI)
def volontaire_valide_envoyer(self, *, envoi_ids: list[int]) -> None:
    expedier(self, envoi_ids, composer=courriels.volontaire_valide)
