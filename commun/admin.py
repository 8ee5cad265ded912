"""The sends, for staff: what left, what waits, what failed and why; failed ones are put back with "Renvoyer"."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from . import selectors, services
from .models import Envoi


@admin.register(Envoi)
class EnvoiAdmin(SimpleHistoryAdmin):
    list_display = ("nature", "objet_lien", "destinataire", "etat", "tentatives", "envoye_le", "cree_le")
    list_filter = ("etat", "nature")
    search_fields = ("destinataire",)
    date_hierarchy = "cree_le"
    actions = ["renvoyer"]
    fields = (
        "nature",
        "objet_lien",
        "destinataire",
        "lot",
        "etat",
        "tentatives",
        "derniere_erreur",
        "envoye_le",
        "cree_le",
        "demande_par",
        "modifie_le",
        "tache",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        # Each staff service sees the sends about what it may read (the secretariat the council's, the register's
        # staff theirs); the object of each row comes in one query per kind of object.
        return selectors.envois_visibles(request.user).prefetch_related("objet")

    @admin.display(description="objet")
    def objet_lien(self, obj):
        if obj.objet is None:
            return f"{obj.type_objet.name} n° {obj.objet_id} (supprimé)"
        try:
            url = reverse(f"admin:{obj.type_objet.app_label}_{obj.type_objet.model}_change", args=[obj.objet_id])
        except NoReverseMatch:
            return str(obj.objet)
        return format_html('<a href="{}">{}</a>', url, obj.objet)

    @admin.action(description="Renvoyer les envois en échec sélectionnés", permissions=["renvoyer"])
    def renvoyer(self, request, queryset):
        envois = list(queryset)
        try:
            nombre = services.envois_renvoyer(envois=envois, par=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return
        message = f"{nombre} envoi(s) en échec programmé(s) de nouveau."
        if len(envois) > nombre:
            message += f" {len(envois) - nombre} autre(s) laissé(s) tel(s) quel(s) : déjà envoyé(s) ou en attente."
        self.message_user(request, message, messages.SUCCESS)

    def has_renvoyer_permission(self, request):
        return request.user.has_perm("commun.renvoyer_envoi")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Read-only: a send changes state only through its task or the "Renvoyer" action.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
