from django.apps import AppConfig


class AnnoncesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "annonces"
    verbose_name = "Annonces"
