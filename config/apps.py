from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ConfigConfig(AppConfig):
    name = "config"
    verbose_name = "Configuration"

    def ready(self):
        from .roles import groupes_apres_migration

        post_migrate.connect(groupes_apres_migration, dispatch_uid="cdom_groupes")
