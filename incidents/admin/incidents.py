"""The declarations of incidents in the back-office: read only (a doctor declares in his espace or through the
API), each opened declaration is a logged read; the year's anonymous figures as a spreadsheet for the CNOM's
observatory (« Statistiques de l'année »)."""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from commun.admin import ServiceAdmin
from commun.xlsx import TYPE_XLSX
from config.perms import exiger

from .. import selectors
from ..exports import statistiques_xlsx
from ..models import Incident


@admin.register(Incident)
class IncidentAdmin(ServiceAdmin):
    list_display = ("__str__", "date", "commune", "lieu", "auteur", "plainte_deposee", "main_courante", "declare_le")
    list_filter = ("lieu", "auteur", "plainte_deposee", "main_courante")
    date_hierarchy = "date"
    list_select_related = ("declarant",)
    fields = (
        "declarant",
        "date",
        "commune",
        "lieu",
        "types_lisibles",
        "auteur",
        "plainte_deposee",
        "main_courante",
        "description",
        "declare_le",
        "declare_par",
        "export",
    )
    readonly_fields = fields

    @admin.display(description="types de violence")
    def types_lisibles(self, obj):
        return ", ".join(obj.types_libelles()) or "—"

    @admin.display(description="observatoire du CNOM")
    def export(self, obj):
        url = reverse("admin:incidents_incident_statistiques") + f"?annee={obj.date.year}"
        return format_html('<a href="{}">Statistiques anonymes de {} (tableur)</a>', url, obj.date.year)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        incident = self.get_object(request, object_id)
        if incident is not None and self.has_view_permission(request, incident):
            exiger(request.user, "incidents.incident_lire", objet=incident, date=timezone.localdate(), lecture=True)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "statistiques/",
                self.admin_site.admin_view(self.statistiques),
                name="incidents_incident_statistiques",
            ),
            *super().get_urls(),
        ]

    def statistiques(self, request):
        """The anonymous figures of `?annee=` (this year by default) as a spreadsheet."""
        jour = timezone.localdate()
        exiger(request.user, "incidents.statistiques_consulter", objet=Incident(), date=jour)
        brut = request.GET.get("annee", "")
        annee = int(brut) if brut.isdigit() and 1900 <= int(brut) <= 2999 else jour.year
        reponse = HttpResponse(statistiques_xlsx(selectors.statistiques(annee=annee)), content_type=TYPE_XLSX)
        reponse["Content-Disposition"] = f'attachment; filename="observatoire-securite-{annee}.xlsx"'
        return reponse
