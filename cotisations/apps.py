from django.apps import AppConfig


class CotisationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cotisations"
    verbose_name = "Cotisations"

    def ready(self):
        from . import signaux  # noqa: F401  (a first registration of the year gets its dues once recorded)
