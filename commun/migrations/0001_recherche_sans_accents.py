"""The SQL function `cdom_normaliser(text)` of commun/recherche.py, on PostgreSQL only (SQLite gets the Python
function on each connection). The apps' trigram indexes are built on it, in their own migrations."""

from django.db import migrations

# Frozen here, as a migration is history: a change of commun/recherche.py's rules needs a new migration
# (tests/commun/test_recherche.py compares the two on PostgreSQL).
FONCTION_SQL = "cdom_normaliser"
SEPARATEURS_SQL = ("-'’‘", "    ")


def _litteral(texte: str) -> str:
    return "'" + texte.replace("'", "''") + "'"


def creer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Both are trusted extensions (PostgreSQL 13+): the owner of the database may create them.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    with schema_editor.connection.cursor() as curseur:
        curseur.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'unaccent'"
        )
        schema = curseur.fetchone()[0].replace('"', '""')
    # IMMUTABLE so that an index may be built on it (unaccent itself is only STABLE: its dictionary could change,
    # which this project never does). The dictionary and the function are named with their schema, so the index
    # does not depend on the search_path (pg_dump restores with an empty one).
    de, vers = SEPARATEURS_SQL
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {FONCTION_SQL}(text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ "
        f"SELECT translate(lower(\"{schema}\".unaccent('\"{schema}\".unaccent'::regdictionary, $1)), "
        f"{_litteral(de)}, {_litteral(vers)}) $$"
    )


def supprimer(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FONCTION_SQL}(text)")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(creer, supprimer, elidable=False)]
