"""Moderation of the ads in the back-office: the ads read-only (they are written by their authors), with their
pending change beside them; publishing, asking for a correction (motif) and refusing (motif) go through
annonces.services, from the ad's page or, for publishing, as an action on the selected ads. The doctors' messages
to authors are not shown here (the sender's address belongs to the author alone)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join

from commun.admin import ServiceAdmin
from commun.formulaires import erreurs_du_service
from config.perms import exiger

from .. import selectors, services
from ..models import Annonce, RevisionAnnonce, StatutAnnonce, StatutRevision

CHAMPS = (
    "auteur",
    "categorie",
    "sens",
    "titre",
    "texte",
    "commune",
    "date_debut",
    "date_fin",
    "statut",
    "motif",
    "cree_le",
    "soumise_le",
    "publiee_le",
    "moderee_le",
    "moderee_par",
)


class MotifForm(forms.Form):
    motif = forms.CharField(
        label="Motif",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="L'auteur le lit dans son espace : dites ce qu'il doit corriger, ou pourquoi l'annonce est refusée.",
    )


class RevisionEnLigne(admin.StackedInline):
    model = RevisionAnnonce
    extra = 0
    can_delete = False
    verbose_name = "modification en attente"
    verbose_name_plural = "modifications (la dernière en premier)"
    fields = (
        "statut",
        "categorie",
        "sens",
        "titre",
        "texte",
        "commune",
        "date_debut",
        "date_fin",
        "motif",
        "soumise_le",
        "moderee_le",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EnAttenteFilter(admin.SimpleListFilter):
    title = "à modérer"
    parameter_name = "a_moderer"

    def lookups(self, request, model_admin):
        return [("oui", "Annonces ou modifications soumises")]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(
                Q(statut=StatutAnnonce.SOUMISE)
                | Q(statut=StatutAnnonce.PUBLIEE, revisions__statut=StatutRevision.SOUMISE)
            ).distinct()
        return queryset


@admin.register(Annonce)
class AnnonceAdmin(ServiceAdmin):
    list_display = (
        "titre",
        "auteur",
        "categorie",
        "sens",
        "commune",
        "statut",
        "modification",
        "soumise_le",
        "date_fin",
    )
    list_filter = (EnAttenteFilter, "statut", "categorie", "sens")
    search_fields = ("titre", "commune", "auteur__nom", "auteur__rpps")
    list_select_related = ("auteur",)
    fields = (*CHAMPS, "moderation")
    readonly_fields = fields
    inlines = [RevisionEnLigne]
    actions = ["publier"]

    def get_queryset(self, request):
        return selectors.avec_revision(super().get_queryset(request))

    @admin.display(description="modification en attente")
    def modification(self, obj):
        revision = selectors.revision_en_cours(obj)
        return revision.get_statut_display() if revision else "—"

    @admin.display(description="modération")
    def moderation(self, obj):
        liens = [
            (reverse(f"admin:annonces_annonce_{nom}", args=[obj.pk]), libelle)
            for nom, libelle in (
                ("publier", "Publier"),
                ("demander_correction", "Demander une correction"),
                ("refuser", "Refuser"),
            )
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', liens)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_publier_permission(self, request):
        return request.user.has_perm("annonces.moderer_annonce")

    @admin.action(description="Publier les annonces (ou modifications) sélectionnées", permissions=["publier"])
    def publier(self, request, queryset):
        publiees, refus = 0, []
        for annonce in queryset.order_by("pk"):
            try:
                services.annonce_publier(annonce_id=annonce.pk, par=request.user, today=timezone.localdate())
            except (PermissionDenied, ValidationError) as err:
                texte = " ".join(err.messages) if isinstance(err, ValidationError) else str(err)
                refus.append(f"« {annonce.titre} » : {texte}")
            else:
                publiees += 1
        if publiees:
            self.message_user(request, f"{publiees} annonce(s) publiée(s).", messages.SUCCESS)
        for texte in refus:
            self.message_user(request, texte, messages.ERROR)

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("<int:pk>/publier/", vue(self.publier_view), name="annonces_annonce_publier"),
            path(
                "<int:pk>/demander-correction/",
                vue(self.demander_correction_view),
                name="annonces_annonce_demander_correction",
            ),
            path("<int:pk>/refuser/", vue(self.refuser_view), name="annonces_annonce_refuser"),
            *super().get_urls(),
        ]

    def _acte(self, request, pk, *, titre, service, succes, avec_motif):
        annonce = get_object_or_404(selectors.avec_revision(Annonce.objects.all()), pk=pk)
        retour = reverse("admin:annonces_annonce_change", args=[annonce.pk])
        jour = timezone.localdate()
        try:
            exiger(request.user, "annonces.annonce_moderer", objet=annonce, date=jour)
        except ValidationError as err:
            self.message_user(request, " ".join(err.messages), messages.ERROR)
            return HttpResponseRedirect(retour)
        form = MotifForm(request.POST or None) if avec_motif else forms.Form(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                service(annonce_id=annonce.pk, par=request.user, today=jour, **form.cleaned_data)
            except ValidationError as err:
                erreurs_du_service(form, err)
            except PermissionDenied as err:
                form.add_error(None, str(err))
            else:
                self.message_user(request, succes, messages.SUCCESS)
                return HttpResponseRedirect(retour)
        revision = selectors.revision_en_cours(annonce)
        cible = (
            "la modification soumise de l'annonce"
            if revision is not None and revision.statut == "soumise"
            else "l'annonce"
        )
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{titre} : {annonce.titre}",
            "form": form,
            "annonce": annonce,
            "media": self.media + form.media,
            "explication": f"Vous modérez {cible} « {annonce.titre} » de Dr {annonce.auteur.nom_complet} "
            f"({annonce.get_categorie_display().lower()}, {annonce.commune}).",
        }
        return TemplateResponse(request, "admin/annonces/formulaire.html", contexte)

    def publier_view(self, request, pk):
        return self._acte(
            request,
            pk,
            titre="Publier",
            service=services.annonce_publier,
            succes="Annonce publiée.",
            avec_motif=False,
        )

    def demander_correction_view(self, request, pk):
        return self._acte(
            request,
            pk,
            titre="Demander une correction",
            service=services.annonce_demander_correction,
            succes="Correction demandée : l'auteur lit le motif dans son espace.",
            avec_motif=True,
        )

    def refuser_view(self, request, pk):
        return self._acte(
            request,
            pk,
            titre="Refuser",
            service=services.annonce_refuser,
            succes="Annonce refusée : l'auteur lit le motif dans son espace.",
            avec_motif=True,
        )
