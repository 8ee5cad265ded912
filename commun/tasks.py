"""E-mails through Celery: the one pattern every app follows (convocations, minutes and notifications in
gouvernance; notices of lost prescription pads in tableau; the dues reminders next).

Nothing is sent inside a web request. A service that has an e-mail to send:

1. writes, in its own transaction and with its object locked, one `commun.models.Envoi` row per recipient
   (nature, object, address, state "à envoyer", who asked) through
   `commun.services.envois_programmer(nature=, objet=, adresses=, tache=, par=)`, which also enqueues the task
   with `transaction.on_commit(lambda: tache.delay(envoi_ids=[...]))`: a refused or rolled-back act leaves no row
   and no task. The `UniqueConstraint` on (nature, object, address, lot) is the idempotency guard: asking twice
   for the same message finds its row instead of sending twice (the guard is in the database, not in Redis).
2. says "envoi programmé" to the user (page, admin, API), not "envoyé": with a worker the e-mail leaves later.

The task, in `<app>/tasks.py`, takes ids only and is one call:

    @shared_task(name="gouvernance.convocations_envoyer", **OPTIONS_ENVOI)
    def convocations_envoyer(self, *, envoi_ids: list[int]) -> None:
        expedier(self, envoi_ids, composer=courriels.convocation, apres_envoi=services.seance_noter_convocation)

- `composer(objet_id) -> commun.courriels.Courriel` lives in `<app>/courriels.py`: subject, body from
  `templates/courriels/<app>/<nom>.txt`, PDFs from `<app>/documents.py`. It is rendered when the task runs, once
  per object, not per recipient.
- `expedier` (below) locks each row, returns at once if it is already sent (a redelivered or resent task),
  sends, and records `envoye_le`; on failure it records the error and the attempt on the row and retries the
  rows left with exponential backoff (`delai_avant_tentative`). After the last attempt the rows are "en échec":
  staff see them in the admin (Envois de courriels) and put them back with the "Renvoyer" action
  (`commun.services.envois_renvoyer`).
- `apres_envoi(envoi=, par=)`, a service of the owning app, runs in the row's transaction once it was sent: the
  object's own date of sending (`Seance.convocation_envoyee_le`, `Seance.pv_envoye_le`) is set there, from what
  really left, never by the service that asked.
- `acks_late`: a worker that dies mid-task leaves its message to be redelivered; the row lock and the state make
  the second run skip what the first sent (at worst the one e-mail being sent at the crash leaves twice).
  Redis redelivers a message not acknowledged within `CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]`,
  and a retry waits in the worker unacknowledged: every backoff delay stays below it (tests/commun/test_envois.py
  asserts it). Writes made by a task carry the system user as history author.
- Tests: without `REDIS_URL`, and always in the test suite, tasks run eagerly in-process (retries immediately,
  without the countdown); wrap the service call in `django_capture_on_commit_callbacks(execute=True)` to run
  them. tests/test_services_externes.py proves the same path with a real worker consuming from Redis.
"""

from django.conf import settings

from . import services

# Options of every sending task. The task itself never raises out: the outcome is on the rows.
OPTIONS_ENVOI = {"bind": True, "acks_late": True, "reject_on_worker_lost": True}


def tentatives_max() -> int:
    return max(1, settings.ENVOI_TENTATIVES)


def delai_avant_tentative(essai: int) -> float:
    """Seconds to wait before the attempt that follows attempt `essai` (0 for the first): doubled each time,
    capped by ENVOI_DELAI_MAX, which stays below Redis's visibility timeout."""
    return min(settings.ENVOI_DELAI_INITIAL * 2**essai, settings.ENVOI_DELAI_MAX)


def expedier(tache, envoi_ids: list[int], *, composer, apres_envoi=None) -> None:
    """The body of every sending task: send the rows, retry those that failed, leave them "en échec" at the end."""
    essai = tache.request.retries or 0
    derniere = essai + 1 >= tentatives_max()
    a_refaire = services.envois_expedier(
        envoi_ids=list(envoi_ids), composer=composer, apres_envoi=apres_envoi, derniere_tentative=derniere
    )
    if a_refaire:
        raise tache.retry(
            args=(),
            kwargs={"envoi_ids": a_refaire},
            countdown=delai_avant_tentative(essai),
            max_retries=tentatives_max() - 1,
        )
