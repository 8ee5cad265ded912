"""python manage.py appeler_cotisations --annee YYYY: the call of a year's dues (the same service as the admin's
« Appeler les cotisations d'une année » and `POST /api/cotisations/campagnes/{annee}/appeler/`). Idempotent: a
re-run adds only the debtors without a record."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commun.services import utilisateur_systeme
from cotisations.services import cotisations_appeler


class Command(BaseCommand):
    help = (
        "Appelle les cotisations de l'année : une cotisation par médecin et société du tableau au 1er janvier et "
        "par première inscription de l'année ; une seconde exécution n'ajoute que les redevables manquants."
    )

    def add_arguments(self, parser):
        parser.add_argument("--annee", type=int, help="année des cotisations (par défaut : l'année en cours)")

    def handle(self, *args, annee=None, **options):
        jour = timezone.localdate()
        annee = annee or jour.year
        try:
            bilan = cotisations_appeler(annee=annee, today=jour, par=utilisateur_systeme())
        except ValidationError as err:
            messages = (
                [m for liste in err.message_dict.values() for m in liste]
                if hasattr(err, "error_dict")
                else err.messages
            )
            raise CommandError(" ".join(messages)) from err
        self.stdout.write(f"Cotisations {annee} : {bilan['creees']} appelée(s), {bilan['existantes']} déjà appelée(s).")
