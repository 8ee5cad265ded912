"""REQUIRE_SERVICES=1 (CI): no test may be skipped, whatever skipped it.

`service_indisponible()` (tests/conftest.py) already fails instead of skipping under REQUIRE_SERVICES=1, but a
bare `pytest.skip()`, a `skipif` marker, an `importorskip` or a module-level skip would still hide a missing
service. These two hooks turn every skipped outcome, at collection and at each phase of a test, into a failure
that names the skip's reason. An expected failure (`xfail`) is not a skip and is left alone.

tests/conftest.py imports the hooks, so they apply to the whole suite; tests/test_services_requis.py runs them
on a tiny test file with `-p tests.services_requis`.
"""

import os

import pytest


def services_requis() -> bool:
    return os.environ.get("REQUIRE_SERVICES") == "1"


def _message(rapport) -> str:
    longrepr = rapport.longrepr
    # A skip's longrepr is (file, line, "Skipped: reason").
    raison = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return (
        f"REQUIRE_SERVICES=1 : aucun test ne doit être sauté en CI ({raison}). Fournissez le service manquant "
        "(DATABASE_URL, REDIS_URL, CHROMIUM_PATH…) ou retirez le saut."
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    rapport = yield
    if services_requis() and rapport.skipped and not hasattr(rapport, "wasxfail"):
        rapport.longrepr = _message(rapport)
        rapport.outcome = "failed"
    return rapport


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    rapport = yield
    if services_requis() and rapport.outcome == "skipped":
        rapport.longrepr = _message(rapport)
        rapport.outcome = "failed"
    return rapport
