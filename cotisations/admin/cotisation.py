"""The dues' back-office, in French: the yearly scales (edited through the service), the dues (read-mostly) and the
payments (read-only; a wrong one is cancelled by its counter-entry with the "Annuler" action)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commun.admin import ServiceAdmin

from .. import services
from ..models import Bareme, Cotisation, Paiement


@admin.register(Bareme)
class BaremeAdmin(ServiceAdmin):
    list_display = ("annee", "montant_plein", "montant_retraite", "montant_societe", "frais_lrar")
    fields = ("annee", *services.CHAMPS_BAREME)

    def get_readonly_fields(self, request, obj=None):
        return ("annee",) if obj else ()

    def creer(self, request, donnees):
        donnees = dict(donnees)
        annee = donnees.pop("annee")
        return services.bareme_enregistrer(annee=annee, donnees=donnees, par=request.user, today=timezone.localdate())

    def modifier(self, request, obj, donnees, changes):
        return services.bareme_enregistrer(
            annee=obj.annee,
            donnees={c: donnees[c] for c in changes if c in services.CHAMPS_BAREME},
            par=request.user,
            today=timezone.localdate(),
        )


class PaiementEnLigne(admin.TabularInline):
    model = Paiement
    fk_name = "cotisation"
    extra = 0
    can_delete = False
    fields = ("numero_recu", "date", "montant", "mode", "annule", "motif_annulation", "saisi_par")
    readonly_fields = fields
    verbose_name_plural = "paiements et annulations"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Cotisation)
class CotisationAdmin(ServiceAdmin):
    list_display = ("annee", "redevable", "categorie", "montant_du", "montant_paye", "solde", "statut", "reference")
    list_filter = ("annee", "statut", "categorie", "exoneration_motif")
    search_fields = ("reference", "medecin__nom", "medecin__rpps", "societe__raison_sociale")
    list_select_related = ("medecin", "societe")
    inlines = [PaiementEnLigne]
    fields = (
        "annee",
        "medecin",
        "societe",
        "categorie",
        "montant_bareme",
        "exoneration_motif",
        "exoneration_taux",
        "exoneration_deliberation",
        "montant_du",
        "frais",
        "montant_paye",
        "statut",
        "reference",
        "appelee_le",
        "relances_suspendues_jusqu_au",
        "relances_suspendues_motif",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # the dues are called for the whole year (API or command), never one by one

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="redevable")
    def redevable(self, obj):
        return obj.medecin or obj.societe

    @admin.display(description="solde")
    def solde(self, obj):
        return obj.solde


@admin.register(Paiement)
class PaiementAdmin(ServiceAdmin):
    list_display = ("numero_recu", "date", "cotisation", "montant", "mode", "annule", "saisi_par")
    list_filter = ("mode", "annee_recu")
    search_fields = ("numero_recu", "cotisation__reference", "cotisation__medecin__nom")
    list_select_related = ("cotisation__medecin", "cotisation__societe", "annule", "saisi_par")
    date_hierarchy = "date"
    actions = ["annuler"]
    fields = (
        "cotisation",
        "numero_recu",
        "date",
        "montant",
        "mode",
        "transaction",
        "annule",
        "motif_annulation",
        "saisi_par",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # never deleted: cancelled by a counter-entry

    def has_annuler_permission(self, request):
        return request.user.has_perm("cotisations.annuler_paiement")

    @admin.action(description="Annuler les paiements sélectionnés (contre-passation)", permissions=["annuler"])
    def annuler(self, request, queryset):
        nombre = 0
        for paiement in queryset.select_related("cotisation"):
            try:
                services.paiement_annuler(
                    paiement=paiement,
                    motif=f"Annulé depuis le back-office par {request.user.get_full_name() or request.user}",
                    par=request.user,
                    today=timezone.localdate(),
                )
                nombre += 1
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(
                    request, f"{paiement} : {' '.join(getattr(exc, 'messages', [str(exc)]))}", messages.ERROR
                )
        if nombre:
            self.message_user(request, f"{nombre} paiement(s) annulé(s) par contre-passation.", messages.SUCCESS)
