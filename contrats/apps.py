from django.apps import AppConfig


class ContratsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "contrats"
    verbose_name = "Contrats communiqués (L4113-9)"
