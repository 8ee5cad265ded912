"""python manage.py import_tableau FICHIER.csv: import or update doctors of the register (CONTRACT.md)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from commun.services import utilisateur_systeme
from tableau.importation import MARQUEUR_VIDE, fichier_importer


class Command(BaseCommand):
    help = (
        "Importe des médecins au tableau depuis un fichier CSV dont les colonnes sont les noms des champs de l'API. "
        "Un numéro RPPS déjà au tableau met sa fiche à jour. Tout ou rien : à la moindre erreur, rien n'est écrit "
        "et chaque ligne fautive est signalée avec son numéro et son champ. Une cellule vide laisse la valeur "
        f"existante inchangée ; « {MARQUEUR_VIDE} » efface un champ facultatif (téléphone, adresses, adresse "
        "électronique, date d'inscription)."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="Fichier CSV (UTF-8 ou Windows-1252, séparateur « , » ou « ; »).")
        parser.add_argument(
            "--par",
            metavar="IDENTIFIANT",
            help="Identifiant de l'agent à qui l'historique attribue l'import (par défaut : le traitement automatique).",
        )

    def handle(self, *args, fichier, par=None, **options):
        try:
            # One transaction around the author and the import: a refused import does not leave the system user
            # behind either.
            with transaction.atomic():
                auteur = self._auteur(par)
                resultat = fichier_importer(fichier=fichier, par=auteur, today=timezone.localdate())
        except FileNotFoundError:
            raise CommandError(f"Fichier introuvable : {fichier}") from None
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(
                f"Import refusé : {len(exc.messages)} erreur(s), aucune modification n'a été enregistrée."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Import terminé : {resultat['crees']} médecin(s) créé(s), {resultat['modifies']} modifié(s), "
                f"{resultat['inchanges']} inchangé(s)."
            )
        )

    def _auteur(self, par):
        if not par:
            return utilisateur_systeme()
        try:
            return get_user_model().objects.get(username=par)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Aucun utilisateur « {par} ».") from None
