"""The staff back-office of the register (DOMAIN.md 1): doctors, companies, lost prescription pads.

Saving goes through tableau.services (the admin never writes a record by itself); the status is changed only by
the "Changer le statut" page, which calls `medecin_changer_statut`. History is shown by django-simple-history;
exports (CSV, XLSX) by django-import-export, with the API's column names so an export can be re-imported.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from import_export import resources
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from commun.admin import FormulaireExport, HistoriqueEnLecture, ServiceAdmin
from commun.formulaires import erreurs_du_service

from .importation import MARQUEUR_VIDE, fichier_importer
from .models import (
    CHAMPS_MEDECIN,
    TRANSITIONS_STATUT,
    Activite,
    ChangementStatut,
    DeclarationPerteOrdonnances,
    DocumentProfessionnel,
    LieuExercice,
    Medecin,
    Qualification,
    RestrictionExercice,
    Societe,
    Statut,
)
from .selectors import medecins_rechercher
from .services import (
    declaration_perte_enregistrer,
    declaration_perte_modifier,
    declaration_perte_traiter,
    fiche_liee_enregistrer,
    fiche_liee_supprimer,
    medecin_changer_statut,
    medecin_creer,
    medecin_modifier,
    societe_creer,
    societe_modifier,
)

FORMAT_DATE_EXPORT = {"format": "%Y-%m-%d"}


class MedecinResource(resources.ModelResource):
    """The export of the register: the API's field names, codes for choices, ISO dates (import_tableau reads it)."""

    class Meta:
        model = Medecin
        fields = CHAMPS_MEDECIN
        export_order = CHAMPS_MEDECIN
        widgets = {"date_naissance": FORMAT_DATE_EXPORT, "date_inscription": FORMAT_DATE_EXPORT}


class _RefusDUneFiche(Exception):
    """A service refused a record of an inline while the doctor's page was being saved: the page's transaction is
    rolled back, and the page shown again with the refusal beside that record (MedecinAdmin.changeform_view)."""

    def __init__(self, prefixe: str, index: int | None, erreur: ValidationError):
        super().__init__(prefixe, index, erreur)
        self.prefixe, self.index, self.erreur = prefixe, index, erreur


def _refus_au_formulaire(exc: PermissionDenied) -> ValidationError:
    """The helper's refusal (a 403 elsewhere) shown on the form that asked, in its French words."""
    return ValidationError(str(exc) or "Vous n'avez pas le droit de modifier cet élément de la fiche du médecin.")


class FichesLieesFormSet(BaseInlineFormSet):
    """An inline of the doctor's page, saved by tableau.services (MedecinAdmin.save_formset); `refus` is the
    refusal of the previous attempt, shown where it belongs."""

    refus: _RefusDUneFiche | None = None

    def clean(self):
        super().clean()
        refus = self.refus
        if refus is None or refus.prefixe != self.prefix:
            return
        if refus.index is None:
            raise refus.erreur
        erreurs_du_service(self.forms[refus.index], refus.erreur)


class FicheLieeInline(admin.TabularInline):
    formset = FichesLieesFormSet
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.refus = getattr(request, "refus_fiche_liee", None)
        return formset


class QualificationInline(FicheLieeInline):
    model = Qualification


class LieuExerciceInline(FicheLieeInline):
    model = LieuExercice


class ActiviteInline(FicheLieeInline):
    model = Activite


class DocumentProfessionnelInline(FicheLieeInline):
    model = DocumentProfessionnel


class RestrictionExerciceInline(FicheLieeInline):
    model = RestrictionExercice
    fields = ("nature", "decision", "portee", "date_debut", "date_fin")


class ChangementStatutInline(admin.TabularInline):
    """The dated history of the status: read-only, written only by the services."""

    model = ChangementStatut
    extra = 0
    can_delete = False
    fields = ("date", "ancien_statut", "nouveau_statut", "motif", "saisi_par", "saisi_le")
    readonly_fields = fields
    verbose_name_plural = "historique du statut"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("saisi_par")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChangerStatutForm(forms.Form):
    """Offers only the moves the register's workflow allows from the current status (TRANSITIONS_STATUT), none
    chosen in advance."""

    statut = forms.ChoiceField(label="Nouveau statut", choices=Statut.choices)
    date = forms.DateField(label="Date d'effet", widget=AdminDateWidget)
    motif = forms.CharField(label="Motif ou décision", max_length=255, required=False)

    def __init__(self, *args, statut_actuel: str, **kwargs):
        super().__init__(*args, **kwargs)
        possibles = [(s.value, s.label) for s in Statut if s in TRANSITIONS_STATUT[statut_actuel]]
        # Only the list shown is narrowed: a move posted from a page left open while the status changed still
        # reaches medecin_changer_statut, whose refusal says why in French.
        self.fields["statut"].widget.choices = [("", "Choisissez le nouveau statut"), *possibles]
        self.possibles = [libelle for _, libelle in possibles]


