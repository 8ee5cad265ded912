"""The helplines shown to doctors (seed 003; DOMAIN.md 6), editable in the admin afterwards."""

from django.db import migrations

CONTACTS = [
    (
        "Entraide ordinale du CNOM",
        "0800 288 038",
        "Numéro vert national d'entraide de l'Ordre des médecins : écoute, aide matérielle et orientation des "
        "médecins en difficulté et de leurs proches.",
    ),
    (
        "Aide psychologique 24 h/24 (AAPMS-PSYA)",
        "0800 800 854",
        "Plateforme du CNOM : des psychologues répondent jour et nuit, orientent vers une structure d'urgence si "
        "la situation l'impose et assurent un soutien psychologique en garantissant l'anonymat.",
    ),
    (
        "Permanence sociale et administrative",
        "09 80 80 03 07",
        "Une assistante sociale conseille et oriente sur les démarches d'entraide matérielle auprès du conseil "
        "départemental ou national, de la CARMF, de l'AFEM ou de l'organisme de prévoyance ; le médecin ou un "
        "proche peut appeler.",
    ),
    (
        "Association régionale MOTS (programme PASS)",
        "06 08 28 25 89",
        "Antenne régionale du programme d'aide et de solidarité pour les soignants : accueil 24 h/24, rappel par "
        "le médecin effecteur régional dans les 12 heures, prise en charge médico-psychologique globale et "
        "anonyme.",
    ),
]


def charger(apps, schema_editor):
    Contact = apps.get_model("entraide", "Contact")
    for ordre, (nom, telephone, description) in enumerate(CONTACTS, start=1):
        Contact.objects.get_or_create(nom=nom, defaults={"telephone": telephone, "description": description, "ordre": ordre})


class Migration(migrations.Migration):
    dependencies = [("entraide", "0001_initial")]
    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
