"""The dues' Celery tasks: ids in, one service call each (commun/tasks.py: acks_late, capped backoff below Redis's
visibility timeout, idempotent by the database's state and unique constraints)."""

from celery import shared_task
from django.core.exceptions import ObjectDoesNotExist

from commun.tasks import delai_avant_tentative

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
