"""The retention of each kind of file the purge deletes (rgpd/purges.py), as commun.Parametre rows editable in the
admin within their bounds (history-tracked). Each row's « explication » says why its value was chosen. The log of
confidential reads keeps its own row (commun's journal_acces_conservation_mois): not duplicated here."""

from django.db import migrations

DUREES = [
    # (nature, libellé, valeur, minimum, maximum, unité, explication)
    (
        "entraide_close",
        "Conservation des demandes d'entraide closes",
        10,
        5,
        10,
        "ans",
        "Compté depuis la clôture de la demande. Dix ans : un secours versé est une dépense du conseil dont les "
        "pièces se gardent dix ans (article L123-22 du code de commerce, appliqué à ses comptes), et une demande "
        "close peut encore éclairer une nouvelle demande du même confrère ; au-delà, rien ne justifie de garder la "
        "situation d'un médecin en difficulté. La purge supprime la demande, ses pièces, ses aides, ses "
        "transmissions à la commission nationale, leur historique et les courriels envoyés à leur sujet.",
    ),
    (
        "plainte_close",
        "Conservation des plaintes et doléances closes",
        5,
        5,
        10,
        "ans",
        "Compté depuis le dernier acte du dossier clos (conciliation, transmission, retrait, classement, "
        "dépaysement). Cinq ans : la prescription de droit commun d'une action sur la conduite de la procédure "
        "(article 2224 du code civil) ; la décision disciplinaire est conservée par la chambre, pas par le "
        "conseil. La purge supprime la plainte, ses pièces, ses réunions et procès-verbaux, ses conciliateurs, les "
        "liens déclarés et les rappels, leur historique et leurs courriels.",
    ),
    (
        "incident",
        "Conservation des déclarations d'incidents de violence",
        6,
        3,
        10,
        "ans",
        "Compté depuis la déclaration. Six ans : la prescription de l'action publique des délits (article 8 du "
        "code de procédure pénale), le temps pendant lequel le conseil peut accompagner une plainte du médecin ; "
        "les chiffres de l'observatoire, anonymes, sont produits chaque année et ne dépendent plus de la "
        "déclaration.",
    ),
    (
        "annonce_refusee",
        "Conservation des annonces refusées à la modération",
        6,
        1,
        12,
        "mois",
        "Compté depuis le refus. Six mois : le temps pour l'auteur de contester la modération ou de déposer une "
        "annonce corrigée ; une annonce refusée n'a jamais été publiée. La purge supprime l'annonce, ses "
        "modifications, les messages reçus, leur historique et leurs courriels.",
    ),
]


def charger(apps, schema_editor):
    Parametre = apps.get_model("commun", "Parametre")
    for nature, libelle, valeur, minimum, maximum, unite, aide in DUREES:
        Parametre.objects.update_or_create(
            cle=f"rgpd_conservation_{nature}",
            defaults={
                "libelle": libelle,
                "valeur": valeur,
                "minimum": minimum,
                "maximum": maximum,
                "unite": unite,
                "aide": aide,
            },
        )


def retirer(apps, schema_editor):
    apps.get_model("commun", "Parametre").objects.filter(cle__startswith="rgpd_conservation_").delete()


class Migration(migrations.Migration):
    dependencies = [("rgpd", "0001_initial"), ("commun", "0020_nature_envoi_rgpd")]

    operations = [migrations.RunPython(charger, retirer)]
