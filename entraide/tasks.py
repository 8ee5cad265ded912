"""The entraide's Celery tasks (the pattern: commun/tasks.py). Ids in, one call.

- `aide_signalement_cnom_envoyer` (entraide-aides): the report of an aid granted to the commission nationale
  d'entraide, its PDF attached; the aid keeps the day it left (`Aide.signalee_cnom_le`).
"""

from celery import shared_task

from commun.tasks import OPTIONS_ENVOI, expedier


@shared_task(name="entraide.aide_signalement_cnom_envoyer", **OPTIONS_ENVOI)
def aide_signalement_cnom_envoyer(self, *, envoi_ids: list[int]) -> None:
    from . import courriels_aides
    from .services.cnom import aide_noter_signalement

    expedier(self, envoi_ids, composer=courriels_aides.signalement_cnom, apres_envoi=aide_noter_signalement)
