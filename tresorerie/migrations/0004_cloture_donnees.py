"""Initial data: the cash box's yearly ceilings, the depreciation categories, the accounts of a disposal."""

from django.db import migrations


def charger(apps, schema_editor):
    from tresorerie.donnees.cloture import CATEGORIES_IMMOBILISATIONS, COMPTES_SORTIE, PLAFONDS_CAISSE

    Compte = apps.get_model("tresorerie", "CompteComptable")
    Parametre = apps.get_model("tresorerie", "ParametreCaisse")
    Categorie = apps.get_model("tresorerie", "CategorieImmobilisation")
    for numero, libelle, nature, budgetaire in COMPTES_SORTIE:
        Compte.objects.get_or_create(
            numero=numero, defaults={"libelle": libelle, "nature": nature, "budgetaire": budgetaire}
        )
    for annee, plafond in PLAFONDS_CAISSE.items():
        Parametre.objects.get_or_create(annee=annee, defaults={"plafond": plafond})
    for code, libelle, incorporelle, duree, immo, amort in CATEGORIES_IMMOBILISATIONS:
        Categorie.objects.get_or_create(
            code=code,
            defaults={
                "libelle": libelle,
                "incorporelle": incorporelle,
                "duree_annees": duree,
                "compte_immobilisation": Compte.objects.get(numero=immo),
                "compte_amortissement": Compte.objects.get(numero=amort),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("tresorerie", "0003_cloture")]
    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
