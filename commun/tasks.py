"""E-mails through Celery: the one pattern every app follows (convocations, draft minutes and copies of
notifications in gouvernance; notices and receipts of lost prescription pads, the links to choose a password (an
account opened by `compte_medecin`, « Mot de passe oublié ») in tableau; the dues reminders next).

Nothing is sent inside a web request, and nothing says "sent" before it left.

To add an e-mail to an app:

1. `commun.models.NatureEnvoi`: a member for the new kind (French label: the admin filters on it), then
   `makemigrations commun`.
2. `<app>/courriels.py`: `def <nom>(objet_id: int) -> commun.courriels.Courriel`, reading the object (selectors),
   the body from `templates/courriels/<app>/<nom>.txt` (wrapped in `{% autoescape off %}`: plain text), PDFs
   from `<app>/documents.py`. It runs in the task, once per object whatever the number of recipients.
3. `<app>/tasks.py`, a task that takes ids only and is one call:

       @shared_task(name="gouvernance.convocations_envoyer", **OPTIONS_ENVOI)
       def convocations_envoyer(self, *, envoi_ids: list[int]) -> None:
           expedier(self, envoi_ids, composer=courriels.convocation,
                    apres_envoi=seances.seance_noter_envoi_convocation)

4. In the service, inside its `transaction.atomic()` and with its object locked:
   `commun.services.envois_programmer(nature=, objet=, adresses=, tache=tasks.<tâche>, par=par)`. It writes one
   `commun.models.Envoi` row per address ("à envoyer", who asked) and enqueues the task with
   `transaction.on_commit(lambda: tache.delay(envoi_ids=[...]))`: a refused or rolled-back act leaves no row and
   no task. The `UniqueConstraint` (nature, object, address, lot) is the idempotency guard, in the database and
   not in Redis: asking twice for the same message finds its row; a deliberate new send of the same message
   (a member lost the draft minutes) passes `nouveau_lot=True`. A beat-driven calendar (the dues reminders)
   calls a service that works out what is due and programs it the same way: a re-run writes nothing twice.
5. The door says "envoi programmé" (page, admin, API), not "envoyé": with a worker the e-mail leaves later.
6. Dates: the object's own date of sending (`Seance.convocation_envoyee_le`, `Seance.pv_envoye_le`) is set by
   `apres_envoi(envoi=, par=)`, a service of the app run in the row's transaction once the e-mail left, never
   by the service that asked; a legal act that is not the e-mail keeps its own date (a notification's
   `notifiee_le` is the letter's), the copy's date and address are on its row.
7. Staff: give the group that handles these e-mails `"commun": {"envoi": ("view", "renvoyer")}` in
   config/roles.py; the admin (Envois de courriels) shows each member the rows about the models he may view.

What `expedier` guarantees:
- Each row is locked, skipped if already sent (a redelivered or resent task), sent, and marked sent with
  `envoye_le` in its own transaction; on failure the error (plain text) and the attempt are recorded on the row
  and the rows left are retried with exponential backoff (`delai_avant_tentative`). After the last of
  `ENVOI_TENTATIVES` attempts they are "en échec": staff put them back with the admin's "Renvoyer"
  (`commun.services.envois_renvoyer`). The task never raises out: the outcome is on the rows.
- The broker down when the act commits: the act stands, the rows stay "à envoyer" (a warning is logged) and the
  beat task `commun.envois_relancer` (config/celery.py) puts them back in the queue once it answers.
- `acks_late`: a worker that dies mid-task leaves its message to be redelivered; the lock and the state make the
  second run skip what the first sent (at worst the one e-mail being sent at the crash leaves twice). Redis
  redelivers a message not acknowledged within `CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]`, and a
  retry waits in the worker unacknowledged: every backoff delay stays below it (ENVOI_DELAI_MAX; asserted by
  tests/commun/test_envois.py). Writes made by a task carry the system user as history author.

Tests: without `REDIS_URL`, and always in the test suite, tasks run eagerly in-process (the attempts follow each
other at once); wrap the service call in `django_capture_on_commit_callbacks(execute=True)` to run them, and
`tests.commun.courriel.BackendInstable` makes a send fail. tests/test_services_externes.py proves the same path
with a real worker process consuming from Redis (`tests/worker.py`) and sending to a test SMTP server
(`tests/smtp.py`): reuse both for a new app's e-mail.
"""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import services

# Options of every sending task. The task itself never raises out: the outcome is on the rows.
OPTIONS_ENVOI = {"bind": True, "acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}


def tentatives_max() -> int:
    return max(1, settings.ENVOI_TENTATIVES)


def delai_avant_tentative(essai: int) -> float:
    """Seconds to wait before the attempt that follows attempt `essai` (0 for the first): doubled each time,
    capped by ENVOI_DELAI_MAX, which stays below Redis's visibility timeout."""
    return min(settings.ENVOI_DELAI_INITIAL * 2**essai, settings.ENVOI_DELAI_MAX)


def expedier(tache, envoi_ids: list[int], *, composer, apres_envoi=None) -> None:
    """The body of every sending task: send the rows, retry those that failed, leave them "en échec" at the end."""
    essai = tache.request.retries or 0
    envoi_ids = list(envoi_ids)
    while True:
        derniere = essai + 1 >= tentatives_max()
        a_refaire = services.envois_expedier(
            envoi_ids=envoi_ids, composer=composer, apres_envoi=apres_envoi, derniere_tentative=derniere
        )
        if not a_refaire:
            return
        if not tache.request.is_eager:
            raise tache.retry(
                args=(),
                kwargs={"envoi_ids": a_refaire},
                countdown=delai_avant_tentative(essai),
                max_retries=tentatives_max() - 1,
            )
        # In-process (no REDIS_URL, the tests) there is no queue to wait in, and Celery's eager retry would raise
        # into the request: the next attempt runs at once.
        essai, envoi_ids = essai + 1, a_refaire


# Rows left "à envoyer" longer than the longest wait between two attempts, plus this margin, lost their task.
MARGE_RELANCE = datetime.timedelta(minutes=5)


@shared_task(name="commun.envois_relancer", acks_late=True, ignore_result=True)
def envois_relancer() -> int:
    """Beat: the sends whose task never reached the broker (down when the act committed) leave once it is back."""
    avant = timezone.now() - datetime.timedelta(seconds=settings.ENVOI_DELAI_MAX) - MARGE_RELANCE
    return services.envois_relancer(avant=avant, par=services.utilisateur_systeme())
