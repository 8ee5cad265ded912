"""The ads' tasks (the pattern: commun/tasks.py): the answer e-mailed to an ad's author, and the morning's expiry."""

from celery import shared_task
from django.utils import timezone

from commun.services import utilisateur_systeme
from commun.tasks import OPTIONS_ENVOI, expedier

from . import courriels


@shared_task(name="annonces.reponse_annonce_envoyer", **OPTIONS_ENVOI)
def reponse_annonce_envoyer(self, *, envoi_ids: list[int]) -> None:
    expedier(self, envoi_ids, composer=courriels.reponse_annonce)


@shared_task(name="annonces.annonces_expirer_du_jour", acks_late=True, ignore_result=True)
def annonces_expirer_du_jour() -> int:
    """Beat, every morning: the published ads whose end date has passed become « expirée »."""
    from .services import annonces_expirer

    return annonces_expirer(par=utilisateur_systeme(), today=timezone.localdate())
