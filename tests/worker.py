"""A real Celery worker, in its own process, for the tests that prove a task path end to end through Redis.

The worker is `celery -A config worker --pool=solo` with the project's own settings, reading the test database
(PostgreSQL: another process cannot reach SQLite's in-memory test database) and consuming from a queue of its
own, so that the workers of parallel test processes (xdist) never take each other's messages. Use it from a
test that writes with `transactional_db` (the worker only sees committed rows) and observe the outcome in the
database or on `tests.smtp.ServeurSMTP`, never in `mail.outbox` (another process).
"""

import contextlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from django.db import connection

from tests.conftest import service_indisponible

RACINE = Path(__file__).resolve().parent.parent


def redis_url_ou_indisponible() -> str:
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        service_indisponible("REDIS_URL absent : pas de broker Redis")
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as exc:
        service_indisponible(f"Redis injoignable ({exc})")
    return redis_url


def url_de_la_base_de_test() -> str:
    """The DATABASE_URL of the database this test process uses (test_<name>, test_<name>_gw0 under xdist)."""
    if connection.vendor != "postgresql":
        service_indisponible("le worker réel lit la base de test : il faut PostgreSQL (DATABASE_URL)")
    r = connection.settings_dict
    auth = quote(r["USER"] or "", safe="")
    if r.get("PASSWORD"):
        auth += ":" + quote(r["PASSWORD"], safe="")
    return f"postgres://{auth}@{r['HOST'] or '127.0.0.1'}:{r['PORT'] or 5432}/{r['NAME']}"


class WorkerReel:
    """`with WorkerReel(env={...}) as worker:` a worker process on `worker.file`; `worker.journal()` its output."""

    def __init__(self, *, env: dict[str, str] | None = None):
        self.file = f"essais-{uuid.uuid4().hex[:12]}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": url_de_la_base_de_test(),
            "REDIS_URL": redis_url_ou_indisponible(),
            # The test database is flushed and dropped at the end: the worker keeps no connection between tasks.
            "DJANGO_CONN_MAX_AGE": "0",
            **(env or {}),
        }
        self._sortie = None
        self.processus = None

    def __enter__(self):
        self._sortie = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"{self.file}.log", "w+")  # noqa: SIM115
        self.processus = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--queues",
                self.file,
                "--hostname",
                f"{self.file}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "INFO",
            ],
            cwd=RACINE,
            env=self.env,
            stdout=self._sortie,
            stderr=subprocess.STDOUT,
        )
        return self

    def journal(self) -> str:
        self._sortie.flush()
        self._sortie.seek(0)
        return self._sortie.read()[-6000:]

    def attendre(self, condition, *, delai: float = 60, message: str = "") -> None:
        """Poll `condition()` (a read of the database) until true; fail with the worker's output otherwise."""
        fin = time.monotonic() + delai
        while time.monotonic() < fin:
            if condition():
                return
            if self.processus.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"{message or 'condition jamais remplie'}\n--- worker ---\n{self.journal()}")

    def __exit__(self, *exc):
        self.processus.terminate()
        try:
            self.processus.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.processus.kill()
            self.processus.wait()
        self._sortie.close()
        with contextlib.suppress(OSError):
            os.unlink(self._sortie.name)


@contextlib.contextmanager
def taches_vers(worker: WorkerReel):
    """Tasks enqueued in this block go to the worker's queue, through Redis (not in-process)."""
    from config.celery import app

    # The app's table of queues is built once, from the default queue of the moment: build it now, with the usual
    # default, so that routing to the worker's queue only adds that queue, taken out again below (a worker
    # started later in this process, tests/test_services_externes.py's ping, consumes from that table).
    file_habituelle = app.amqp.queues[app.conf.task_default_queue]
    anciens = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = worker.file
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = anciens
        app.amqp.queues.pop(worker.file, None)
        assert file_habituelle.name in app.amqp.queues
