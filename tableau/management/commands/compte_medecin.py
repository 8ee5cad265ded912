"""python manage.py compte_medecin RPPS [--password PW] (CONTRACT.md "Settings and commands")."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from commun.services import utilisateur_systeme
from tableau.services import compte_medecin_creer


class Command(BaseCommand):
    help = (
        "Crée ou met à jour le compte de connexion du médecin de ce numéro RPPS (identifiant = RPPS). "
        "Sans --password, le compte n'a pas de mot de passe utilisable et le médecin reçoit par courriel "
        "un lien pour en choisir un."
    )

    def add_arguments(self, parser):
        parser.add_argument("rpps", help="numéro RPPS du médecin (11 chiffres)")
        parser.add_argument("--password", help="mot de passe à donner au compte (vérifié par les règles de sécurité)")

    def handle(self, *args, rpps, password=None, **options):
        try:
            user = compte_medecin_creer(rpps=rpps, password=password, par=utilisateur_systeme())
        except ValidationError as err:
            messages = (
                [m for liste in err.message_dict.values() for m in liste]
                if hasattr(err, "error_dict")
                else err.messages
            )
            raise CommandError(" ".join(messages)) from err
        medecin = user.medecin
        if password:
            self.stdout.write(
                self.style.SUCCESS(f"Compte {user.username} prêt pour {medecin} : mot de passe enregistré.")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Compte {user.username} prêt pour {medecin} : lien pour choisir le mot de passe envoyé à {user.email}."
                )
            )
