"""The scales of 2026 and 2027, as the first data of the yearly parameter table (DOMAIN.md: data, never constants).

THESE FIGURES MUST BE CHECKED against the CNOM's decision of each year before the dues are called: the seed gives
none ("XXX" in annexes I-II). They are plausible values in line with the CNOM's recent scales, the registered
letter's postage near La Poste's price, and the legal interest rate of the "other cases" (a creditor that is not a
private person) near the recent half-years. The treasurer corrects them in the admin (history kept).
"""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

BAREMES = {
    2026: {
        "montant_plein": Decimal("355.00"),
        "montant_retraite": Decimal("105.00"),
        "montant_societe": Decimal("355.00"),
        "montant_liste_etrangers": Decimal("180.00"),
        "frais_lrar": Decimal("7.05"),
        "taux_interet_legal_s1": Decimal("2.76"),
        "taux_interet_legal_s2": Decimal("2.76"),
    },
    2027: {
        "montant_plein": Decimal("365.00"),
        "montant_retraite": Decimal("110.00"),
        "montant_societe": Decimal("365.00"),
        "montant_liste_etrangers": Decimal("185.00"),
        "frais_lrar": Decimal("7.40"),
        "taux_interet_legal_s1": Decimal("2.76"),
        "taux_interet_legal_s2": Decimal("2.76"),
    },
}


def charger(apps, schema_editor):
    Bareme = apps.get_model("cotisations", "Bareme")
    Historique = apps.get_model("cotisations", "HistoricalBareme")
    for annee, montants in BAREMES.items():
        bareme, cree = Bareme.objects.get_or_create(annee=annee, defaults=montants)
        if cree:  # its first version, as the admin's history shows it (author: the initial data)
            Historique.objects.create(
                annee=annee,
                conseillers_retraites_taux_retraite=bareme.conseillers_retraites_taux_retraite,
                history_date=timezone.now(),
                history_type="+",
                history_change_reason="Données initiales (à vérifier)",
                **montants,
            )


def retirer(apps, schema_editor):
    apps.get_model("cotisations", "Bareme").objects.filter(annee__in=list(BAREMES)).delete()


class Migration(migrations.Migration):
    dependencies = [("cotisations", "0001_initial")]

    operations = [migrations.RunPython(charger, retirer)]
