"""The allowance scales of 2026 and 2027, as the first rows of the yearly parameter table (DOMAIN.md 3: data, never
constants; the trésorier corrects them in the admin, history kept).

- The CNOM's scale of maxima: seed 002 annexe IV 3.1.2 (vacations 80.50 / 241.50 / 483.00 €) and 3.2.1 (président:
  7 000 € + 4 € per registered doctor up to 5 000, then 3 €; the 18 000 € option; Paris capped at 80 000 €). The
  seed gives one scale, not a year's: the same figures for both years.
- PASS 2026: 48 060 € (BOSS, published 21 October 2025; arrêté of 22 December 2025; e.g. lafinancepourtous.com
  2025-11-03, paybee.fr « plafond sécurité sociale 2026 »). PASS 2027: no published figure was found (search of
  1 December 2026); 2026's is kept for 2027 AND MUST BE CHECKED against the arrêté before the first payment of 2027.
- CSG 9.2 % (6.8 % deductible + 2.4 % non-deductible) and CRDS 0.5 %, on 98.25 % of the gross (the 1.75 %
  abatement, within 4 PASS): URSSAF / BOSS rates of activity income, as restated by Les Echos Publishing
  (sfecf.com « CSG-CRDS », 1 January 2025; auctus-compta.fr). Whether the abatement applies to ordinal allowances
  is for the council's accountant to confirm: the base is a parameter (100 % if not).
"""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

COMMUN = {
    "socle_president": Decimal("7000.00"),
    "montant_par_inscrit": Decimal("4.00"),
    "seuil_inscrits": 5000,
    "montant_par_inscrit_au_dela": Decimal("3.00"),
    "plancher_president": Decimal("18000.00"),
    "plafond_paris": Decimal("80000.00"),
    "vacation_heure": Decimal("80.50"),
    "vacation_demi_journee": Decimal("241.50"),
    "vacation_journee": Decimal("483.00"),
    "taux_csg": Decimal("9.20"),
    "taux_crds": Decimal("0.50"),
    "assiette_csg_crds": Decimal("98.25"),
}
BAREMES = {
    2026: {
        **COMMUN,
        "plafond_annuel_securite_sociale": Decimal("48060.00"),
        "source": "Barème du CNOM (règlement de trésorerie, annexe IV) ; PASS 2026 : arrêté du 22 décembre 2025 "
        "(48 060 €) ; CSG 9,2 % et CRDS 0,5 % sur 98,25 % du brut (URSSAF).",
    },
    2027: {
        **COMMUN,
        "plafond_annuel_securite_sociale": Decimal("48060.00"),
        "source": "À VÉRIFIER : PASS 2027 non publié à la saisie, celui de 2026 (48 060 €) est repris. Barème du "
        "CNOM (annexe IV) ; CSG 9,2 % et CRDS 0,5 % sur 98,25 % du brut (URSSAF).",
    },
}


def charger(apps, schema_editor):
    Bareme = apps.get_model("tresorerie", "BaremeIndemnites")
    Historique = apps.get_model("tresorerie", "HistoricalBaremeIndemnites")
    for annee, valeurs in BAREMES.items():
        _, cree = Bareme.objects.get_or_create(annee=annee, defaults=valeurs)
        if cree:
            Historique.objects.create(
                annee=annee,
                history_date=timezone.now(),
                history_type="+",
                history_change_reason="Données initiales (à vérifier)",
                **valeurs,
            )


def retirer(apps, schema_editor):
    apps.get_model("tresorerie", "BaremeIndemnites").objects.filter(annee__in=list(BAREMES)).delete()


class Migration(migrations.Migration):
    dependencies = [("tresorerie", "0003_indemnites")]

    operations = [migrations.RunPython(charger, retirer)]
