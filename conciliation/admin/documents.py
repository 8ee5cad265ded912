"""The conciliation's back-office, documents slice (issue 12 point 2): the parameters of the reminders (one row,
edited through the service, history kept), the reminders sent (read-only) and the échéances page of the legal
service (the open files whose next legal deadline has passed or falls within 7 days, the late ones flagged)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from commun.admin import ServiceAdmin
from config.perms import peut

from .. import selectors, services
from ..models import ParametreConciliation, Plainte, RappelEcheance
from ..services.echeances import CHAMPS_PARAMETRES


@admin.register(ParametreConciliation)
class ParametreConciliationAdmin(ServiceAdmin):
    list_display = ("__str__", "delai_rappel_jours", "courriel_service_juridique", "courriel_chambre_disciplinaire")
    fields = CHAMPS_PARAMETRES

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def modifier(self, request, obj, donnees, changes):
        return services.parametres_enregistrer(
            donnees={c: donnees[c] for c in changes if c in CHAMPS_PARAMETRES},
            par=request.user,
            today=timezone.localdate(),
        )


class DateForm(forms.Form):
    date = forms.DateField(
        label="Au",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Saisissez une date (JJ/MM/AAAA)."},
    )


@admin.register(RappelEcheance)
class RappelEcheanceAdmin(ServiceAdmin):
    list_display = ("plainte", "type", "echeance", "programme_le")
    list_filter = ("type",)
    list_select_related = ("plainte",)
    date_hierarchy = "programme_le"
    readonly_fields = ("plainte", "type", "echeance", "programme_le")
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "echeances/",
                self.admin_site.admin_view(self.echeances_view),
                name="conciliation_rappelecheance_echeances",
            ),
            *super().get_urls(),
        ]

    def echeances_view(self, request):
        """The legal service's list of deadlines: the files it may read (conciliation.plainte_lire on the day)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = DateForm(request.GET if "date" in request.GET else {})
        # the right on the day of the request; the form's date is only the list's horizon (selectors.echeances)
        today = timezone.localdate()
        if not peut(request.user, "conciliation.echeances_consulter", objet=Plainte(), date=today):
            raise PermissionDenied
        date = today
        if form.is_valid() and form.cleaned_data.get("date"):
            date = form.cleaned_data["date"]
        lignes = selectors.echeances(user=request.user, today=today, horizon=date)
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Échéances légales au {date:%d/%m/%Y}",
            "form": form,
            "date": date,
            "jours": selectors.JOURS_ECHEANCES,
            "lignes": [{**ligne, "reste": (ligne["echeance"] - date).days} for ligne in lignes],
        }
        return TemplateResponse(request, "admin/conciliation/echeances.html", contexte)
