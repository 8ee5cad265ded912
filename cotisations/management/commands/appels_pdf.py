"""python manage.py appels_pdf --annee YYYY --output FILE.pdf: one print-ready PDF of every dues call of the year
(CONTRACT.md), one page per call, through the same print run as the admin (cotisations.services.tirage): chunks
rendered by the Celery workers (in this process when there is no REDIS_URL), merged at the end."""

import shutil
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commun.services import utilisateur_systeme
from config.celery import app
from cotisations import services
from cotisations.models import EtatTirage, Tirage


class Command(BaseCommand):
    help = (
        "Imprime dans un seul fichier PDF tous les appels de cotisation d'une année (une page par appel, dans l'ordre "
        "alphabétique des redevables), rendus par lots par les workers Celery puis assemblés."
    )

    def add_arguments(self, parser):
        parser.add_argument("--annee", type=int, required=True, help="Année des cotisations (AAAA).")
        parser.add_argument("--output", required=True, help="Fichier PDF à écrire.")
        parser.add_argument("--taille-lot", type=int, default=None, help="Lettres par lot (défaut : le réglage).")
        parser.add_argument(
            "--attendre", type=float, default=3600, help="Secondes d'attente au plus des workers (défaut : 3600)."
        )

    def handle(self, *args, annee, output, taille_lot=None, attendre=3600, **options):
        par = utilisateur_systeme()
        try:
            tirage = services.tirage_lancer(annee=annee, par=par, today=timezone.localdate(), taille_lot=taille_lot)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from None
        limite = time.monotonic() + attendre
        dernier = None
        while True:
            tirage = Tirage.objects.get(pk=tirage.pk)
            if tirage.etat == EtatTirage.TERMINE and tirage.fichier:
                break
            if (tirage.faites, tirage.etat) != dernier:
                dernier = (tirage.faites, tirage.etat)
                self.stdout.write(
                    f"Tirage n° {tirage.pk} : {tirage.faites}/{tirage.total} lettres ({tirage.pourcentage} %)."
                )
            if app.conf.task_always_eager or time.monotonic() > limite:
                # In-process (no REDIS_URL) the chunks were rendered when the run was committed: nothing to wait for.
                raise CommandError(
                    f"Tirage n° {tirage.pk} inachevé après {attendre:.0f} s ({tirage.faites}/{tirage.total} lettres) : "
                    "vérifiez que les workers Celery tournent ; il reprendra depuis l'administration."
                )
            time.sleep(0.5)
        fichier = services.tirage_fichier(tirage=tirage, par=par, today=timezone.localdate())
        shutil.copyfile(fichier, output)
        self.stdout.write(
            self.style.SUCCESS(f"{tirage.total} appel(s) de cotisation {annee} imprimé(s) dans {output}.")
        )
