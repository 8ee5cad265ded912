from django.apps import AppConfig


class CommunConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "commun"
    verbose_name = "Socle commun"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
