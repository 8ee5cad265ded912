"""The trésorerie's Celery tasks (the pattern: commun/tasks.py). Ids or a date in, one call.

- `budget_rappels_du_jour` (budget): the beat entry of config/celery.py (daily): the reminder of the CNOM deadline
  of the budget prévisionnel (20 October), worked out from the database, as the system user.
- `rappel_budget_cnom_envoyer` (budget): sends its e-mail rows (commun.Envoi).
Year-end (issue 11 point 7):
- `cloture_rappels_du_jour`: the beat entry of config/celery.py (daily): the reminders of the closing calendar to
  the trésorier, worked out from the database (a missed day caught up, a re-run sends nothing twice);
- `cloture_rappel_envoyer`, `cloture_refus_cnom_envoyer`: the e-mails (commun.Envoi rows).
"""

import datetime
import logging

from celery import shared_task
from django.core.exceptions import ValidationError
from django.utils import timezone

from commun.tasks import OPTIONS_ENVOI, expedier

journal = logging.getLogger(__name__)


# --- budget (issue 11 point 1) ---
@shared_task(name="tresorerie.budget_rappels_du_jour", bind=True, acks_late=True, reject_on_worker_lost=True)
def budget_rappels_du_jour(self, *, date: str | None = None) -> dict | None:
    from commun.services import utilisateur_systeme

    from .services.budget import budget_rappels_programmer

    jour = datetime.date.fromisoformat(date) if date else timezone.localdate()
    try:
        bilan = budget_rappels_programmer(date=jour, par=utilisateur_systeme())
    except ValidationError as exc:
        journal.warning("Rappel du budget du %s non programmé : %s", jour, " ".join(exc.messages))
        return None
    return {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in bilan.items()}


@shared_task(name="tresorerie.rappel_budget_cnom_envoyer", **OPTIONS_ENVOI)
def rappel_budget_cnom_envoyer(self, *, envoi_ids: list[int]) -> None:
    from . import courriels_budget

    expedier(self, envoi_ids, composer=courriels_budget.rappel_budget_cnom)


@shared_task(name="tresorerie.cloture_rappels_du_jour", bind=True, acks_late=True, reject_on_worker_lost=True)
def cloture_rappels_du_jour(self, *, date: str | None = None) -> int | None:
    from commun.services import utilisateur_systeme

    from .services.cloture import cloture_rappels_executer

    jour = datetime.date.fromisoformat(date) if date else timezone.localdate()
    try:
        rappel = cloture_rappels_executer(date=jour, par=utilisateur_systeme())
    except ValidationError as exc:
        journal.warning("Rappels de clôture du %s non envoyés : %s", jour, " ".join(exc.messages))
        return None
    return rappel.pk if rappel else None


@shared_task(name="tresorerie.cloture_rappel_envoyer", **OPTIONS_ENVOI)
def cloture_rappel_envoyer(self, *, envoi_ids: list[int]) -> None:
    from . import courriels_cloture

    expedier(self, envoi_ids, composer=courriels_cloture.rappel)


@shared_task(name="tresorerie.cloture_refus_cnom_envoyer", **OPTIONS_ENVOI)
def cloture_refus_cnom_envoyer(self, *, envoi_ids: list[int]) -> None:
    from . import courriels_cloture

    expedier(self, envoi_ids, composer=courriels_cloture.refus_cnom)
