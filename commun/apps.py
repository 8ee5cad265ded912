from django.apps import AppConfig


class CommunConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "commun"
    verbose_name = "Socle commun"
