"""The suite builds its databases from the models (`--nomigrations`), then adds what the migrations add beyond the
tables (tests/conftest.py: SQL_DES_MIGRATIONS, the data loaders of DONNEES_INITIALES). Two proofs that this is the
schema a council gets from `manage.py migrate`:

- every RunPython / RunSQL of every migration of the project is one of those, or has nothing to add on a fresh
  database (listed below with the reason), so a new data migration cannot be forgotten by the suite;
- on PostgreSQL, the migrations applied from nothing to a fresh database give the same tables, columns, constraints,
  indexes, triggers and extensions as the test database, and the same initial rows."""

import os
import subprocess
import sys
import uuid
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations import RunPython, RunSQL
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings

from tests.conftest import DONNEES_INITIALES, SQL_DES_MIGRATIONS, SQL_DES_MIGRATIONS_FABRIQUES

RACINE = Path(__file__).resolve().parent.parent
# RunPython operations with nothing to do on a database the migrations create from nothing.
SANS_EFFET_SUR_UNE_BASE_NEUVE: dict[str, str] = {}


def _du_projet(app_config) -> bool:
    chemin = Path(app_config.path)
    return chemin.is_relative_to(RACINE) and "site-packages" not in chemin.parts


def _migrations_du_projet():
    projet = {a.label for a in apps.get_app_configs() if _du_projet(a)}
    with override_settings(MIGRATION_MODULES={}):  # the suite's --nomigrations hides them from the loader
        chargeur = MigrationLoader(None, ignore_no_migrations=True, load=True)
    migrations = [m for (app, _nom), m in sorted(chargeur.disk_migrations.items()) if app in projet]
    assert len(migrations) > 80 and {m.app_label for m in migrations} >= {"tableau", "cotisations", "entraide"}
    return migrations


def _nom(fonction) -> str:
    return f"{fonction.__module__}.{fonction.__qualname__}"


def test_chaque_runpython_des_migrations_est_rejoue_par_la_suite():
    connus = {f"{module}.{fonction}" for module, fonction in (*SQL_DES_MIGRATIONS, *DONNEES_INITIALES)}
    connus |= {f"{module}.{fabrique}.<locals>" for module, fabrique, _a in SQL_DES_MIGRATIONS_FABRIQUES}
    oublies = []
    for migration in _migrations_du_projet():
        for operation in migration.operations:
            if isinstance(operation, RunSQL):
                oublies.append(f"{migration.app_label}.{migration.name} : RunSQL")
            elif isinstance(operation, RunPython):
                nom = _nom(operation.code)
                if nom in SANS_EFFET_SUR_UNE_BASE_NEUVE or any(nom.startswith(c) for c in connus):
                    continue
                oublies.append(f"{migration.app_label}.{migration.name} : {nom}")
    assert not oublies, (
        "Ces opérations des migrations ne sont pas rejouées par la suite (tests/conftest.py : SQL_DES_MIGRATIONS "
        f"ou DONNEES_INITIALES) : {oublies}"
    )
    for module, fonction in (*SQL_DES_MIGRATIONS, *DONNEES_INITIALES):
        assert callable(getattr(import_module(module), fonction)), f"{module}.{fonction}"


SIGNATURE = {
    "colonnes": """SELECT table_name, column_name, data_type, is_nullable, coalesce(character_maximum_length, 0)
        FROM information_schema.columns WHERE table_schema = 'public'""",
    "contraintes": """SELECT c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid)
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'""",
    "index": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "declencheurs": """SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal""",
    "extensions": "SELECT extname FROM pg_extension",
    "fonctions": """SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.prokind = 'f'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')""",
    "options": """SELECT relname, coalesce(array_to_string(reloptions, ','), '') FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'""",
}


def _tables_du_projet() -> set[str]:
    return {
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if _du_projet(apps.get_app_config(m._meta.app_label))
    }


def _signature(curseur) -> dict[str, set]:
    """The catalogue's rows of the project's tables (Django's own contrib tables are Django's business)."""
    tables = _tables_du_projet()
    signature = {}
    for quoi, sql in SIGNATURE.items():
        curseur.execute(sql)
        lignes = {tuple(ligne) for ligne in curseur.fetchall()}
        if quoi not in ("extensions", "fonctions"):
            lignes = {ligne for ligne in lignes if ligne[0].strip('"') in tables}
        signature[quoi] = lignes
    # The initial rows (yearly parameters, accounting plan, helplines…): their count per table (not their history:
    # the loaders run with the real models write history rows, the migrations' frozen models do not).
    comptes = set()
    for table in sorted(t for t in tables if "_historical" not in t):
        curseur.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (a model's table name)
        comptes.add((table, curseur.fetchone()[0]))
    signature["lignes"] = comptes
    return signature


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_les_migrations_donnent_le_schema_de_la_suite():
    if connection.vendor != "postgresql":
        pytest.skip("la comparaison des schémas lit le catalogue de PostgreSQL")
    import psycopg2

    from tests.worker import url_de_la_base_de_test

    reglages = connection.settings_dict
    nom = f"{reglages['NAME']}_migrations_{uuid.uuid4().hex[:6]}"
    parametres = {
        "host": reglages["HOST"] or "127.0.0.1",
        "port": reglages["PORT"] or 5432,
        "user": reglages["USER"],
        "password": reglages["PASSWORD"] or None,
        "dbname": "postgres",
    }
    administration = psycopg2.connect(**parametres)
    administration.autocommit = True
    with administration.cursor() as c:
        c.execute(f'CREATE DATABASE "{nom}"')
    try:
        url = url_de_la_base_de_test().rsplit("/", 1)[0] + f"/{nom}"
        sortie = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=RACINE,
            env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"},
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert sortie.returncode == 0, sortie.stderr[-4000:]
        migree = psycopg2.connect(**{**parametres, "dbname": nom})
        try:
            with migree.cursor() as c:
                attendu = _signature(c)
        finally:
            migree.close()
        with connection.cursor() as c:
            obtenu = _signature(c)
        for quoi in SIGNATURE.keys() | {"lignes"}:
            en_trop = sorted(obtenu[quoi] - attendu[quoi])[:10]
            manquant = sorted(attendu[quoi] - obtenu[quoi])[:10]
            assert not en_trop and not manquant, f"{quoi} : en trop dans la suite {en_trop}, manquant {manquant}"
    finally:
        with administration.cursor() as c:
            c.execute(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')
        administration.close()
