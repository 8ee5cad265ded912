"""The print run in the back-office: « Tirages des appels de cotisation » (ask for one, follow its progress, download
its file once merged, resume one whose worker died) and the dues' action that launches the run of a year."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from commun.admin import VIDE, ServiceAdmin
from commun.templatetags.francais import montant_fr
from config.perms import peut

from .. import selectors, services
from ..models import EtatTirage, Tirage
from .cotisation import CotisationAdmin


class FormulaireTirage(forms.ModelForm):
    taille_lot = forms.IntegerField(
        label="lettres par lot",
        min_value=1,
        required=False,
        help_text="Laissez vide pour le réglage par défaut (quelques centaines de lettres par lot).",
    )

    class Meta:
        model = Tirage
        fields = ("annee",)


def _duree(secondes: float) -> str:
    minutes, secondes = divmod(int(round(secondes)), 60)
    heures, minutes = divmod(minutes, 60)
    if heures:
        return f"{heures} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secondes:02d} s"
    return f"{secondes} s"


@admin.register(Tirage)
class TirageAdmin(ServiceAdmin):
    form = FormulaireTirage
    list_display = (
        "__str__",
        "annee",
        "etat",
        "progression",
        "temps_restant",
        "debut",
        "fin",
        "demande_par",
        "fichier_pdf",
    )
    list_filter = ("annee", "etat")
    list_select_related = ("demande_par",)
    actions = ["reprendre"]
    readonly_fields = (
        "annee",
        "etat",
        "progression",
        "temps_restant",
        "taille_lot",
        "debut",
        "fin",
        "demande_par",
        "demande_le",
        "fichier_pdf",
    )

    def get_queryset(self, request):
        return selectors.tirages_liste()

    def get_fields(self, request, obj=None):
        return ("annee", "taille_lot") if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def creer(self, request, donnees):
        return services.tirage_lancer(
            annee=donnees["annee"], taille_lot=donnees.get("taille_lot"), par=request.user, today=timezone.localdate()
        )

    @admin.display(description="avancement")
    def progression(self, obj):
        return f"{obj.pourcentage} % ({montant_fr(obj.faites)[:-3]} / {montant_fr(obj.total)[:-3]} lettres)"

    @admin.display(description="temps restant estimé")
    def temps_restant(self, obj):
        if obj.etat == EtatTirage.TERMINE:
            return "terminé"
        if not obj.faites:
            return VIDE
        ecoule = (timezone.now() - obj.debut).total_seconds()
        return _duree(ecoule / obj.faites * (obj.total - obj.faites))

    @admin.display(description="fichier")
    def fichier_pdf(self, obj):
        if not obj.fichier:
            return VIDE
        return format_html(
            '<a href="{}">Télécharger le PDF</a>', reverse("admin:cotisations_tirage_fichier", args=[obj.pk])
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/fichier/",
                self.admin_site.admin_view(self.telecharger),
                name="cotisations_tirage_fichier",
            ),
            *super().get_urls(),
        ]

    def telecharger(self, request, pk: int):
        """The merged file, streamed once the permission helper said yes (never a public URL)."""
        tirage = get_object_or_404(Tirage, pk=pk)
        try:
            chemin = services.tirage_fichier(tirage=tirage, par=request.user, today=timezone.localdate())
        except ValidationError:
            raise Http404("Le fichier de ce tirage n'est pas encore prêt.") from None
        if not chemin.is_file():
            raise Http404("Le fichier de ce tirage est introuvable.")
        reponse = FileResponse(
            open(chemin, "rb"), content_type="application/pdf", as_attachment=True, filename=chemin.name
        )
        reponse["Cache-Control"] = "private, no-store"
        return reponse

    def has_reprendre_permission(self, request):
        return peut(request.user, "cotisations.tirage_lancer")

    @admin.action(description="Reprendre les tirages sélectionnés (lots non faits)", permissions=["reprendre"])
    def reprendre(self, request, queryset):
        for tirage in queryset:
            try:
                services.tirage_reprendre(tirage=tirage, par=request.user, today=timezone.localdate())
                self.message_user(request, f"{tirage} : reprise programmée.", messages.SUCCESS)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(
                    request, f"{tirage} : {' '.join(getattr(exc, 'messages', [str(exc)]))}", messages.ERROR
                )


# --- the dues' action: the print run of the years selected ----------------------------------------------------------


@admin.action(description="Imprimer tous les appels de l'année (tirage PDF)", permissions=["tirage"])
def imprimer_les_appels(modeladmin, request, queryset):
    annees = sorted(set(queryset.values_list("annee", flat=True)))
    for annee in annees:
        try:
            tirage = services.tirage_lancer(annee=annee, par=request.user, today=timezone.localdate())
        except (ValidationError, PermissionDenied) as exc:
            modeladmin.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])), messages.ERROR)
            continue
        lien = reverse("admin:cotisations_tirage_change", args=[tirage.pk])
        modeladmin.message_user(
            request,
            format_html(
                'Tirage des {} appels {} programmé : suivez son avancement sur <a href="{}">sa page</a>.',
                tirage.total,
                annee,
                lien,
            ),
            messages.SUCCESS,
        )


def _peut_tirer(self, request):
    return peut(request.user, "cotisations.tirage_lancer")


CotisationAdmin.has_tirage_permission = _peut_tirer
CotisationAdmin.actions = [*(CotisationAdmin.actions or ()), imprimer_les_appels]
