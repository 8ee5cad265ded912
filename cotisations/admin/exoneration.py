"""The hardship requests in the back-office, in French: the list by state and the requests waiting for the next
plenary, the action that puts them on its agenda (anonymous file numbers), the plenary's decision recorded through
the service with the deliberation chosen, the documents streamed after the permission check."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from commun.admin import ServiceAdmin
from commun.fichiers import reponse_fichier, taille_lisible
from commun.formulaires import PlusieursFichiersField, erreurs_du_service
from config.perms import exiger, peut

from .. import selectors, services
from ..models import DemandeExoneration, PieceDemande, StatutDemande, TauxDemande


class EnAttenteFilter(admin.SimpleListFilter):
    title = "plénière"
    parameter_name = "attente"

    def lookups(self, request, model_admin):
        return [("oui", "En attente de la prochaine plénière")]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(selectors.demandes_en_attente_q(timezone.localdate()))
        return queryset


class PieceEnLigne(admin.TabularInline):
    model = PieceDemande
    extra = 0
    can_delete = False
    fields = ("telecharger", "type_contenu", "taille_lisible", "empreinte", "deposee_le", "deposee_par")
    readonly_fields = fields
    verbose_name_plural = "pièces justificatives"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="document")
    def telecharger(self, piece):
        url = reverse("admin:cotisations_demandeexoneration_piece", args=[piece.demande_id, piece.pk])
        return format_html('<a href="{}" download>{}</a>', url, piece.nom_original)

    @admin.display(description="empreinte SHA-256")
    def empreinte(self, piece):
        # The first and last characters (the full value in the tooltip): the whole of it would widen the page.
        return format_html('<span title="{}">{}…{}</span>', piece.sha256, piece.sha256[:10], piece.sha256[-6:])

    @admin.display(description="taille")
    def taille_lisible(self, piece):
        return taille_lisible(piece.taille)


DECISIONS = [
    ("accorder", "Exonération accordée"),
    ("refuser", "Exonération refusée"),
    ("incomplete", "Insuffisamment renseigné : informations demandées"),
]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="Décision de la plénière", choices=DECISIONS, widget=forms.RadioSelect)
    deliberation = forms.ModelChoiceField(
        label="Délibération",
        queryset=None,
        empty_label="Choisissez la délibération",
        error_messages={"required": "Citez la délibération de la séance plénière qui a statué."},
    )
    taux = forms.TypedChoiceField(
        label="Taux accordé",
        choices=[("", "—"), *TauxDemande.choices],
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "L'exonération est de 50 %% ou de 100 %%, rien d'autre."},
    )
    motif = forms.CharField(
        label="Motif du refus ou informations demandées",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )

    def __init__(self, *args, deliberations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliberation"].queryset = deliberations
        self.fields["deliberation"].label_from_instance = lambda d: f"n° {d.numero} : {d.objet}"


class DeposerPourForm(forms.Form):
    """A paper request filed by staff for the doctor: the dues found by the payment reference of the call."""

    reference = forms.CharField(
        label="Référence de paiement de la cotisation",
        max_length=40,
        help_text="La référence « RF… » imprimée sur l'appel de cotisation du médecin (espaces indifférents).",
    )
    taux_demande = forms.TypedChoiceField(
        label="Exonération demandée",
        choices=TauxDemande.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "L'exonération est de 50 %% ou de 100 %%, rien d'autre."},
    )
    expose = forms.CharField(
        label="Exposé de la situation professionnelle", widget=forms.Textarea(attrs={"rows": 6, "cols": 60})
    )
    fichiers = PlusieursFichiersField(
        label="Pièces justificatives", help_text="PDF, JPEG ou PNG ; plusieurs possibles."
    )

    def clean_reference(self):
        reference = selectors.reference_normalisee(self.cleaned_data["reference"])
        self.cotisation = selectors.cotisation_par_reference(reference)
        if self.cotisation is None:
            raise forms.ValidationError(f"Aucune cotisation ne porte la référence « {reference} ».")
        return reference


@admin.register(DemandeExoneration)
class DemandeExonerationAdmin(ServiceAdmin):
    list_display = ("numero", "medecin", "annee_cotisation", "taux_demande", "statut", "deposee_le", "seance")
    list_filter = (EnAttenteFilter, "statut", "taux_demande", "annee_depot")
    search_fields = ("numero", "cotisation__medecin__nom", "cotisation__medecin__rpps")
    list_select_related = ("cotisation__medecin", "seance")
    actions = ["inscrire"]
    inlines = [PieceEnLigne]
    fields = (
        "numero",
        "cotisation",
        "taux_demande",
        "expose",
        "statut",
        "deposee_le",
        "deposee_par",
        "seance",
        "inscrite_le",
        "deliberation",
        "taux_accorde",
        "motif_decision",
        "decidee_le",
        "completee_le",
    )
    readonly_fields = fields
    change_form_template = "admin/cotisations/demandeexoneration/change_form.html"
    change_list_template = "admin/cotisations/demandeexoneration/change_list.html"

    def has_add_permission(self, request):
        return False  # filed from the espace médecin, or by staff for a doctor through the service

    def has_delete_permission(self, request, obj=None):
        return False

    def has_inscrire_permission(self, request):
        return peut(request.user, "cotisations.exonerations_inscrire")

    @admin.display(description="médecin", ordering="cotisation__medecin__nom")
    def medecin(self, obj):
        return obj.cotisation.medecin

    @admin.display(description="cotisation", ordering="cotisation__annee")
    def annee_cotisation(self, obj):
        return obj.cotisation.annee

    @admin.action(description="Inscrire à l'ordre du jour de la prochaine plénière", permissions=["inscrire"])
    def inscrire(self, request, queryset):
        try:
            seance, inscrites = services.demandes_exoneration_inscrire(
                demandes=list(queryset), par=request.user, today=timezone.localdate()
            )
        except (ValidationError, PermissionDenied) as exc:
            self.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])), messages.ERROR)
            return
        self.message_user(
            request,
            f"{len(inscrites)} demande(s) inscrite(s) à l'ordre du jour de la {seance} : "
            f"« {services.ligne_ordre_du_jour([d.numero for d in selectors.demandes_inscrites(seance)])} ».",
            messages.SUCCESS,
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "peut_deposer": self._peut_deposer(request)}
        return super().changelist_view(request, extra_context)

    def _peut_deposer(self, request) -> bool:
        return request.user.has_perm("cotisations.add_demandeexoneration")

    def deposer_view(self, request):
        """A request filed by staff for a doctor (received on paper), through the same service as the espace."""
        if not self._peut_deposer(request):
            raise PermissionDenied
        if request.method == "POST":
            form = DeposerPourForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    demande = services.demande_exoneration_deposer(
                        cotisation=form.cotisation,
                        taux=form.cleaned_data["taux_demande"],
                        expose=form.cleaned_data["expose"],
                        fichiers=form.cleaned_data["fichiers"],
                        par=request.user,
                        today=timezone.localdate(),
                    )
                except ValidationError as exc:
                    erreurs_du_service(form, exc)
                except PermissionDenied as exc:
                    form.add_error(None, str(exc))
                else:
                    self.message_user(
                        request,
                        f"Demande {demande.numero} déposée pour {form.cotisation.medecin} : elle attend la prochaine "
                        "plénière.",
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:cotisations_demandeexoneration_change", args=[demande.pk])
                    )
        else:
            form = DeposerPourForm()
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Déposer une demande d'exonération pour un médecin",
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(
            request, "admin/cotisations/demandeexoneration/deposer.html", contexte, status=400 if form.errors else 200
        )

    def get_urls(self):
        return [
            path(
                "deposer/", self.admin_site.admin_view(self.deposer_view), name="cotisations_demandeexoneration_deposer"
            ),
            path(
                "<int:object_id>/decider/",
                self.admin_site.admin_view(self.decider_view),
                name="cotisations_demandeexoneration_decider",
            ),
            path(
                "<int:object_id>/pieces/<int:piece_id>/",
                self.admin_site.admin_view(self.piece_view),
                name="cotisations_demandeexoneration_piece",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "peut_decider": peut(request.user, "cotisations.exoneration_decider"),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def piece_view(self, request, object_id, piece_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        piece = get_object_or_404(selectors.pieces_visibles(request.user), pk=piece_id, demande_id=object_id)
        exiger(request.user, "cotisations.exonerations_consulter", objet=piece.demande)
        return reponse_fichier(piece.fichier.name, nom=piece.nom_original, type_contenu=piece.type_contenu)

    def decider_view(self, request, object_id):
        demande = get_object_or_404(selectors.demandes_visibles(request.user), pk=object_id)
        if not self.has_view_permission(request, demande):
            raise PermissionDenied
        deliberations = selectors.deliberations_de_decision(demande.seance)
        if request.method == "POST":
            form = DecisionForm(request.POST, deliberations=deliberations)
            if form.is_valid():
                donnees = form.cleaned_data
                try:
                    if donnees["decision"] == "accorder":
                        services.demande_exoneration_accorder(
                            demande=demande,
                            taux=donnees["taux"],
                            deliberation=donnees["deliberation"],
                            par=request.user,
                            today=timezone.localdate(),
                        )
                    else:
                        services.demande_exoneration_refuser(
                            demande=demande,
                            motif=donnees["motif"],
                            deliberation=donnees["deliberation"],
                            insuffisamment_renseigne=donnees["decision"] == "incomplete",
                            par=request.user,
                            today=timezone.localdate(),
                        )
                except ValidationError as exc:
                    erreurs_du_service(form, exc)
                except PermissionDenied as exc:
                    form.add_error(None, str(exc))
                else:
                    demande.refresh_from_db()
                    self.message_user(
                        request,
                        f"Décision enregistrée sur la demande {demande.numero} : {demande.get_statut_display()}. "
                        "Le médecin en est informé (courriel programmé s'il a une adresse).",
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:cotisations_demandeexoneration_change", args=[demande.pk])
                    )
        else:
            form = DecisionForm(deliberations=deliberations, initial={"taux": demande.taux_demande})
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": demande,
            "title": f"Décision de la plénière sur la demande {demande.numero}",
            "form": form,
            "inscrite": demande.statut == StatutDemande.INSCRITE,
            "deliberations": deliberations,
            "objet_suggere": f"Exonération de cotisation pour insuffisance de ressources : dossier {demande.numero}",
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/cotisations/demandeexoneration/decider.html", contexte)
