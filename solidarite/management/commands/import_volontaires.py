"""python manage.py import_volontaires FILE.csv: the national form's export (solidarite.importation), idempotent by
the form's file number, all or nothing; acts as the system user."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commun.services import utilisateur_systeme
from solidarite.importation import fichier_importer


class Command(BaseCommand):
    help = "Importe l'export du formulaire national des médecins volontaires (solidarité territoriale)."

    def add_arguments(self, parser):
        parser.add_argument("fichier")

    def handle(self, *args, fichier, **options):
        try:
            resultat = fichier_importer(fichier=fichier, par=utilisateur_systeme(), today=timezone.localdate())
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError("Import refusé : aucune candidature n'a été enregistrée.") from exc
        self.stdout.write(
            f"Candidatures : {resultat['crees']} créées, {resultat['modifies']} modifiées, "
            f"{resultat['inchanges']} inchangées."
        )
