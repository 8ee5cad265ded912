"""The caps and the fiscal mileage scale of 2026 and 2027 (tresorerie/donnees/frais.py)."""

from decimal import Decimal

from django.db import migrations


def charger(apps, schema_editor):
    from tresorerie.donnees.frais import ANNEES, BAREME_VOITURES, PLAFONDS

    ParametresFrais = apps.get_model("tresorerie", "ParametresFrais")
    BaremeKilometrique = apps.get_model("tresorerie", "BaremeKilometrique")
    for annee in ANNEES:
        ParametresFrais.objects.update_or_create(
            annee=annee, defaults={k: Decimal(v) if isinstance(v, str) else v for k, v in PLAFONDS.items()}
        )
        for cv, taux_1, taux_2, forfait_2, taux_3 in BAREME_VOITURES:
            BaremeKilometrique.objects.update_or_create(
                annee=annee,
                cv=cv,
                defaults={
                    "limite_1": 5000,
                    "taux_1": Decimal(taux_1),
                    "limite_2": 20000,
                    "taux_2": Decimal(taux_2),
                    "forfait_2": Decimal(forfait_2),
                    "taux_3": Decimal(taux_3),
                },
            )


def retirer(apps, schema_editor):
    from tresorerie.donnees.frais import ANNEES

    apps.get_model("tresorerie", "ParametresFrais").objects.filter(annee__in=ANNEES).delete()
    apps.get_model("tresorerie", "BaremeKilometrique").objects.filter(annee__in=ANNEES).delete()


class Migration(migrations.Migration):
    dependencies = [("tresorerie", "0003_frais")]

    operations = [migrations.RunPython(charger, retirer)]