class ImporterForm(forms.Form):
    fichier = forms.FileField(
        label="Fichier CSV",
        help_text="Colonnes : les noms des champs de l'API (rpps, nom, prenom, sexe, date_naissance, statut, "
        "exercice…). UTF-8 ou Windows-1252, séparateur « , » ou « ; ». Une cellule vide laisse la valeur "
        f"existante inchangée ; « {MARQUEUR_VIDE} » efface un champ facultatif (téléphone, adresses…).",
    )


@admin.register(Medecin)
class MedecinAdmin(ExportMixin, ServiceAdmin):
    resource_classes = [MedecinResource]
    export_form_class = FormulaireExport
    formats = [CSV, XLSX]
    change_list_template = "admin/tableau/medecin/change_list.html"
    list_display = (
        "nom",
        "prenom",
        "rpps",
        "statut",
        "exercice",
        "ville_professionnelle",
        "date_inscription",
        "derniere_connexion",
    )
    list_display_links = ("nom", "prenom")
    list_select_related = ("user",)
    list_filter = ("statut", "exercice", "premiere_inscription", "opposition_annuaire")
    search_fields = ("nom", "prenom", "rpps")
    search_help_text = "Nom, prénom ou numéro RPPS ; accents et majuscules indifférents."
    list_per_page = 50
    show_full_result_count = False
    inlines = [
        QualificationInline,
        LieuExerciceInline,
        ActiviteInline,
        DocumentProfessionnelInline,
        RestrictionExerciceInline,
        ChangementStatutInline,
    ]

    @admin.display(description="dernière connexion", ordering="user__last_login")
    def derniere_connexion(self, obj):
        return obj.user.last_login if obj.user_id else None

    @admin.display(description="statut")
    def statut_et_lien(self, obj):
        url = reverse("admin:tableau_medecin_changer_statut", args=[obj.pk])
        date = f" depuis le {obj.date_statut:%d/%m/%Y}" if obj.date_statut else ""
        return format_html('{}{} — <a href="{}">Changer le statut</a>', obj.get_statut_display(), date, url)

    def get_fieldsets(self, request, obj=None):
        statut = ("statut_et_lien",) if obj else ("statut",)
        return [
            (
                "Identité",
                {"fields": ("rpps", ("nom", "prenom"), "sexe", "date_naissance", "lieu_naissance", "nationalite")},
            ),
            (
                "Coordonnées",
                {
                    "fields": (
                        ("email", "telephone"),
                        "adresse_professionnelle",
                        ("code_postal_professionnel", "ville_professionnelle"),
                        "adresse_correspondance",
                        ("code_postal_correspondance", "ville_correspondance"),
                        "opposition_annuaire",
                    )
                },
            ),
            ("Inscription au tableau", {"fields": (*statut, "date_inscription", "premiere_inscription", "exercice")}),
            ("Suivi", {"fields": ("user", "cree_le", "modifie_le"), "classes": ("collapse",)}),
        ]

    def get_readonly_fields(self, request, obj=None):
        champs = ("user", "cree_le", "modifie_le")
        return (*champs, "statut_et_lien") if obj else champs

    def get_search_results(self, request, queryset, search_term):
        # The register's own search (selectors): every word must match a name, a first name or an RPPS.
        return medecins_rechercher(queryset, search_term), False

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def creer(self, request, donnees):
        return medecin_creer(donnees=dict(donnees), par=request.user, today=timezone.localdate())

    def modifier(self, request, obj, donnees, changes):
        medecin_modifier(
            medecin=obj,
            donnees={c: donnees[c] for c in changes if c in donnees},
            par=request.user,
            today=timezone.localdate(),
        )

    def save_formset(self, request, form, formset, change):
        """The records of the file's inlines go through tableau.services too: removals first, then changes and
        additions in the page's order (a principal place left before another is marked principal)."""
        if not isinstance(formset, FichesLieesFormSet):
            return super().save_formset(request, form, formset, change)
        a_enregistrer = formset.save(commit=False)  # sets each new record's doctor, writes nothing
        operations = [(fiche_liee_supprimer, fiche) for fiche in formset.deleted_objects]
        operations += [(fiche_liee_enregistrer, fiche) for fiche in a_enregistrer]
        # A refusal is shown beside the record it concerns; a removal's above the inline (a form marked for removal
        # is not validated again, its error would not hold the page).
        index = {id(f.instance): i for i, f in enumerate(formset.forms) if f not in formset.deleted_forms}
        for service, fiche in operations:
            try:
                service(instance=fiche, par=request.user)
            except ValidationError as exc:
                raise _RefusDUneFiche(formset.prefix, index.get(id(fiche)), exc) from exc
            except PermissionDenied as exc:
                raise _RefusDUneFiche(formset.prefix, index.get(id(fiche)), _refus_au_formulaire(exc)) from exc

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _RefusDUneFiche as refus:
            # Nothing was written (the page's transaction is rolled back): the page again, as posted, the refusal
            # beside the record it concerns.
            request.refus_fiche_liee = refus
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/statut/",
                self.admin_site.admin_view(self.changer_statut_view),
                name="tableau_medecin_changer_statut",
            ),
            path("importer/", self.admin_site.admin_view(self.importer_view), name="tableau_medecin_importer"),
            *super().get_urls(),
        ]

    def changer_statut_view(self, request, object_id):
        medecin = get_object_or_404(Medecin, pk=object_id)
        if not self.has_change_permission(request, medecin):
            raise PermissionDenied
        if request.method == "POST":
            form = ChangerStatutForm(request.POST, statut_actuel=medecin.statut)
            if form.is_valid():
                try:
                    medecin_changer_statut(
                        medecin=medecin,
                        statut=form.cleaned_data["statut"],
                        date=form.cleaned_data["date"],
                        motif=form.cleaned_data["motif"],
                        par=request.user,
                    )
                except ValidationError as exc:
                    erreurs_du_service(form, exc)
                else:
                    medecin.refresh_from_db()
                    self.message_user(
                        request, f"Statut de {medecin} : {medecin.get_statut_display()}.", messages.SUCCESS
                    )
                    return HttpResponseRedirect(reverse("admin:tableau_medecin_change", args=[medecin.pk]))
        else:
            form = ChangerStatutForm(initial={"date": timezone.localdate()}, statut_actuel=medecin.statut)
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": medecin,
            "title": f"Changer le statut de {medecin}",
            "form": form,
            "statut_actuel": medecin.get_statut_display(),
            "possibles": form.possibles,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/tableau/medecin/changer_statut.html", contexte)

    def importer_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        erreurs = []
        if request.method == "POST":
            form = ImporterForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    resultat = fichier_importer(
                        fichier=form.cleaned_data["fichier"], par=request.user, today=timezone.localdate()
                    )
                except ValidationError as exc:
                    erreurs = exc.messages
                else:
                    self.message_user(
                        request,
                        f"Import terminé : {resultat['crees']} médecin(s) créé(s), {resultat['modifies']} "
                        f"modifié(s), {resultat['inchanges']} inchangé(s).",
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse("admin:tableau_medecin_changelist"))
        else:
            form = ImporterForm()
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Importer des médecins depuis un fichier CSV",
            "form": form,
            "erreurs": erreurs,
        }
        return TemplateResponse(request, "admin/tableau/medecin/importer.html", contexte)


