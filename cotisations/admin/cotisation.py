"""The dues' back-office, in French: the yearly scales (edited through the service), the dues (read-mostly; the
call of a year from the list's « Appeler les cotisations d'une année »), the payments (a cheque, a transfer or cash
recorded from « Enregistrer un paiement »; a wrong one cancelled by its counter-entry, with its reason asked)."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone

from commun.admin import ServiceAdmin, page_formulaire
from commun.formulaires import erreurs_du_service

from .. import selectors, services
from ..models import Bareme, Cotisation, ModePaiement, Paiement


class AppelForm(forms.Form):
    annee = forms.IntegerField(
        label="Année",
        min_value=2000,
        max_value=2100,
        help_text="Chaque médecin et société du tableau au 1er janvier, et chaque première inscription de l'année, "
        "reçoit sa cotisation ; un nouvel appel n'ajoute que les redevables qui n'en ont pas encore.",
    )


MODES_AU_GUICHET = [(m.value, m.label) for m in ModePaiement if m != ModePaiement.CB]


class PaiementForm(forms.Form):
    reference = forms.CharField(
        label="Référence de paiement",
        max_length=25,
        help_text="La référence RF… imprimée sur l'appel de cotisation (au dos du chèque, dans le libellé du virement).",
    )
    montant = forms.DecimalField(
        label="Montant (€)",
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={"min_value": "Le montant d'un paiement doit être positif (au moins 0,01 €)."},
    )
    mode = forms.ChoiceField(label="Mode de paiement", choices=MODES_AU_GUICHET)
    date = forms.DateField(label="Date du paiement", widget=AdminDateWidget)
    transaction = forms.CharField(
        label="Référence bancaire",
        max_length=255,
        required=False,
        help_text="Facultatif : le numéro du chèque ou la référence du virement.",
    )


class AnnulationForm(forms.Form):
    motif = forms.CharField(
        label="Motif de l'annulation",
        max_length=255,
        help_text="Il figure sur la contre-passation et dans l'historique (par exemple : chèque revenu impayé).",
    )


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
    change_list_template = "admin/cotisations/cotisation/change_list.html"

    def has_add_permission(self, request):
        return False  # the dues are called for the whole year (« Appeler », API or command), never one by one

    def get_urls(self):
        return [
            path("appeler/", self.admin_site.admin_view(self.appeler_view), name="cotisations_cotisation_appeler"),
            *super().get_urls(),
        ]

    def appeler_view(self, request):
        if not request.user.has_perm("cotisations.add_cotisation"):
            raise PermissionDenied
        form = AppelForm(request.POST or None, initial={"annee": timezone.localdate().year})
        if request.method == "POST" and form.is_valid():
            annee = form.cleaned_data["annee"]
            try:
                bilan = services.cotisations_appeler(annee=annee, today=timezone.localdate(), par=request.user)
            except ValidationError as exc:
                erreurs_du_service(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(
                    request,
                    f"Cotisations {annee} : {bilan['creees']} appelée(s), {bilan['existantes']} déjà appelée(s).",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:cotisations_cotisation_changelist") + f"?annee={annee}")
        return page_formulaire(self, request, titre="Appeler les cotisations d'une année", form=form)

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
    change_list_template = "admin/cotisations/paiement/change_list.html"

    def has_add_permission(self, request):
        return False  # recorded through « Enregistrer un paiement » (the service numbers its receipt)

    def has_delete_permission(self, request, obj=None):
        return False  # never deleted: cancelled by a counter-entry

    def get_urls(self):
        return [
            path(
                "enregistrer/",
                self.admin_site.admin_view(self.enregistrer_view),
                name="cotisations_paiement_enregistrer",
            ),
            path("annuler/", self.admin_site.admin_view(self.annuler_view), name="cotisations_paiement_annuler"),
            *super().get_urls(),
        ]

    def enregistrer_view(self, request):
        if not request.user.has_perm("cotisations.add_paiement"):
            raise PermissionDenied
        initial = {"date": timezone.localdate(), "mode": ModePaiement.CHEQUE}
        if (request.GET.get("reference") or "").strip():
            initial["reference"] = request.GET["reference"].strip()
        form = PaiementForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            cotisation = selectors.cotisation_par_reference(d["reference"])
            if cotisation is None:
                form.add_error("reference", f"Aucune cotisation n'a la référence « {d['reference']} ».")
            else:
                try:
                    paiement = services.paiement_enregistrer(
                        cotisation=cotisation,
                        montant=d["montant"],
                        mode=d["mode"],
                        date=d["date"],
                        par=request.user,
                        transaction_banque=d["transaction"],
                    )
                except ValidationError as exc:
                    erreurs_du_service(form, exc)
                except PermissionDenied as exc:
                    form.add_error(None, str(exc))
                else:
                    self.message_user(
                        request,
                        f"Paiement enregistré : reçu n° {paiement.numero_recu}, {cotisation} ; reste à payer "
                        f"{Cotisation.objects.get(pk=cotisation.pk).solde} €.",
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse("admin:cotisations_paiement_changelist"))
        return page_formulaire(
            self,
            request,
            titre="Enregistrer un paiement (chèque, virement, espèces)",
            form=form,
            explication="Le reçu est numéroté à l'enregistrement et envoyé au redevable qui a une adresse "
            "électronique ; un paiement au-delà du solde est refusé.",
        )

    def annuler_view(self, request):
        if not request.user.has_perm("cotisations.annuler_paiement"):
            raise PermissionDenied
        ids = [int(i) for i in (request.GET.get("ids") or "").split(",") if i.isdigit()]
        paiements = list(Paiement.objects.filter(pk__in=ids).select_related("cotisation").order_by("pk"))
        if not paiements:
            self.message_user(request, "Choisissez d'abord les paiements à annuler dans la liste.", messages.WARNING)
            return HttpResponseRedirect(reverse("admin:cotisations_paiement_changelist"))
        form = AnnulationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            nombre = 0
            for paiement in paiements:
                try:
                    services.paiement_annuler(
                        paiement=paiement,
                        motif=form.cleaned_data["motif"],
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
            return HttpResponseRedirect(reverse("admin:cotisations_paiement_changelist"))
        liste = ", ".join(f"{p.numero_recu or p.pk} ({p.montant} €)" for p in paiements)
        return page_formulaire(
            self,
            request,
            titre="Annuler des paiements (contre-passation)",
            form=form,
            explication=f"Paiements à annuler : {liste}. Chacun reste, avec son reçu ; une écriture négative le "
            "contre-passe, avec ce motif.",
        )

    def has_annuler_permission(self, request):
        return request.user.has_perm("cotisations.annuler_paiement")

    @admin.action(description="Annuler les paiements sélectionnés (contre-passation)", permissions=["annuler"])
    def annuler(self, request, queryset):
        """The reason is asked on the next page, then written on each counter-entry."""
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return HttpResponseRedirect(reverse("admin:cotisations_paiement_annuler") + f"?ids={ids}")
