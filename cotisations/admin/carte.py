"""The card payments, for the treasury: what the bank confirmed, what is still awaited, and the payments taken
beyond the balance (« à rembourser ») to refund or check. Read-only: the provider's notification writes them; the
one act of the treasury is « Enregistrer le remboursement » (an action, through `carte_rembourser`) once the bank
sent the money back."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone

from commun.admin import ServiceAdmin
from commun.formulaires import erreurs_du_service

from .. import services
from ..models import PaiementCarte, SuiteCarte


class RembourserForm(forms.Form):
    date = forms.DateField(
        label="Date du remboursement",
        widget=AdminDateWidget,
        error_messages={"required": "Indiquez la date du remboursement.", "invalid": "Indiquez une date (jj/mm/aaaa)."},
    )
    reference = forms.CharField(
        label="Référence du remboursement",
        max_length=100,
        help_text="Celle du virement ou de l'opération de la banque.",
        error_messages={"required": "Indiquez la référence du remboursement (celle du virement ou de la banque)."},
    )


@admin.register(PaiementCarte)
class PaiementCarteAdmin(ServiceAdmin):
    list_display = ("created", "cotisation", "total", "suite", "status", "transaction_id", "paiement", "demande_par")
    list_filter = ("suite", "status", "variant")
    search_fields = ("transaction_id", "cotisation__reference", "cotisation__medecin__nom", "paiement__numero_recu")
    list_select_related = ("cotisation__medecin", "cotisation__societe", "paiement", "demande_par")
    date_hierarchy = "created"
    actions = ["rembourser"]
    fields = (
        "cotisation",
        "total",
        "currency",
        "variant",
        "suite",
        "motif_revue",
        "rembourse_le",
        "reference_remboursement",
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

    def has_rembourser_permission(self, request):
        return request.user.has_perm("cotisations.rembourser_paiementcarte")

    @admin.action(description="Enregistrer le remboursement (paiements « à rembourser »)", permissions=["rembourser"])
    def rembourser(self, request, queryset):
        """Asks the refund's date and bank reference, then records it on each selected payment (one, usually);
        a payment not « à rembourser » is refused with the service's French message."""
        cartes = list(queryset.select_related("cotisation__medecin", "cotisation__societe"))
        form = RembourserForm(request.POST if "appliquer" in request.POST else None)
        if form.is_valid():
            nombre = 0
            for carte in cartes:
                try:
                    services.carte_rembourser(
                        paiement_carte_id=carte.pk,
                        date=form.cleaned_data["date"],
                        reference=form.cleaned_data["reference"],
                        par=request.user,
                        today=timezone.localdate(),
                    )
                except ValidationError as exc:
                    if len(cartes) == 1 and hasattr(exc, "error_dict"):
                        erreurs_du_service(form, exc)  # the date or reference to fix: the form again
                        break
                    self.message_user(request, f"{carte} : {' '.join(exc.messages)}", messages.ERROR)
                except PermissionDenied as exc:
                    self.message_user(request, f"{carte} : {exc}", messages.ERROR)
                else:
                    nombre += 1
            else:
                if nombre:
                    self.message_user(request, f"{nombre} remboursement(s) enregistré(s).", messages.SUCCESS)
                return None
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Enregistrer le remboursement d'un paiement par carte",
            "form": form,
            "cartes": cartes,
            "a_rembourser": SuiteCarte.A_REMBOURSER,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(
            request, "admin/cotisations/paiementcarte/rembourser.html", contexte, status=400 if form.errors else 200
        )
