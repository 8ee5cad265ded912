"""The volunteers: recorded for a doctor (a paper form, the national form's export), checked and validated, a
correction asked, refused or closed with a reason; their log and the dated evidence of the checks, read-only."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from commun.admin import ServiceAdmin

from .. import services
from ..importation import COLONNES, fichier_importer
from ..models import ChangementStatutVolontaire, Verification, Volontaire
from .commun import EnLigneEnLecture, acte_avec_motif, lancer


class ChangementsEnLigne(EnLigneEnLecture):
    model = ChangementStatutVolontaire
    fields = ("date", "ancien_statut", "nouveau_statut", "motif", "par")
    readonly_fields = fields
    verbose_name_plural = "journal des états"


class VerificationsEnLigne(EnLigneEnLecture):
    model = Verification
    fields = ("date", "occasion", "critere", "conforme", "constat", "par")
    readonly_fields = fields
    verbose_name_plural = "vérifications"


ACTES_MOTIF = {
    "demander_correction": (
        "Demander une correction",
        "Le médecin lit le motif dans son espace et corrige sa candidature.",
        services.volontaire_demander_correction,
        "La correction est demandée au médecin.",
    ),
    "refuser": (
        "Refuser la candidature",
        "Le refus est motivé : le médecin lit le motif dans son espace.",
        services.volontaire_refuser,
        "La candidature est refusée.",
    ),
    "classer_sans_suite": (
        "Classer sans suite",
        "Par exemple : le médecin n'a pas répondu à la demande de correction.",
        services.volontaire_classer_sans_suite,
        "La candidature est classée sans suite.",
    ),
}


class ImportForm(forms.Form):
    fichier = forms.FileField(
        label="Fichier CSV",
        help_text="Colonnes : " + ", ".join(COLONNES) + " (lieux : leurs noms séparés par |, « nom (commune) » si "
        "deux lieux portent le même nom).",
    )


@admin.register(Volontaire)
class VolontaireAdmin(ServiceAdmin):
    change_list_template = "admin/solidarite/volontaire/change_list.html"
    list_display = ("medecin", "statut", "date_depot", "numero_dossier")
    list_filter = ("statut",)
    list_select_related = ("medecin",)
    search_fields = ("medecin__nom", "medecin__rpps", "numero_dossier")
    raw_id_fields = ("medecin",)
    fields = (
        "medecin",
        "lieux",
        "creneaux_souhaites",
        "lieu_exercice_principal",
        "numero_dossier",
        "statut",
        "date_depot",
        "actes",
    )
    inlines = [ChangementsEnLigne, VerificationsEnLigne]
    actions = ["ouvrir_verification", "valider"]

    def get_readonly_fields(self, request, obj=None):
        fixes = ("statut", "date_depot", "actes")
        return ("medecin", "numero_dossier", *fixes) if obj else fixes

    @admin.display(description="actes")
    def actes(self, obj):
        if obj is None or obj.pk is None or obj.statut not in ("deposee", "en_verification", "correction_demandee"):
            return "—"
        liens = [
            format_html('<a href="{}">{}</a>', reverse(f"admin:solidarite_volontaire_{nom}", args=[obj.pk]), titre)
            for nom, (titre, *_reste) in ACTES_MOTIF.items()
        ]
        return format_html(" · ".join(["{}"] * len(liens)), *liens)

    def creer(self, request, donnees):
        return services.volontaire_deposer(
            medecin=donnees["medecin"],
            lieux=donnees["lieux"],
            creneaux_souhaites=donnees.get("creneaux_souhaites", ""),
            lieu_exercice_principal=donnees.get("lieu_exercice_principal", ""),
            numero_dossier=donnees.get("numero_dossier") or None,
            par=request.user,
            today=timezone.localdate(),
        )

    def modifier(self, request, obj, donnees, changes):
        champs = {c: donnees[c] for c in changes if c in ("lieux", "creneaux_souhaites", "lieu_exercice_principal")}
        return services.volontaire_corriger(volontaire=obj, par=request.user, today=timezone.localdate(), **champs)

    @admin.action(description="Ouvrir la vérification des candidatures sélectionnées", permissions=["change"])
    def ouvrir_verification(self, request, queryset):
        today = timezone.localdate()
        lancer(
            self,
            request,
            queryset,
            lambda v: services.volontaire_ouvrir_verification(volontaire=v, par=request.user, today=today),
            "{n} candidature(s) en vérification.",
        )

    @admin.action(
        description="Valider (vérifie le tableau, ajoute l'activité, avise les conseils)", permissions=["change"]
    )
    def valider(self, request, queryset):
        today = timezone.localdate()
        sans_adresse: set[str] = set()

        def valider_un(volontaire):
            volontaire = services.volontaire_valider(volontaire=volontaire, par=request.user, today=today)
            sans_adresse.update(volontaire.conseils_sans_adresse)
            return volontaire

        lancer(self, request, queryset, valider_un, "{n} candidature(s) validée(s).")
        if sans_adresse:
            self.message_user(
                request,
                "Aucune adresse n'est enregistrée pour le conseil départemental de : "
                f"{', '.join(sorted(sans_adresse))}. Il n'a pas été avisé : enregistrez son adresse (Conseils "
                "départementaux) et avisez-le par un autre moyen.",
                messages.WARNING,
            )

    def get_urls(self):
        actes = [
            path(
                f"<int:pk>/{nom.replace('_', '-')}/",
                self.admin_site.admin_view(self._vue(nom)),
                name=f"solidarite_volontaire_{nom}",
            )
            for nom in ACTES_MOTIF
        ]
        importer = path(
            "importer/", self.admin_site.admin_view(self.importer_view), name="solidarite_volontaire_importer"
        )
        return [importer, *actes, *super().get_urls()]

    def _vue(self, nom):
        titre, explication, service, succes = ACTES_MOTIF[nom]

        def vue(request, pk):
            return acte_avec_motif(
                self,
                request,
                pk,
                titre=titre,
                explication=explication,
                service=lambda v, motif, r: service(volontaire=v, motif=motif, par=r.user, today=timezone.localdate()),
                succes=succes,
            )

        return vue

    def importer_view(self, request):
        """The national form's export: all or nothing, idempotent by the form's file number."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                resultat = fichier_importer(
                    fichier=form.cleaned_data["fichier"], par=request.user, today=timezone.localdate()
                )
            except ValidationError as err:
                for message in err.messages:
                    form.add_error("fichier", message)
            else:
                messages.success(
                    request,
                    f"Import terminé : {resultat['crees']} candidature(s) créée(s), {resultat['modifies']} "
                    f"modifiée(s), {resultat['inchanges']} inchangée(s).",
                )
                return redirect("admin:solidarite_volontaire_changelist")
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Importer l'export du formulaire national",
            "explication": "Un dossier déjà importé (même numéro) n'est pas créé deux fois ; au moindre problème, "
            "rien n'est enregistré et chaque ligne fautive est signalée.",
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/formulaire_acte.html", contexte)
