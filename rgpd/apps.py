from django.apps import AppConfig


class RgpdConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rgpd"
    verbose_name = "Protection des données (RGPD)"
