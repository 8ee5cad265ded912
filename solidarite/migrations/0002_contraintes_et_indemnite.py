"""No overlap of one doctor's days, held by PostgreSQL (an exclusion constraint on the doctor and the day's time
range, cancelled days left out; btree_gist for the equality on the doctor); SQLite has none (the service checks
under the doctor's month lock). The daily allowance's initial scale: 200.00 EUR from 2025 (seed 004)."""

from decimal import Decimal

from django.db import migrations

CONTRAINTE = "journee_sans_chevauchement"


def creer_contrainte(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("solidarite", "Journee")._meta.db_table
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE {table} ADD CONSTRAINT {CONTRAINTE} EXCLUDE USING gist ("
        "medecin_id WITH =, tsrange(date + debut, date + fin, '[)') WITH &&"
        ") WHERE (statut <> 'annulee')"
    )


def supprimer_contrainte(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("solidarite", "Journee")._meta.db_table
    schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {CONTRAINTE}")


def charger(apps, schema_editor):
    ParametreIndemnite = apps.get_model("solidarite", "ParametreIndemnite")
    ParametreIndemnite.objects.get_or_create(annee=2025, defaults={"montant_journalier": Decimal("200.00")})


class Migration(migrations.Migration):
    dependencies = [("solidarite", "0001_initial")]

    operations = [
        migrations.RunPython(creer_contrainte, supprimer_contrainte),
        migrations.RunPython(charger, migrations.RunPython.noop),
    ]
