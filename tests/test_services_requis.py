"""Under REQUIRE_SERVICES=1 (CI) no skip passes: the hooks of tests/services_requis.py, run on a tiny test file
in a separate pytest, turn each kind of skip into a failure and leave everything else as it was."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent

PETITS_TESTS = """
import pytest

def test_qui_passe():
    pass

def test_saute_dans_le_test():
    pytest.skip("Redis injoignable")

@pytest.fixture
def navigateur():
    pytest.skip("chromium absent")

def test_saute_par_une_fixture(navigateur):
    pass

@pytest.mark.skipif(True, reason="pas de PostgreSQL")
def test_saute_par_un_marqueur():
    pass

@pytest.mark.xfail(reason="défaut connu", strict=True)
def test_echec_attendu():
    assert False
"""

MODULE_SAUTE = """
import pytest

pytest.skip("module entier sans service", allow_module_level=True)

def test_jamais_collecte():
    pass
"""


def _lancer(tmp_path, require_services: str | None) -> subprocess.CompletedProcess:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # this directory is the rootdir, not the project
    (tmp_path / "test_petits.py").write_text(PETITS_TESTS)
    (tmp_path / "test_module_saute.py").write_text(MODULE_SAUTE)
    env = {k: v for k, v in os.environ.items() if k not in ("REQUIRE_SERVICES", "PYTEST_ADDOPTS")}
    if require_services is not None:
        env["REQUIRE_SERVICES"] = require_services
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:django", "-p", "no:xdist", "-p", "no:cacheprovider"]
        + ["-p", "tests.services_requis", "--continue-on-collection-errors", "-q", "-rA", str(tmp_path)],
        cwd=RACINE,  # so that `tests.services_requis` imports
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("valeur", [None, "0"])
def test_hors_ci_un_saut_reste_un_saut(tmp_path, valeur):
    resultat = _lancer(tmp_path, valeur)
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "1 passed, 4 skipped, 1 xfailed" in resultat.stdout, resultat.stdout


def test_en_ci_tout_saut_devient_un_echec_qui_dit_pourquoi(tmp_path):
    resultat = _lancer(tmp_path, "1")
    sortie = resultat.stdout
    assert resultat.returncode == 1, sortie + resultat.stderr
    # The skip inside a test fails; the skips in a fixture, a marker (setup) and a module (collection) are errors
    # (a collection error alone would stop the session: --continue-on-collection-errors shows the others too).
    assert "1 failed, 1 passed, 1 xfailed, 3 errors" in sortie, sortie
    assert "skipped" not in sortie.splitlines()[-1]
    for raison in ("Redis injoignable", "chromium absent", "pas de PostgreSQL", "module entier sans service"):
        assert f"REQUIRE_SERVICES=1 : aucun test ne doit être sauté en CI (Skipped: {raison})" in sortie, raison
