"""The trésorerie's Celery tasks (the pattern: commun/tasks.py). Ids or a date in, one call.

- `budget_rappels_du_jour` (budget): the beat entry of config/celery.py (daily): the reminder of the CNOM deadline
  of the budget prévisionnel (20 October), worked out from the database, as the system user.
- `rappel_budget_cnom_envoyer` (budget): sends its e-mail rows (commun.Envoi).
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