@admin.register(Societe)
class SocieteAdmin(ServiceAdmin):
    list_display = ("raison_sociale", "forme", "statut", "gerant", "date_inscription")
    list_select_related = ("gerant",)
    list_filter = ("forme", "statut")
    search_fields = ("raison_sociale", "siren")
    autocomplete_fields = ("gerant", "associes")

    def creer(self, request, donnees):
        champs = {c: v for c, v in donnees.items() if c != "associes"}
        return societe_creer(donnees=champs, associes=donnees.get("associes") or (), par=request.user)

    def modifier(self, request, obj, donnees, changes):
        champs = {c: v for c, v in donnees.items() if c != "associes" and c in changes}
        societe_modifier(societe=obj, donnees=champs, associes=donnees.get("associes"), par=request.user)


class DeclarationPerteForm(forms.ModelForm):
    class Meta:
        model = DeclarationPerteOrdonnances
        fields = ("medecin", "nature", "date_faits", "lieu", "numeros", "quantite", "plainte_deposee", "circonstances")

    def clean_date_faits(self):
        # Checked again by declaration_perte_enregistrer; here so that the page shows it beside the field.
        date = self.cleaned_data["date_faits"]
        if date and date > timezone.localdate():
            raise ValidationError("La date des faits ne peut pas être dans le futur.")
        return date


class TraitementFiltre(admin.SimpleListFilter):
    """The new declarations, those staff have not handled yet (each one is also e-mailed to the register)."""

    title = "traitement"
    parameter_name = "traitement"

    def lookups(self, request, model_admin):
        return [("a_traiter", "À traiter"), ("traitees", "Traitées")]

    def queryset(self, request, queryset):
        if self.value() == "a_traiter":
            return queryset.filter(traitee_le__isnull=True)
        if self.value() == "traitees":
            return queryset.filter(traitee_le__isnull=False)
        return queryset


