"""Data protection's Celery tasks: the e-mail announcing a purge to the secrétaire général (the pattern:
commun/tasks.py), and the daily purge run by beat (config/celery.py)."""

from celery import shared_task
from django.utils import timezone

from commun.tasks import OPTIONS_ENVOI, expedier

from . import courriels


@shared_task(name="rgpd.purge_annonce_envoyer", **OPTIONS_ENVOI)
def purge_annonce_envoyer(self, *, envoi_ids: list[int]) -> None:
    expedier(self, envoi_ids, composer=courriels.purge_annonce)


@shared_task(name="rgpd.purge_du_jour", acks_late=True, ignore_result=True)
def purge_du_jour() -> dict:
    """Beat, every night: delete what was announced a month ago and is still past its retention, then announce
    what will be in a month. A missed night is caught up the next; a re-run the same day does nothing more."""
    from commun.services import utilisateur_systeme

    from . import services

    return services.purge_du_jour(today=timezone.localdate(), par=utilisateur_systeme())
