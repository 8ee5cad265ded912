"""The contracts communicated to the council in the back-office: the service juridique reads them (the PDF streams
after the permission check), records the opinion the commission d'étude des contrats gave (« avis » and its
motivation on the contract's page, through `contrat_avis_rendre`) and the links members declared."""

from django.contrib import admin
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from commun.admin import ServiceAdmin
from commun.fichiers import reponse_fichier
from config.perms import exiger

from .. import services
from ..models import Contrat, LienContrat, StatutContrat

CHAMPS_LECTURE = (
    "medecin",
    "type",
    "date_signature",
    "document",
    "date_reception",
    "hors_delai",
    "statut",
    "avis_le",
    "avis_par",
)


class LienContratEnLigne(admin.TabularInline):
    model = LienContrat
    fields = ("membre", "motif", "declare_le")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Contrat)
class ContratAdmin(ServiceAdmin):
    list_display = ("__str__", "medecin", "type", "date_signature", "date_reception", "hors_delai", "statut", "avis")
    list_filter = ("statut", "type", "hors_delai", "avis")
    search_fields = ("medecin__nom", "medecin__rpps")
    list_select_related = ("medecin",)
    date_hierarchy = "date_reception"
    inlines = [LienContratEnLigne]

    def get_fields(self, request, obj=None):
        return (*CHAMPS_LECTURE, "avis", "motivation")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.statut != StatutContrat.AVIS_RENDU:
            return CHAMPS_LECTURE
        return (*CHAMPS_LECTURE, "avis", "motivation")

    @admin.display(description="contrat (PDF)")
    def document(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:contrats_contrat_fichier", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.nom_original)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def modifier(self, request, obj, donnees, changes):
        if not {"avis", "motivation"} & set(changes):
            return obj
        return services.contrat_avis_rendre(
            contrat_id=obj.pk,
            avis=donnees.get("avis") or "",
            motivation=donnees.get("motivation") or "",
            par=request.user,
            today=timezone.localdate(),
        )

    def get_urls(self):
        return [
            path(
                "<int:contrat_id>/fichier/",
                self.admin_site.admin_view(self.fichier),
                name="contrats_contrat_fichier",
            ),
            *super().get_urls(),
        ]

    def fichier(self, request, contrat_id):
        contrat = get_object_or_404(Contrat, pk=contrat_id)
        exiger(request.user, "contrats.contrat_lire", objet=contrat, date=timezone.localdate())
        return reponse_fichier(contrat.fichier.name, nom=contrat.nom_original, type_contenu=contrat.type_contenu)


@admin.register(LienContrat)
class LienContratAdmin(ServiceAdmin):
    list_display = ("contrat", "membre", "motif", "declare_le")
    list_select_related = ("contrat", "membre__medecin")
    fields = ("contrat", "membre", "motif")
    autocomplete_fields = ()

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj else ()

    def creer(self, request, donnees):
        return services.lien_declarer(
            contrat_id=donnees["contrat"].pk,
            membre=donnees["membre"],
            motif=donnees.get("motif") or "",
            par=request.user,
            today=timezone.localdate(),
        )

    def has_delete_permission(self, request, obj=None):
        return False