@admin.register(DeclarationPerteOrdonnances)
class DeclarationPerteOrdonnancesAdmin(ServiceAdmin):
    form = DeclarationPerteForm
    list_display = (
        "medecin",
        "nature",
        "date_faits",
        "plainte_deposee",
        "declaree_le",
        "declaree_par",
        "traitee_le",
        "traitee_par",
    )
    list_select_related = ("medecin", "declaree_par", "traitee_par")
    list_filter = (TraitementFiltre, "nature", "plainte_deposee")
    search_fields = ("medecin__nom", "medecin__prenom", "medecin__rpps", "numeros")
    autocomplete_fields = ("medecin",)
    readonly_fields = ("declaree_le", "declaree_par", "traitee_le", "traitee_par")
    actions = ["traiter"]

    def get_readonly_fields(self, request, obj=None):
        # A declaration stays the doctor's: staff correct what was declared, never whose it is.
        return (*self.readonly_fields, "medecin") if obj else self.readonly_fields

    @admin.action(description="Marquer comme traitées les déclarations sélectionnées", permissions=["change"])
    def traiter(self, request, queryset):
        faites = 0
        for declaration in queryset:
            try:
                declaration_perte_traiter(declaration=declaration, par=request.user)
                faites += 1
            except ValidationError as exc:
                self.message_user(request, f"{declaration} : {' '.join(exc.messages)}", messages.ERROR)
        if faites:
            self.message_user(request, f"{faites} déclaration(s) marquée(s) comme traitée(s).", messages.SUCCESS)

    def creer(self, request, donnees):
        champs = {c: v for c, v in donnees.items() if c != "medecin"}
        return declaration_perte_enregistrer(
            medecin=donnees["medecin"], par=request.user, today=timezone.localdate(), **champs
        )

    def modifier(self, request, obj, donnees, changes):
        declaration_perte_modifier(
            declaration=obj,
            donnees={c: donnees[c] for c in changes if c in donnees},
            par=request.user,
            today=timezone.localdate(),
        )


class FicheLieeAdmin(ServiceAdmin):
    """The records that hang on a doctor's file, also reachable on their own for their history and a search; saved
    and removed through tableau.services like on the doctor's page."""

    list_select_related = ("medecin",)
    autocomplete_fields = ("medecin",)
    search_fields = ("medecin__nom", "medecin__prenom", "medecin__rpps")

    def creer(self, request, donnees):
        try:
            return fiche_liee_enregistrer(instance=self.model(**donnees), par=request.user)
        except PermissionDenied as exc:
            raise _refus_au_formulaire(exc) from exc

    def modifier(self, request, obj, donnees, changes):
        for champ in changes:
            if champ in donnees:
                setattr(obj, champ, donnees[champ])
        try:
            fiche_liee_enregistrer(instance=obj, par=request.user)
        except PermissionDenied as exc:
            raise _refus_au_formulaire(exc) from exc

    def delete_model(self, request, obj):
        fiche_liee_supprimer(instance=obj, par=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for fiche in queryset.select_related("medecin"):
                fiche_liee_supprimer(instance=fiche, par=request.user)


@admin.register(Qualification)
class QualificationAdmin(FicheLieeAdmin):
    list_display = ("medecin", "type", "intitule", "date")
    list_filter = ("type",)


@admin.register(LieuExercice)
class LieuExerciceAdmin(FicheLieeAdmin):
    list_display = ("medecin", "principal", "intitule", "code_postal", "ville", "date_debut", "date_fin")
    list_filter = ("principal",)


@admin.register(Activite)
class ActiviteAdmin(FicheLieeAdmin):
    list_display = ("medecin", "type", "libelle", "date_debut", "date_fin")
    list_filter = ("type",)


@admin.register(DocumentProfessionnel)
class DocumentProfessionnelAdmin(FicheLieeAdmin):
    list_display = ("medecin", "type", "motif", "numero", "date_delivrance", "date_expiration")
    list_filter = ("type", "motif")


@admin.register(ChangementStatut)
class ChangementStatutAdmin(HistoriqueEnLecture):
    """Read-only: a status changes only through medecin_changer_statut."""

    search_fields = FicheLieeAdmin.search_fields
    list_display = ("medecin", "date", "ancien_statut", "nouveau_statut", "motif", "saisi_par")
    list_select_related = ("medecin", "saisi_par")
    list_filter = ("nouveau_statut",)
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
