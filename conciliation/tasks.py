"""The conciliation's Celery tasks (the pattern: commun/tasks.py). Ids or a date in, one call.

- `echeances_rappels_du_jour`: the beat entry of config/celery.py (daily): the reminders of the legal deadlines to
  the legal service, worked out from the database (conciliation/services/echeances.py: a missed day caught up, a
  re-run sends nothing twice);
- the e-mails of a file (commun.Envoi rows, conciliation/courriels.py): acknowledgement of receipt, information of
  the doctor, convocations, PV, transmission, reminders.
"""

import datetime
import logging

from celery import shared_task
from django.core.exceptions import ValidationError
from django.utils import timezone

from commun.tasks import OPTIONS_ENVOI, expedier

journal = logging.getLogger(__name__)


@shared_task(name="conciliation.echeances_rappels_du_jour", bind=True, acks_late=True, reject_on_worker_lost=True)
def echeances_rappels_du_jour(self, *, date: str | None = None) -> int | None:
    from commun.services import utilisateur_systeme

    from .services.echeances import echeances_rappeler

    jour = datetime.date.fromisoformat(date) if date else timezone.localdate()
    try:
        rappels = echeances_rappeler(date=jour, par=utilisateur_systeme())
    except ValidationError as exc:
        journal.warning("Rappels des échéances du %s non programmés : %s", jour, " ".join(exc.messages))
        return None
    return len(rappels)


def _envoyer(tache, envoi_ids, composer_nom):
    from . import courriels

    expedier(tache, envoi_ids, composer=getattr(courriels, composer_nom))


@shared_task(name="conciliation.accuse_reception_envoyer", **OPTIONS_ENVOI)
def accuse_reception_envoyer(self, *, envoi_ids: list[int]) -> None:
    _envoyer(self, envoi_ids, "accuse_reception")


@shared_task(name="conciliation.information_medecin_envoyer", **OPTIONS_ENVOI)
def information_medecin_envoyer(self, *, envoi_ids: list[int]) -> None:
    _envoyer(self, envoi_ids, "information_medecin")


@shared_task(name="conciliation.convocation_plaignant_envoyer", **OPTIONS_ENVOI)
def convocation_plaignant_envoyer(self, *, envoi_ids: list[int]) -> None:
    _envoyer(self, envoi_ids, "convocation_plaignant")


@shared_task(name="conciliation.convocation_medecin_envoyer", **OPTIONS_ENVOI)
def convocation_medecin_envoyer(self, *, envoi_ids: list[int]) -> None:
    _envoyer(self, envoi_ids, "convocation_medecin")


@shared_task(name="conciliation.proces_verbal_envoyer", **OPTIONS_ENVOI)
def proces_verbal_envoyer(self, *, envoi_ids: list[int]) -> None:
    _envoyer(self, envoi_ids, "proces_verbal")


@shared_task(name="conciliation.transmission_parties_envoyer", **OPTIONS_ENVOI)
def transmission_parties_envoyer(self, *, envoi_ids: list[int]) -> None:
    _envoyer(self, envoi_ids, "transmission_parties")


@shared_task(name="conciliation.transmission_chambre_envoyer", **OPTIONS_ENVOI)
def transmission_chambre_envoyer(self, *, envoi_ids: list[int]) -> None:
    _envoyer(self, envoi_ids, "transmission_chambre")


@shared_task(name="conciliation.rappel_echeance_envoyer", **OPTIONS_ENVOI)
def rappel_echeance_envoyer(self, *, envoi_ids: list[int]) -> None:
    _envoyer(self, envoi_ids, "rappel_echeance")
