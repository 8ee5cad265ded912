"""After a key rotation (README, « Chiffrement »): rewrite every encrypted value of every app (history tables
included) and every encrypted document under the newest key, so that the old keys can then be dropped.

    python manage.py rechiffrer             # rewrite
    python manage.py rechiffrer --dry-run   # count per model and check that every value decrypts, write nothing

Idempotent (a second run rewrites under the same key and loses nothing); values are rewritten in place, without a
new version in the history (the content does not change, only its cipher text); documents get a new random name
(crash-safe, commun.chiffrement.rechiffrer)."""

from django.core.management.base import BaseCommand, CommandError

from commun.chiffrement import rechiffrer
from commun.services import utilisateur_systeme


class Command(BaseCommand):
    help = (
        "Rechiffre sous la clé la plus récente toutes les valeurs chiffrées (historiques compris) et tous les "
        "documents chiffrés, de toutes les applications (après une rotation des clés)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Compter par modèle et vérifier le déchiffrement, sans rien écrire."
        )
        parser.add_argument("--taille", type=int, default=500, help="Lignes réécrites par lot (500 par défaut).")

    def handle(self, *args, **options):
        simulation = options["dry_run"]
        bilans = rechiffrer(par=utilisateur_systeme(), simulation=simulation, taille=options["taille"])
        verbe = "à rechiffrer" if simulation else "rechiffré(e)s"
        for label, b in sorted(bilans.items()):
            ligne = f"{label} : {b['lignes']} ligne(s), {b['valeurs']} valeur(s), {b['documents']} document(s) {verbe}"
            if b["absents"]:
                ligne += f", {b['absents']} document(s) absent(s) du dossier des médias"
            if b["indechiffrables"]:
                ligne += f", {b['indechiffrables']} indéchiffrable(s) avec les clés en place"
            self.stdout.write(ligne)
        total = {cle: sum(b[cle] for b in bilans.values()) for cle in ("valeurs", "documents", "indechiffrables")}
        self.stdout.write(
            f"Total : {total['valeurs']} valeur(s) et {total['documents']} document(s) {verbe} sous la clé la plus "
            "récente" + (" (simulation : rien n'a été écrit)." if simulation else ".")
        )
        if total["indechiffrables"]:
            raise CommandError(
                f"{total['indechiffrables']} valeur(s) ou document(s) ne se déchiffrent avec aucune des clés en place "
                "(DJANGO_SALT_KEY, DJANGO_SECRET_KEY_FALLBACKS) : ils n'ont pas été réécrits. Ne retirez pas "
                "l'ancienne clé avant de les avoir retrouvés."
            )
