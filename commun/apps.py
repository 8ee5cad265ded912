from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CommunConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "commun"
    verbose_name = "Socle commun"

    def ready(self):
        from .recherche import sqlite_enregistrer

        connection_created.connect(sqlite_enregistrer, dispatch_uid="commun.recherche.sqlite_enregistrer")
        from . import checks  # noqa: F401  (registers the system checks)

        _icones_booleennes_en_francais()


def _icones_booleennes_en_francais():
    """Django's admin draws a yes/no icon whose text alternative is Python's "True", "False" or "None", which a
    screen reader reads out in English (RGAA 1.2). One function draws them all (lists, read-only fields, history
    versions), looked up by name at each call: replace it with one saying « oui », « non », « inconnu »."""
    from django.contrib.admin.templatetags import admin_list
    from django.templatetags.static import static
    from django.utils.html import format_html

    noms = {True: ("yes", "oui"), False: ("no", "non"), None: ("unknown", "inconnu")}

    def icone(valeur):
        fichier, texte = noms[valeur]
        return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{fichier}.svg"), texte)

    admin_list._boolean_icon = icone
