"""Strict test settings: warnings are errors (pyproject), fast hashing (settings.TESTING), undefined template
variables fail (below), and in CI (REQUIRE_SERVICES=1) no test may be skipped (tests/services_requis.py)."""

import sys

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


# --- Strict templates: an undefined variable fails the test -------------------------------------------------------
# les-emplois' habit, and pytest-django's --fail-on-template-vars, with two differences: the message names the
# template and the line where the variable is written (not the outermost template), and a few variables of
# third-party templates that rely on Django's silence are tolerated, each with its reason. Django resolves the
# variables of {% if %} and {% for %} without string_if_invalid: only {{ x }}, filters and tag arguments fail.
VARIABLES_TOLEREES = {
    # django-import-export's export page posts to {{ export_url }}, which it sets only when the export starts from
    # a changelist action; from the "Exporter" button it is undefined and the form posts back to the page itself.
    ("admin/import_export/export.html", "export_url"),
    # django-simple-history's buttons of a past version still print {{ onclick_attrib }}, which Django's own
    # submit_line.html dropped long ago and no view provides any more.
    ("simple_history/submit_line.html", "onclick_attrib"),
}


class VariableIndefinie:
    """TEMPLATES' string_if_invalid under tests: Django formats it with the variable's name (`"%s" in` it)."""

    def __contains__(self, motif):
        return motif == "%s"

    def __mod__(self, variable):
        variable = str(variable)  # a django.template.base.Variable
        gabarit, ligne = self._ou()
        if (gabarit, variable) in VARIABLES_TOLEREES:
            return ""
        pytest.fail(
            f"Variable de gabarit indéfinie « {variable} » dans {gabarit} (ligne {ligne}) : la vue doit la fournir "
            "dans son contexte, ou le gabarit la tester avec {% if %} (tests/conftest.py, VARIABLES_TOLEREES pour "
            "un gabarit tiers).",
            pytrace=False,
        )

    @staticmethod
    def _ou():
        from django.template.base import Node

        cadre = sys._getframe(2)
        while cadre is not None:  # the innermost node being rendered knows its template and its line
            noeud = cadre.f_locals.get("self")
            if isinstance(noeud, Node) and getattr(noeud, "origin", None) is not None:
                jeton = getattr(noeud, "token", None)
                return noeud.origin.template_name or noeud.origin.name, getattr(jeton, "lineno", "?")
            cadre = cadre.f_back
        return "?", "?"


@pytest.fixture(autouse=True, scope="session")
def _gabarits_stricts():
    from django.conf import settings
    from django.template import engines

    strict = VariableIndefinie()
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(settings.TEMPLATES[0]["OPTIONS"], "string_if_invalid", strict)
        for moteur in engines.all():  # built from the patched settings, or already built before them
            if hasattr(moteur, "engine"):
                patch.setattr(moteur.engine, "string_if_invalid", strict)
        yield


@pytest.fixture(autouse=True)
def _medias_temporaires(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "documents"


@pytest.fixture(autouse=True)
def _celery_dans_le_processus():
    """Tasks run in-process in tests, even when REDIS_URL is set; the tests of the real worker switch it off."""
    from celery._state import _set_task_join_will_block

    from config.celery import app

    ancien = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = ancien
    # A test that started a real worker leaves Celery's process-wide "inside a task" flag set (the worker's pool
    # component sets it as it starts): a later test of the same xdist worker calling result.get() would then be
    # refused with "Never call result.get() within a task!". Each test starts outside any task.
    _set_task_join_will_block(False)


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


@pytest.fixture
def systeme(db):
    """The system user: the author a test names for a write made outside any door (services require `par`)."""
    return factories.systeme()


# The rows the data migrations load (yearly parameters, the accounting plan, the legal remedies…): a transactional
# test (races, live server, real workers) runs on tables the previous one flushed, so they are loaded again before
# it, by the migrations' own idempotent loaders (get_or_create / update_or_create).
DONNEES_INITIALES = (
    ("cotisations.migrations.0002_baremes_initiaux", "charger"),
    ("cotisations.migrations.0005_comptes_demo", "charger"),
    ("gouvernance.migrations.0005_voies_de_recours_initiales", "charger"),
    ("tresorerie.migrations.0002_plan_comptable", "charger"),
    ("tresorerie.migrations.0003_chaine", "charger_plafonds"),
    ("tresorerie.migrations.0004_budget_parametres_initiaux", "charger"),
    ("tresorerie.migrations.0004_cloture_donnees", "charger"),
    ("tresorerie.migrations.0004_frais_parametres", "charger"),
    ("tresorerie.migrations.0004_indemnites_baremes", "charger"),
    ("entraide.migrations.0002_contacts", "charger"),
    # conciliation, documents (issue 12 point 2): the reminders' parameters
    ("conciliation.migrations.0003_documents_parametres_initiaux", "charger"),
    # entraide-dossier (issue 12): the retention of the log of confidential reads.
    ("commun.migrations.0013_journal_inalterable_parametres", "charger"),
    ("commun.migrations.0021_journal_conservation_explication", "charger"),  # its « explication » (issue 13)
    ("solidarite.migrations.0002_contraintes_et_indemnite", "charger"),  # solidarite (issue 13)
    ("rgpd.migrations.0002_durees_de_conservation", "charger"),  # rgpd (issue 13 point 9): the retention periods
)


# What the migrations build beyond the models' tables, on PostgreSQL (each function returns at once on SQLite):
# the search function and its trigram indexes, the access log's trigger, the dues' fillfactor, the exclusion
# constraint of the solidarity days. The suite builds its databases from the models (`--nomigrations`, pyproject:
# rendering 116 migrations' states took 105 s of CPU per xdist worker), then runs these and DONNEES_INITIALES;
# tests/test_migrations.py proves the migrated schema is the same, and that every RunPython is listed here or there.
SQL_DES_MIGRATIONS = (
    ("commun.migrations.0001_recherche_sans_accents", "creer"),
    ("tableau.migrations.0003_recherche_index_trigrammes", "creer"),
    ("commun.migrations.0013_journal_inalterable_parametres", "declencheur"),
    ("solidarite.migrations.0002_contraintes_et_indemnite", "creer_contrainte"),
)
SQL_DES_MIGRATIONS_FABRIQUES = (("cotisations.migrations.0012_cotisation_fillfactor", "_fillfactor", (50,)),)


def appliquer_sql_des_migrations() -> None:
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    with connection.schema_editor() as schema_editor:
        for module, fonction in SQL_DES_MIGRATIONS:
            getattr(import_module(module), fonction)(apps, schema_editor)
        for module, fabrique, arguments in SQL_DES_MIGRATIONS_FABRIQUES:
            getattr(import_module(module), fabrique)(*arguments)(apps, schema_editor)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """The test database built from the models (`--nomigrations`), completed with what the migrations add."""
    if request.config.getoption("nomigrations", default=False):
        with django_db_blocker.unblock():
            appliquer_sql_des_migrations()
            charger_donnees_initiales()


def charger_donnees_initiales() -> None:
    from importlib import import_module

    from django.apps import apps

    for module, fonction in DONNEES_INITIALES:
        getattr(import_module(module), fonction)(apps, None)


@pytest.fixture(autouse=True)
def _donnees_initiales_des_tests_transactionnels(request):
    marqueur = request.node.get_closest_marker("django_db")
    transactionnel = (marqueur is not None and marqueur.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if transactionnel:
        request.getfixturevalue("transactional_db")
        charger_donnees_initiales()
