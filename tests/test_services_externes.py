"""The services CI provides are really used: PostgreSQL through DATABASE_URL, a Celery worker through Redis."""

import os

import pytest
from django.db import connection

from config.celery import app as celery_app
from config.celery import ping
from tests.conftest import service_indisponible


def test_la_base_configuree_par_database_url_est_celle_des_tests():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        service_indisponible("DATABASE_URL ne désigne pas PostgreSQL : tests sur SQLite")
    assert connection.vendor == "postgresql"


def test_en_test_les_taches_s_executent_dans_le_processus():
    assert celery_app.conf.task_always_eager
    assert ping.delay().get(timeout=1) == "pong"


@pytest.mark.services
def test_un_vrai_worker_consomme_les_taches_depuis_redis():
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        service_indisponible("REDIS_URL absent : pas de broker Redis")
    import redis
    from celery.contrib.testing.worker import start_worker

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as exc:
        service_indisponible(f"Redis injoignable ({exc})")

    ancien = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            resultat = ping.apply_async()
            assert resultat.get(timeout=20) == "pong"
    finally:
        celery_app.conf.task_always_eager = ancien
