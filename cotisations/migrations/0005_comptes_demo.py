"""The two accounts of the monthly transfer to the CNOM, with fake but valid demo coordinates (IBAN with a right
check key, on a bank code that does not exist: 99999), flagged « à compléter »: the transfer is refused until the
trésorier enters the real ones in the admin (Comptes bancaires)."""

from django.db import migrations
from django.utils import timezone

COMPTES = [
    {
        "role": "conseil",
        "titulaire": "Conseil departemental de l'Ordre des medecins (a completer)",
        "iban": "FR7699999000010000000000115",
        "bic": "DEMOFRPPXXX",
    },
    {
        "role": "cnom",
        "titulaire": "Conseil national de l'Ordre des medecins (a completer)",
        "iban": "FR7699999000020000000000294",
        "bic": "DEMOFRPPXXX",
    },
]


def charger(apps, schema_editor):
    CompteBancaire = apps.get_model("cotisations", "CompteBancaire")
    Historique = apps.get_model("cotisations", "HistoricalCompteBancaire")
    for donnees in COMPTES:
        compte, cree = CompteBancaire.objects.get_or_create(
            role=donnees["role"], defaults={**donnees, "a_completer": True}
        )
        if cree:  # the first version in the history, as if a person had entered it
            Historique.objects.create(
                id=compte.pk,
                **{c: getattr(compte, c) for c in ("role", "titulaire", "iban", "bic", "a_completer")},
                history_date=timezone.now(),
                history_type="+",
                history_change_reason="Données initiales de démonstration, à compléter",
            )


class Migration(migrations.Migration):
    dependencies = [("cotisations", "0004_banque")]

    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
