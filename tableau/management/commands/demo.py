"""python manage.py demo [--medecins N] (CONTRACT.md "Settings and commands"): a thin CLI over tableau.demo."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tableau.demo import MEDECINS_PAR_DEFAUT, demo_charger


class Command(BaseCommand):
    help = (
        "Charge des données de démonstration (médecins, historique des statuts, qualifications, lieux d'exercice, "
        "sociétés) et affiche les comptes de démonstration. Relancer la commande ne crée pas de doublon : elle "
        "complète ce qui manque et remet les mots de passe affichés."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--medecins",
            type=int,
            default=MEDECINS_PAR_DEFAUT,
            help=f"nombre de médecins de démonstration (défaut : {MEDECINS_PAR_DEFAUT})",
        )
        parser.add_argument(
            "--forcer",
            action="store_true",
            help="autorise le chargement quand DJANGO_DEBUG=0 (les comptes de démonstration ont des mots de passe connus)",
        )

    def handle(self, *args, medecins, forcer, **options):
        if medecins < 2:
            raise CommandError("--medecins doit valoir au moins 2 (les deux comptes médecin de démonstration).")
        if not settings.DEBUG and not forcer:
            raise CommandError(
                "DJANGO_DEBUG=0 : refus de créer des comptes aux mots de passe connus sur ce qui ressemble à une "
                "installation de production. Ajoutez --forcer si c'est bien une base de démonstration."
            )
        resultat = demo_charger(medecins=medecins)
        self.stdout.write(
            f"Médecins de démonstration : {resultat.medecins_crees} créés, {resultat.medecins_existants} déjà "
            f"présents ; sociétés créées : {resultat.societes_creees} ({resultat.duree:.1f} s)."
        )
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Comptes de démonstration (mots de passe remis à chaque lancement) :"))
        for compte in resultat.comptes:
            self.stdout.write(
                f"  {compte.role:<45} identifiant : {compte.username:<13} mot de passe : {compte.password:<20} "
                f"→ {settings.SITE_URL.rstrip('/')}{compte.url}"
            )
