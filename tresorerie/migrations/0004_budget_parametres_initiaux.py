"""The budget's yearly parameters of 2026 and 2027, as initial data (DOMAIN.md: data, never constants).

THE SEED FIXES NEITHER FIGURE: « toute opération substantielle nécessite un avenant au budget voté en séance
plénière » (seed 002 L.II T.I 2.3 a) without saying what is substantial, and the 20 October deadline (T.I 1.1)
without a reminder. 10 000 € and 15 days are the council's proposal; the trésorier corrects them in the admin
(history kept)."""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

PARAMETRES = {
    2026: {"seuil_virement": Decimal("10000.00"), "delai_rappel_cnom": 15},
    2027: {"seuil_virement": Decimal("10000.00"), "delai_rappel_cnom": 15},
}


def charger(apps, schema_editor):
    Parametre = apps.get_model("tresorerie", "ParametreBudget")
    Historique = apps.get_model("tresorerie", "HistoricalParametreBudget")
    for annee, valeurs in PARAMETRES.items():
        parametre, cree = Parametre.objects.get_or_create(annee=annee, defaults=valeurs)
        if cree:
            Historique.objects.create(
                id=parametre.pk,
                annee=annee,
                history_date=timezone.now(),
                history_type="+",
                history_change_reason="Données initiales (à vérifier)",
                **valeurs,
            )


def retirer(apps, schema_editor):
    apps.get_model("tresorerie", "ParametreBudget").objects.filter(annee__in=list(PARAMETRES)).delete()


class Migration(migrations.Migration):
    dependencies = [("tresorerie", "0003_budget")]

    operations = [migrations.RunPython(charger, retirer)]
