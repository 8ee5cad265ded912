"""The expense chain in the back-office: engagements read with their steps and documents (the steps are signed by
the elected members in their espace or through the API, never here), the documents filed by accounting, the
président's authorisations of urgent expenses, the yearly limits of the replacement of assets, and the export
of what goes to the commission des dotations complémentaires."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from commun.admin import ServiceAdmin
from commun.fichiers import reponse_fichier, taille_lisible
from commun.formats import euros
from config.perms import exiger

from .. import services
from ..exports_chaine import TYPE_XLSX, depenses_commission_xlsx, nom_du_fichier
from ..models import (
    AutorisationDepenseUrgente,
    Engagement,
    LigneBudgetaire,
    PieceJustificative,
    PlafondsRemplacement,
)
from ..selectors import depenses_pour_commission

CHAMPS_PLAFONDS = ("seuil_unitaire", "plafond_annuel")


class ExerciceFilter(admin.SimpleListFilter):
    title = "exercice"
    parameter_name = "exercice"

    def lookups(self, request, model_admin):
        annees = LigneBudgetaire.objects.values_list("budget__annee", flat=True).distinct().order_by("-budget__annee")
        return [(str(a), str(a)) for a in annees]

    def queryset(self, request, queryset):
        return queryset.filter(ligne__budget__annee=self.value()) if self.value() else queryset


class LigneFilter(admin.SimpleListFilter):
    title = "ligne budgétaire"
    parameter_name = "ligne"

    def lookups(self, request, model_admin):
        lignes = LigneBudgetaire.objects.select_related("budget", "compte").order_by("-budget__annee", "compte__numero")
        return [(str(ligne.pk), str(ligne)) for ligne in lignes]

    def queryset(self, request, queryset):
        return queryset.filter(ligne_id=self.value()) if self.value() else queryset


class DotationFilter(admin.SimpleListFilter):
    title = "commission des dotations complémentaires"
    parameter_name = "dotation"

    def lookups(self, request, model_admin):
        return [
            ("oui", "À présenter à la commission"),
            ("urgente", "Dépenses exceptionnelles urgentes"),
            ("remplacement", "Remplacements de biens"),
        ]

    def queryset(self, request, queryset):
        filtres = {
            "oui": {"demande_dotation_complementaire": True},
            "urgente": {"urgente": True},
            "remplacement": {"remplacement_bien": True},
        }
        return queryset.filter(**filtres[self.value()]) if self.value() in filtres else queryset


def _lien_piece(piece) -> str:
    url = reverse("admin:tresorerie_engagement_piece", args=[piece.engagement_id, piece.pk])
    return format_html('<a href="{}" download>{}</a>', url, piece.nom_original)


class PieceEnLigne(admin.TabularInline):
    model = PieceJustificative
    extra = 0
    can_delete = False
    fields = ("telecharger", "type_contenu", "taille_lisible", "deposee_le", "deposee_par")
    readonly_fields = fields
    verbose_name_plural = "pièces justificatives"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("deposee_par")

    @admin.display(description="document")
    def telecharger(self, piece):
        return _lien_piece(piece)

    @admin.display(description="taille")
    def taille_lisible(self, piece):
        return taille_lisible(piece.taille)


ETAPES = (
    "numero",
    "ligne",
    "objet",
    "tiers",
    "montant",
    "statut",
    "engage_le",
    "engage_par",
    "montant_liquide",
    "liquide_le",
    "liquide_par",
    "ordonnance_le",
    "ordonnance_par",
    "paye_le",
    "paye_par",
    "mode_reglement",
    "annule_le",
    "annule_par",
    "motif_annulation",
    "urgente",
    "autorisation",
    "autorisee_par",
    "remplacement_bien",
    "demande_dotation_complementaire",
)


@admin.register(Engagement)
class EngagementAdmin(ServiceAdmin):
    list_display = (
        "numero",
        "objet",
        "tiers",
        "rubrique",
        "montant_affiche",
        "statut",
        "engage_le",
        "urgente",
        "remplacement_bien",
    )
    list_filter = ("statut", ExerciceFilter, LigneFilter, DotationFilter)
    search_fields = ("numero", "objet", "tiers")
    list_select_related = ("ligne__compte",)
    date_hierarchy = "engage_le"
    inlines = [PieceEnLigne]
    fields = ETAPES
    readonly_fields = ETAPES
    actions = ["exporter_commission"]

    def has_add_permission(self, request):
        return False  # engaged by the ordonnateur (espace, API): never by staff

    def has_change_permission(self, request, obj=None):
        return False  # the steps are signed by the elected members, not edited

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="rubrique", ordering="ligne__compte__numero")
    def rubrique(self, engagement):
        return engagement.ligne.compte.numero

    @admin.display(description="montant", ordering="montant")
    def montant_affiche(self, engagement):
        return euros(engagement.montant_retenu)

    @admin.action(description="Exporter pour la commission des dotations complémentaires (XLSX)")
    def exporter_commission(self, request, queryset):
        exiger(request.user, "tresorerie.depenses_urgentes_consulter")
        annees = sorted(set(queryset.values_list("ligne__budget__annee", flat=True)))
        annee = annees[0] if len(annees) == 1 else None
        engagements = depenses_pour_commission(annee).filter(pk__in=queryset.values("pk"))
        titre = "Dépenses à présenter à la commission des dotations complémentaires" + (f" · {annee}" if annee else "")
        reponse = HttpResponse(depenses_commission_xlsx(engagements, titre=titre), content_type=TYPE_XLSX)
        reponse["Content-Disposition"] = f'attachment; filename="{nom_du_fichier(annee)}"'
        return reponse

    def get_urls(self):
        return [
            path(
                "<int:object_id>/pieces/<int:piece_id>/",
                self.admin_site.admin_view(self.piece_view),
                name="tresorerie_engagement_piece",
            ),
            *super().get_urls(),
        ]

    def piece_view(self, request, object_id, piece_id):
        piece = get_object_or_404(
            PieceJustificative.objects.select_related("engagement"), pk=piece_id, engagement_id=object_id
        )
        if not request.user.has_perm("tresorerie.view_piecejustificative"):
            raise PermissionDenied
        exiger(request.user, "tresorerie.piece_lire", objet=piece.engagement)
        return reponse_fichier(piece.fichier.name, nom=piece.nom_original, type_contenu=piece.type_contenu)


class PieceForm(forms.ModelForm):
    fichier = forms.FileField(label="Fichier", help_text="PDF, JPEG ou PNG, jugé sur son contenu.")

    class Meta:
        model = PieceJustificative
        fields = ("engagement", "fichier")


@admin.register(PieceJustificative)
class PieceJustificativeAdmin(ServiceAdmin):
    """Accounting files the invoices and quotes; a document is never changed nor removed once filed."""

    list_display = ("nom_original", "engagement", "type_contenu", "taille_affichee", "deposee_le", "deposee_par")
    list_filter = ("type_contenu", "deposee_le")
    search_fields = ("nom_original", "engagement__numero", "engagement__objet")
    list_select_related = ("engagement", "deposee_par")
    autocomplete_fields = ()
    form = PieceForm

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("engagement", "fichier")
        return ("telecharger", "engagement", "type_contenu", "taille_affichee", "sha256", "deposee_le", "deposee_par")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.get_fields(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "engagement":
            kwargs["queryset"] = Engagement.objects.exclude(statut__in=("paye", "annule")).order_by("-id")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="document")
    def telecharger(self, piece):
        return _lien_piece(piece)

    @admin.display(description="taille", ordering="taille")
    def taille_affichee(self, piece):
        return taille_lisible(piece.taille)

    def get_form(self, request, obj=None, change=False, **kwargs):
        formulaire = super().get_form(request, obj, change=change, **kwargs)

        class SansFichierOrphelin(formulaire):
            """The form's trial run of the service (rolled back) stores the file: remove it once the trial is
            over, the real run stores it again."""

            def clean(self):
                request._pieces_essai = []
                try:
                    return super().clean()
                finally:
                    for nom in request._pieces_essai:
                        default_storage.delete(nom)
                    request._pieces_essai = None

        return SansFichierOrphelin

    def creer(self, request, donnees):
        donnees["fichier"].seek(0)
        piece = services.piece_deposer(
            engagement_id=donnees["engagement"].pk,
            fichier=donnees["fichier"],
            par=request.user,
            today=timezone.localdate(),
        )
        if getattr(request, "_pieces_essai", None) is not None:
            request._pieces_essai.append(piece.fichier.name)
        return piece


@admin.register(AutorisationDepenseUrgente)
class AutorisationDepenseUrgenteAdmin(ServiceAdmin):
    """Read here; given by the président himself (API), engaged by the ordonnateur."""

    list_display = ("autorisee_le", "objet", "nature", "ligne", "montant_affiche", "deliberation", "autorisee_par")
    list_filter = ("nature",)
    search_fields = ("objet", "motif")
    list_select_related = ("ligne__budget", "ligne__compte", "deliberation", "autorisee_par")
    readonly_fields = fields = (
        "ligne",
        "objet",
        "nature",
        "motif",
        "montant",
        "deliberation",
        "autorisee_le",
        "autorisee_par",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="montant autorisé", ordering="montant")
    def montant_affiche(self, autorisation):
        return euros(autorisation.montant)


@admin.register(PlafondsRemplacement)
class PlafondsRemplacementAdmin(ServiceAdmin):
    list_display = ("annee", "seuil_unitaire", "plafond_annuel")
    fields = ("annee", *CHAMPS_PLAFONDS)

    def get_readonly_fields(self, request, obj=None):
        return ("annee",) if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False

    def _enregistrer(self, request, annee, donnees):
        return services.parametre_enregistrer(
            modele=PlafondsRemplacement,
            cle={"annee": annee},
            donnees=donnees,
            champs=CHAMPS_PLAFONDS,
            acte="tresorerie.parametres_enregistrer",
            par=request.user,
            today=timezone.localdate(),
        )

    def creer(self, request, donnees):
        return self._enregistrer(request, donnees["annee"], {c: donnees[c] for c in CHAMPS_PLAFONDS})

    def modifier(self, request, obj, donnees, changes):
        return self._enregistrer(request, obj.annee, {c: donnees[c] for c in changes if c in CHAMPS_PLAFONDS})
