"""python manage.py relances --date YYYY-MM-DD (CONTRACT.md): the reminder calendar's run of that date, the same
service Celery beat runs every morning (cotisations.tasks.relances_du_jour). Idempotent."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commun.services import utilisateur_systeme
from cotisations.services import relances_executer


def _date(valeur: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(valeur)
    except ValueError as exc:
        raise CommandError(f"Date invalide « {valeur} » : écrivez-la AAAA-MM-JJ, par exemple 2026-04-15.") from exc


class Command(BaseCommand):
    help = (
        "Envoie les relances de cotisation dues à cette date (rappel du 15 avril, lettres recommandées du 1er juin "
        "et du 1er décembre), en rattrapant une étape manquée ; une seconde exécution n'envoie rien de plus."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="date des relances, AAAA-MM-JJ (par défaut : aujourd'hui)")

    def handle(self, *args, date=None, **options):
        jour = _date(date) if date else timezone.localdate()
        try:
            bilan = relances_executer(date=jour, par=utilisateur_systeme())
        except ValidationError as err:
            messages = (
                [m for liste in err.message_dict.values() for m in liste]
                if hasattr(err, "error_dict")
                else err.messages
            )
            raise CommandError(" ".join(messages)) from err
        self.stdout.write(
            self.style.SUCCESS(
                f"Relances du {jour.isoformat()} : {bilan['rappel']} rappel(s), {bilan['lrar1']} première(s) lettre(s) "
                f"recommandée(s), {bilan['lrar2']} seconde(s) lettre(s) recommandée(s) ; {bilan['courriels']} "
                "copie(s) par courriel programmée(s)."
            )
        )
