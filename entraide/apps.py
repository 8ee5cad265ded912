from django.apps import AppConfig


class EntraideConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "entraide"
    verbose_name = "Entraide"
