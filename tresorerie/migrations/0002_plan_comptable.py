"""Initial data: the accounting plan (tresorerie/donnees/plan_comptable.py), editable afterwards in the admin."""

from django.db import migrations


def charger(apps, schema_editor):
    from tresorerie.donnees.plan_comptable import PLAN_COMPTABLE

    Compte = apps.get_model("tresorerie", "CompteComptable")
    for numero, libelle, nature, budgetaire in PLAN_COMPTABLE:
        Compte.objects.get_or_create(
            numero=numero, defaults={"libelle": libelle, "nature": nature, "budgetaire": budgetaire}
        )


class Migration(migrations.Migration):
    dependencies = [("tresorerie", "0001_initial")]
    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
