"""The dues' Celery tasks (the pattern: commun/tasks.py). Ids or a date in, one call.

- `relances_du_jour`: the beat entry of config/celery.py (daily): runs the reminder calendar for today, as the
  system user. It carries no state but the date: what is due is worked out from the database, so a missed day is
  caught up by the next run and a run twice sends nothing twice.
- `relances_courriels_envoyer`: the e-mail copies of the reminder letters (commun.Envoi rows).
- `recu_envoyer`: the receipt of a payment, its PDF attached (commun.Envoi rows).
- the print run's chunks and merge (cotisations.services.tirage).
"""

import datetime
import logging

from celery import shared_task
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils import timezone

from commun.tasks import OPTIONS_ENVOI, delai_avant_tentative, expedier

journal = logging.getLogger(__name__)


@shared_task(name="cotisations.appel_completer", acks_late=True, ignore_result=True)
def appel_completer(*, annee: int | None = None) -> int:
    """Call the dues of the first registrations recorded since the year's call (issue 10 point 2: « each first
    registration of the year when it is recorded »): enqueued once a registration commits, and run by beat every
    morning as a catch-up (an import, a missed message). Nothing before the year is called; idempotent by the
    dues' uniqueness (a re-run adds nobody twice). Returns the number of dues called."""
    from commun.services import utilisateur_systeme

    from .models import Cotisation
    from .services.appel import cotisations_appeler

    annee = annee or timezone.localdate().year
    if not Cotisation.objects.filter(annee=annee).exists():
        return 0
    try:
        return cotisations_appeler(annee=annee, today=timezone.localdate(), par=utilisateur_systeme())["creees"]
    except ValidationError as exc:  # another call at the same moment: the next run finishes it
        journal.warning("Appel complémentaire %s non fait : %s", annee, " ".join(exc.messages))
        return 0


@shared_task(name="cotisations.relances_du_jour", bind=True, acks_late=True, reject_on_worker_lost=True)
def relances_du_jour(self, *, date: str | None = None) -> dict | None:
    """Run the calendar for `date` (ISO, default: today in Europe/Paris). A refusal (no dues called yet for the
    year) is logged, not retried: the next day's run tries again."""
    from commun.services import utilisateur_systeme

    from .services.relances import relances_executer

    jour = datetime.date.fromisoformat(date) if date else timezone.localdate()
    try:
        bilan = relances_executer(date=jour, par=utilisateur_systeme())
    except ValidationError as exc:
        journal.warning("Relances du %s non envoyées : %s", jour, " ".join(exc.messages))
        return None
    return {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in bilan.items()}


@shared_task(name="cotisations.relances_courriels_envoyer", **OPTIONS_ENVOI)
def relances_courriels_envoyer(self, *, envoi_ids: list[int]) -> None:
    from . import courriels_relances

    expedier(self, envoi_ids, composer=courriels_relances.relance)


@shared_task(name="cotisations.recu_envoyer", **OPTIONS_ENVOI)
def recu_envoyer(self, *, envoi_ids: list[int]) -> None:
    from . import courriels

    expedier(self, envoi_ids, composer=courriels.recu)


@shared_task(name="cotisations.exoneration_decision_envoyer", **OPTIONS_ENVOI)
def exoneration_decision_envoyer(self, *, envoi_ids: list[int]) -> None:
    from . import courriels

    expedier(self, envoi_ids, composer=courriels.exoneration_decision)


# --- impression: the print run (cotisations.services.tirage) -------------------------------------------------------
# A worker killed while rendering leaves its message unacknowledged (acks_late, reject_on_worker_lost): Redis
# delivers it again and the chunk, still "en cours", is rendered again; a chunk done is skipped.
OPTIONS_TIRAGE = {"bind": True, "acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}
ESSAIS_TIRAGE = 5


def _reessayer(tache, exc, **kwargs):
    if tache.request.is_eager:
        raise exc
    essai = tache.request.retries or 0
    raise tache.retry(exc=exc, kwargs=kwargs, countdown=delai_avant_tentative(essai), max_retries=ESSAIS_TIRAGE)


@shared_task(name="cotisations.tirage_lot_rendre", **OPTIONS_TIRAGE)
def tirage_lot_rendre(self, *, lot_id: int) -> None:
    from commun.services import utilisateur_systeme

    from .services import tirage

    try:
        tirage.lot_rendre(lot_id=lot_id, par=utilisateur_systeme())
    except ObjectDoesNotExist:
        return  # the run was deleted: nothing left to render
    except Exception as exc:  # a full disk, a database gone away: try again later, the chunk is still not done
        _reessayer(self, exc, lot_id=lot_id)


@shared_task(name="cotisations.tirage_assembler", **OPTIONS_TIRAGE)
def tirage_assembler(self, *, tirage_id: int) -> None:
    from commun.services import utilisateur_systeme

    from .services import tirage

    try:
        tirage.tirage_assembler(tirage_id=tirage_id, par=utilisateur_systeme())
    except ObjectDoesNotExist:
        return
    except Exception as exc:
        _reessayer(self, exc, tirage_id=tirage_id)
