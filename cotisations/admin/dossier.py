"""The dues in the doctor's (and the company's) file: each year's amount, its exemption and the reason, read-only
(DOMAIN.md 2: « each exemption recorded in the doctor's file »). Added to the register's admin from here, so that
tableau knows nothing of the dues; shown only to staff who may read the dues (the inline's view permission)."""

from django.contrib import admin

from tableau.models import Medecin, Societe

from ..models import Cotisation


class CotisationsDuDossierInline(admin.TabularInline):
    model = Cotisation
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = "cotisation"
    verbose_name_plural = "cotisations et exonérations"
    fields = (
        "annee",
        "categorie",
        "montant_bareme",
        "exoneration_motif",
        "exoneration_taux",
        "exoneration_deliberation",
        "montant_du",
        "frais",
        "montant_paye",
        "statut",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("exoneration_deliberation").order_by("-annee")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _ajouter_aux_dossiers():
    for modele in (Medecin, Societe):
        modele_admin = admin.site._registry.get(modele)
        if modele_admin is not None and CotisationsDuDossierInline not in modele_admin.inlines:
            modele_admin.inlines = [*modele_admin.inlines, CotisationsDuDossierInline]


_ajouter_aux_dossiers()
