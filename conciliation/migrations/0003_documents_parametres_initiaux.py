"""The conciliation's parameters as initial data (DOMAIN.md: data, never constants).

THE SEED FIXES NONE OF THESE: the reminder 7 days before a legal deadline, the legal service's address and the
chambre disciplinaire de première instance (Nouvelle-Aquitaine for the Dordogne) are the council's proposal; the
service juridique corrects them in the admin (history kept)."""

from django.db import migrations
from django.utils import timezone

VALEURS = {
    "delai_rappel_jours": 7,
    "courriel_service_juridique": "juridique@cdom.example",
    "chambre_disciplinaire": (
        "Chambre disciplinaire de première instance de Nouvelle-Aquitaine\n"
        "Conseil régional de l'Ordre des médecins de Nouvelle-Aquitaine"
    ),
    "courriel_chambre_disciplinaire": "",
}


def charger(apps, schema_editor):
    Parametre = apps.get_model("conciliation", "ParametreConciliation")
    Historique = apps.get_model("conciliation", "HistoricalParametreConciliation")
    if Parametre.objects.exists():
        return
    parametre = Parametre.objects.create(**VALEURS)
    Historique.objects.create(
        id=parametre.pk,
        history_date=timezone.now(),
        history_type="+",
        history_change_reason="Données initiales (à vérifier)",
        **VALEURS,
    )


def retirer(apps, schema_editor):
    apps.get_model("conciliation", "ParametreConciliation").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("conciliation", "0002_documents_rappels")]

    operations = [migrations.RunPython(charger, retirer)]
