"""Playwright (sync API) driving Debian's chromium, headless, against pytest-django's live_server.

Playwright's sync API runs an event loop in the test thread, so Django refuses database access from the test
(SynchronousOnlyOperation) unless told that this thread is safe: it is, the loop only waits on the browser.
DJANGO_ALLOW_ASYNC_UNSAFE is set only while a browser module runs (and the browser lives no longer): set for the
whole session it would leak into subprocesses, where `check --deploy` rightly refuses it (tests/test_settings.py).
"""

import os
from pathlib import Path

import pytest

from tests.conftest import service_indisponible

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def _django_async_unsafe_autorise():
    patch = pytest.MonkeyPatch()
    patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    yield
    patch.undo()


@pytest.fixture(scope="module")
def chromium(_django_async_unsafe_autorise):
    chemin = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    if not (chemin.is_file() and os.access(chemin, os.X_OK)):
        service_indisponible("chromium absent")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        navigateur = playwright.chromium.launch(executable_path=str(chemin), headless=True, args=CHROMIUM_ARGS)
        yield navigateur
        navigateur.close()


@pytest.fixture(scope="session")
def _medias_jamais_servis():
    """settings.MEDIA_URL is None (documents are private, streamed by views that check rights), which Django's
    live server cannot parse: give it an URL on another host, so that it serves no media at all."""
    from django.test import override_settings

    with override_settings(MEDIA_URL="http://medias.invalid/"):
        yield


@pytest.fixture
def nouvelle_page(_medias_jamais_servis, chromium, live_server):
    """A factory of pages, one browser context (cookies, session) each; every request that leaves the live
    server is recorded in page.requetes_externes (the pages must make none)."""
    contextes = []

    def fabriquer():
        contexte = chromium.new_context(base_url=live_server.url, locale="fr-FR")
        contexte.set_default_timeout(10_000)
        contextes.append(contexte)
        page = contexte.new_page()
        page.requetes_externes = []

        def noter(requete):
            if not requete.url.startswith((live_server.url, "data:", "about:")):
                page.requetes_externes.append(requete.url)

        page.on("request", noter)
        return page

    yield fabriquer
    for contexte in contextes:
        contexte.close()


@pytest.fixture
def page(nouvelle_page):
    return nouvelle_page()


@pytest.fixture
def comptes_demo(transactional_db, settings):
    """The demo's data (80 doctors, the council, its sessions) and the logins it prints: {role: (username,
    password)}, the role being the printed one's start ("Superutilisateur", "Médecin (…), présidence"…)."""
    import re
    from io import StringIO

    from django.core.management import call_command

    settings.DEBUG = True  # the command refuses to run with DEBUG off, as pytest-django runs
    sortie = StringIO()
    call_command("demo", medecins=80, stdout=sortie)
    settings.DEBUG = False
    lignes = re.findall(r"^\s+(.+?)\s+identifiant : (\S+)\s+mot de passe : (\S+)", sortie.getvalue(), re.M)
    return {role: (identifiant, mot_de_passe) for role, identifiant, mot_de_passe in lignes}
