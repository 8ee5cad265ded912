"""Strict test settings: warnings are errors (pyproject), fast hashing (settings.TESTING), undefined template
variables fail (below), and in CI (REQUIRE_SERVICES=1) no test may be skipped (tests/services_requis.py)."""

import pytest
from rest_framework.test import APIClient

from tests import factories
from tests.services_requis import (  # noqa: F401 (hooks: turn every skip into a failure under REQUIRE_SERVICES=1)
    pytest_make_collect_report,
    pytest_runtest_makereport,
    services_requis,
)

REQUIRE_SERVICES = services_requis()


def service_indisponible(raison: str):
    """Skip a test whose service is missing, except in CI where that is a failure."""
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 mais service indisponible : {raison}")
    pytest.skip(raison)


@pytest.fixture(autouse=True)
def _medias_temporaires(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "documents"


@pytest.fixture(autouse=True)
def _celery_dans_le_processus():
    """Tasks run in-process in tests, even when REDIS_URL is set; the tests of the real worker switch it off."""
    from config.celery import app

    ancien = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = ancien


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def medecin(db):
    return factories.MedecinFactory(avec_compte=True)


@pytest.fixture
def autre_medecin(db):
    return factories.MedecinFactory(avec_compte=True)


@pytest.fixture
def staff_tableau(db):
    return factories.StaffFactory(groupe="tableau")


@pytest.fixture
def superuser(db):
    return factories.UserFactory(is_staff=True, is_superuser=True)
