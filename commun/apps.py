from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CommunConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "commun"
    verbose_name = "Socle commun"

    def ready(self):
        from .recherche import sqlite_enregistrer

        connection_created.connect(sqlite_enregistrer, dispatch_uid="commun.recherche.sqlite_enregistrer")
        from . import checks  # noqa: F401  (registers the system checks)
