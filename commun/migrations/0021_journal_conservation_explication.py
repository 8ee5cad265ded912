"""The retention of the log of confidential reads: its « explication » says why, as the other retention periods do
(rgpd migration 0002), now that the RGPD purge announces and counts its deletion. A text the council has edited
is kept."""

from django.db import migrations

ANCIENNE = "de six mois à un an, délibération CNIL n° 2021-122"
EXPLICATION = (
    "De six mois à un an (délibération CNIL n° 2021-122 du 14 octobre 2021, recommandation sur la journalisation) : "
    "assez pour déceler une consultation indue d'un dossier confidentiel et en rendre compte au secrétaire général, "
    "pas davantage. Les lignes plus anciennes sont annoncées un mois à l'avance, puis supprimées par la purge RGPD."
)


def charger(apps, schema_editor):
    Parametre = apps.get_model("commun", "Parametre")
    Parametre.objects.filter(cle="journal_acces_conservation_mois", aide=ANCIENNE).update(aide=EXPLICATION)


class Migration(migrations.Migration):
    dependencies = [("commun", "0020_nature_envoi_rgpd")]

    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
