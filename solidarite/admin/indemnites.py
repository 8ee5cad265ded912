"""The daily allowance's yearly scale (through its service) and the payments, read-only (recorded by the API's
`indemnites/payer/`, which locks the days)."""

from django.contrib import admin
from django.utils import timezone

from commun.admin import ServiceAdmin

from .. import services
from ..models import PaiementIndemnite, ParametreIndemnite


@admin.register(ParametreIndemnite)
class ParametreIndemniteAdmin(ServiceAdmin):
    list_display = ("annee", "montant_journalier")
    fields = ("annee", "montant_journalier")

    def get_readonly_fields(self, request, obj=None):
        return ("annee",) if obj else ()

    def creer(self, request, donnees):
        return services.parametre_indemnite_enregistrer(
            annee=donnees["annee"],
            montant_journalier=donnees["montant_journalier"],
            par=request.user,
            today=timezone.localdate(),
        )

    def modifier(self, request, obj, donnees, changes):
        return services.parametre_indemnite_enregistrer(
            annee=obj.annee,
            montant_journalier=donnees["montant_journalier"],
            par=request.user,
            today=timezone.localdate(),
        )


@admin.register(PaiementIndemnite)
class PaiementIndemniteAdmin(ServiceAdmin):
    list_display = ("medecin", "mois", "jours", "montant", "date_paiement", "par")
    list_select_related = ("medecin", "par")
    search_fields = ("medecin__nom", "medecin__rpps")
    fields = ("medecin", "mois", "jours", "montant", "date_paiement", "par")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
