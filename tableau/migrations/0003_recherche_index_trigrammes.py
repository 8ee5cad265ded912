"""Trigram indexes for the accent- and case-insensitive search (tableau.selectors), on PostgreSQL only.

Each index is on exactly the expression the search compares, `cdom_normaliser(column)` (commun.recherche), so the
planner answers `cdom_normaliser(nom) LIKE '%menard%'` from the index instead of reading every doctor."""

from django.db import migrations

INDEX = {
    "medecin_nom_trgm": ("tableau_medecin", "nom"),
    "medecin_prenom_trgm": ("tableau_medecin", "prenom"),
    "medecin_ville_pro_trgm": ("tableau_medecin", "ville_professionnelle"),
    "qualification_intitule_trgm": ("tableau_qualification", "intitule"),
}


def creer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for nom, (table, colonne) in INDEX.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{nom}" ON "{table}" USING gin (cdom_normaliser("{colonne}") gin_trgm_ops)'
        )


def supprimer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for nom in INDEX:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{nom}"')


class Migration(migrations.Migration):
    dependencies = [
        ("tableau", "0002_validation_telephone_date_naissance"),
        ("commun", "0001_recherche_sans_accents"),
    ]

    operations = [migrations.RunPython(creer, supprimer, elidable=False)]
