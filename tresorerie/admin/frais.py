"""The expense claims in the back-office: the year's caps and the fiscal mileage scale (edited through
`parametre_enregistrer`, like every yearly parameter), and the claims, their lines and receipts, read-only (a claim
is filed and submitted in the espace or through the API; its check and payment are signed by elected members)."""

from django.contrib import admin
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from commun.admin import ServiceAdmin
from commun.fichiers import reponse_fichier
from config.perms import exiger

from .. import services
from ..models import BaremeKilometrique, JustificatifFrais, LigneFrais, NoteFrais, ParametresFrais

CHAMPS_PARAMETRES = ("plafond_hotel", "plafond_repas", "plafond_petit_dejeuner", "km_hors_departement")
CHAMPS_BAREME = ("limite_1", "taux_1", "limite_2", "taux_2", "forfait_2", "taux_3")


class _ParametreAdmin(ServiceAdmin):
    cle: tuple[str, ...] = ("annee",)
    champs: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        return self.cle if obj else ()

    def _enregistrer(self, request, cle, donnees):
        return services.parametre_enregistrer(
            modele=self.model,
            cle=cle,
            donnees={c: v for c, v in donnees.items() if c in self.champs},
            champs=self.champs,
            acte="tresorerie.parametres_enregistrer",
            par=request.user,
            today=timezone.localdate(),
        )

    def creer(self, request, donnees):
        return self._enregistrer(request, {c: donnees[c] for c in self.cle}, donnees)

    def modifier(self, request, obj, donnees, changes):
        return self._enregistrer(
            request, {c: getattr(obj, c) for c in self.cle}, {c: donnees[c] for c in changes if c in self.champs}
        )

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ParametresFrais)
class ParametresFraisAdmin(_ParametreAdmin):
    champs = CHAMPS_PARAMETRES
    list_display = ("annee", *CHAMPS_PARAMETRES)
    fields = ("annee", *CHAMPS_PARAMETRES)


@admin.register(BaremeKilometrique)
class BaremeKilometriqueAdmin(_ParametreAdmin):
    cle = ("annee", "cv")
    champs = CHAMPS_BAREME
    list_display = ("annee", "cv", "taux_1", "taux_2", "forfait_2", "taux_3")
    list_filter = ("annee",)
    fields = ("annee", "cv", *CHAMPS_BAREME)


class _EnLecture(ServiceAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LigneFraisEnLigne(admin.TabularInline):
    model = LigneFrais
    extra = 0
    fields = ("type", "date", "libelle", "montant", "km", "km_retenus", "montant_rembourse")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NoteFrais)
class NoteFraisAdmin(_EnLecture):
    list_display = ("numero", "membre", "statut", "montant_demande", "montant_rembourse", "cree_le", "soumise_le")
    list_filter = ("statut",)
    search_fields = ("numero", "membre__medecin__nom", "objet")
    list_select_related = ("membre__medecin",)
    inlines = [LigneFraisEnLigne]
    fields = (
        "numero",
        "membre",
        "objet",
        "statut",
        "vehicule_cv",
        "hors_departement",
        "adresse_depart",
        "montant_demande",
        "montant_rembourse",
        "cree_le",
        "cree_par",
        "soumise_le",
        "verifiee_le",
        "verifiee_par",
        "motif_correction",
        "engagement",
    )
    readonly_fields = fields


@admin.register(LigneFrais)
class LigneFraisAdmin(_EnLecture):
    list_display = ("note", "type", "date", "montant", "km", "km_retenus", "montant_rembourse")
    list_filter = ("type",)
    list_select_related = ("note",)
    search_fields = ("note__numero",)
    fields = LigneFraisEnLigne.fields
    readonly_fields = fields


@admin.register(JustificatifFrais)
class JustificatifFraisAdmin(_EnLecture):
    list_display = ("nom_original", "ligne", "type_contenu", "taille", "depose_le", "telecharger")
    list_select_related = ("ligne__note",)
    search_fields = ("nom_original", "ligne__note__numero")
    fields = ("ligne", "nom_original", "type_contenu", "taille", "sha256", "depose_le", "depose_par", "telecharger")
    readonly_fields = fields

    @admin.display(description="fichier")
    def telecharger(self, obj):
        url = reverse("admin:tresorerie_justificatiffrais_fichier", args=[obj.pk])
        return format_html('<a href="{}">Télécharger {}</a>', url, obj.nom_original)

    def get_urls(self):
        return [
            path(
                "<int:justificatif_id>/fichier/",
                self.admin_site.admin_view(self.fichier_view),
                name="tresorerie_justificatiffrais_fichier",
            ),
            *super().get_urls(),
        ]

    def fichier_view(self, request, justificatif_id):
        justificatif = get_object_or_404(
            JustificatifFrais.objects.select_related("ligne__note__membre__medecin"), pk=justificatif_id
        )
        exiger(request.user, "tresorerie.justificatif_lire", objet=justificatif)
        return reponse_fichier(
            justificatif.fichier.name, nom=justificatif.nom_original, type_contenu=justificatif.type_contenu
        )
