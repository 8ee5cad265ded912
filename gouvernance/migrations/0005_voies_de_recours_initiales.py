"""The initial means and delays of appeal, edited afterwards in the admin (gouvernance.VoieRecours)."""

from django.db import migrations

VOIES = [
    (
        "inscription",
        "Décisions sur une demande d'inscription au tableau",
        "Cette décision peut être frappée d'appel devant le conseil régional de l'Ordre des médecins, par le médecin "
        "demandeur en cas de refus d'inscription, par le conseil national de l'Ordre en cas d'inscription, dans un "
        "délai de trente jours à compter de sa notification (article L4112-4 du code de la santé publique). L'appel "
        "est adressé au conseil régional par lettre recommandée avec demande d'avis de réception.",
    ),
    (
        "administrative",
        "Autres décisions individuelles du conseil",
        "Cette décision peut faire l'objet d'un recours gracieux auprès du conseil départemental, ou d'un recours "
        "contentieux devant le tribunal administratif territorialement compétent, dans un délai de deux mois à "
        "compter de sa notification (article R421-1 du code de justice administrative). Le tribunal peut être saisi "
        "par l'application « Télérecours citoyens » accessible sur le site www.telerecours.fr.",
    ),
]


def charger(apps, schema_editor):
    VoieRecours = apps.get_model("gouvernance", "VoieRecours")
    for code, libelle, texte in VOIES:
        VoieRecours.objects.update_or_create(code=code, defaults={"libelle": libelle, "texte": texte})


class Migration(migrations.Migration):
    dependencies = [("gouvernance", "0004_voies_de_recours")]

    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
