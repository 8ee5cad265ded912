from django.apps import AppConfig


class ConciliationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "conciliation"
    verbose_name = "Conciliation"
