from django.apps import AppConfig


class SolidariteConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "solidarite"
    verbose_name = "Solidarité territoriale"
