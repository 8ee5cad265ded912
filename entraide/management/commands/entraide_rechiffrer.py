"""After a key rotation (README, « Chiffrement »): re-encrypt every encrypted value of the entraide (history tables
included) and every stored document under the newest key, so that the old keys can then be dropped.

    python manage.py entraide_rechiffrer

Idempotent (a second run re-encrypts under the same key); values are rewritten in place, without a new version
in the history (the content does not change, only its cipher text)."""

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import transaction
from encrypted_fields.fields import EncryptedFieldMixin

from commun.chiffrement import chiffrer, lire_dechiffre


class Command(BaseCommand):
    help = "Rechiffre les champs et les documents de l'entraide sous la clé la plus récente (après une rotation)."

    def handle(self, *args, **options):
        valeurs = 0
        with transaction.atomic():
            for modele in apps.get_app_config("entraide").get_models():
                champs = [f.name for f in modele._meta.concrete_fields if isinstance(f, EncryptedFieldMixin)]
                if not champs:
                    continue
                for ligne in modele._default_manager.only("pk", *champs).iterator():
                    modele._default_manager.filter(pk=ligne.pk).update(**{c: getattr(ligne, c) for c in champs})
                    valeurs += len(champs)
        documents = 0
        PieceDemande = apps.get_model("entraide", "PieceDemande")
        for nom in PieceDemande.objects.values_list("fichier", flat=True):
            if nom and default_storage.exists(nom):
                clair = lire_dechiffre(nom)
                default_storage.delete(nom)
                default_storage.save(nom, ContentFile(chiffrer(clair)))
                documents += 1
        self.stdout.write(f"{valeurs} valeur(s) et {documents} document(s) rechiffrés sous la clé la plus récente.")
