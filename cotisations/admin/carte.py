"""The card payments, for the treasury: what the bank confirmed, what is still awaited, and the payments taken
beyond the balance (« à rembourser ») to refund or check. Read-only: the provider's notification writes them."""

from django.contrib import admin

from commun.admin import ServiceAdmin

from ..models import PaiementCarte


@admin.register(PaiementCarte)
class PaiementCarteAdmin(ServiceAdmin):
    list_display = ("created", "cotisation", "total", "suite", "status", "transaction_id", "paiement", "demande_par")
    list_filter = ("suite", "status", "variant")
    search_fields = ("transaction_id", "cotisation__reference", "cotisation__medecin__nom", "paiement__numero_recu")
    list_select_related = ("cotisation__medecin", "cotisation__societe", "paiement", "demande_par")
    date_hierarchy = "created"
    fields = (
        "cotisation",
        "total",
        "currency",
        "variant",
        "suite",
        "motif_revue",
        "status",
        "message",
        "transaction_id",
        "paiement",
        "demande_par",
        "created",
        "modified",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
