"""The requests for mutual aid in the back-office, for the entraide's staff only (the other services' staff do not
even see the entries: model permissions, config/roles.py). Every opening of a request's page, of its history or of
a past version, and every download of a document is logged (commun.JournalAcces, with the address); the page shows
the log of its request. A request is filed here for a doctor or his ayants droit (`demande_deposer`), and its
instruction notes are written through `demande_instruire`."""

from django import forms
from django.contrib import admin
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from commun.admin import VIDE, ListeJournalisee, ServiceAdmin
from commun.chiffrement import reponse_fichier_chiffre
from commun.fichiers import taille_lisible
from config.perms import regle

from .. import questionnaire as q
from .. import selectors, services
from ..models import Demande, NatureDifficulte, PieceDemande


class DemandeForm(forms.ModelForm):
    natures = forms.MultipleChoiceField(
        label="Natures de la difficulté",
        choices=NatureDifficulte.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins une nature de difficulté."},
    )

    class Meta:
        model = Demande
        fields = ["medecin", "beneficiaire", "beneficiaire_nom", "natures", "situation", "date_depot"]
        widgets = {"situation": forms.Textarea(attrs={"rows": 8})}


class InstructionForm(forms.ModelForm):
    class Meta:
        model = Demande
        fields = ["notes_commission"]
        widgets = {"notes_commission": forms.Textarea(attrs={"rows": 8})}


class PieceEnLigne(admin.TabularInline):
    model = PieceDemande
    extra = 0
    can_delete = False
    fields = ("nom", "taille_lisible", "type_contenu", "deposee_le", "telecharger")
    readonly_fields = fields
    verbose_name = "document"
    verbose_name_plural = "documents (chiffrés au repos ; chaque téléchargement est consigné)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("demande")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="nom du fichier")
    def nom(self, obj):
        return obj.nom_original

    @admin.display(description="taille")
    def taille_lisible(self, obj):
        return taille_lisible(obj.taille)

    @admin.display(description="télécharger")
    def telecharger(self, obj):
        url = reverse("admin:entraide_demande_piece", args=[obj.demande_id, obj.pk])
        return format_html('<a href="{}">Télécharger « {} »</a>', url, obj.nom_original)


@admin.register(Demande)
class DemandeAdmin(ListeJournalisee, ServiceAdmin):
    action_lue = "entraide.demande_lire"
    list_display = ("numero", "medecin", "beneficiaire", "statut", "date_depot", "statut_le")
    list_filter = ("statut",)
    # The number only: nothing of a file is searched (its text is encrypted, and kept out of search by design).
    search_fields = ("numero",)
    list_select_related = ("medecin",)
    autocomplete_fields = ("medecin",)
    inlines = [PieceEnLigne]
    date_hierarchy = "date_depot"

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = InstructionForm if obj is not None else DemandeForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return DemandeForm.Meta.fields
        return [
            "numero",
            "medecin",
            "beneficiaire",
            "beneficiaire_nom",
            "natures_lisibles",
            "situation",
            "questionnaire_lisible",
            "date_depot",
            "statut",
            "statut_le",
            "notes_commission",
            "journal_des_acces",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return [f for f in self.get_fields(request, obj) if f != "notes_commission"]

    def get_inlines(self, request, obj):
        return [PieceEnLigne] if obj is not None else []

    @admin.display(description="natures de la difficulté")
    def natures_lisibles(self, obj):
        return ", ".join(str(NatureDifficulte(n).label) for n in obj.natures or []) or VIDE

    @admin.display(description="questionnaire")
    def questionnaire_lisible(self, obj):
        lignes = [
            (titre, libelle, valeur)
            for titre, questions in q.lisible(obj.questionnaire)
            for libelle, valeur in questions
        ]
        if not lignes:
            return VIDE
        return format_html(
            "<table><thead><tr><th scope='col'>Rubrique</th><th scope='col'>Question</th>"
            "<th scope='col'>Réponse</th></tr></thead><tbody>{}</tbody></table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", lignes),
        )

    @admin.display(description="journal des accès")
    def journal_des_acces(self, obj):
        lignes = [
            (
                timezone.localtime(j.le).strftime("%d/%m/%Y %H:%M"),
                j.utilisateur,
                regle(j.action).libelle if j.action.startswith("entraide.") else j.action,
                "accordé" if j.accorde else "refusé",
                j.adresse or VIDE,
            )
            for j in selectors.journal_de(obj)
        ]
        if not lignes:
            return VIDE
        return format_html(
            "<table><thead><tr><th scope='col'>Le</th><th scope='col'>Qui</th><th scope='col'>Quoi</th>"
            "<th scope='col'>Accès</th><th scope='col'>Adresse</th></tr></thead><tbody>{}</tbody></table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", lignes),
        )

    def _consigner(self, request, object_id):
        if object_id is not None and str(object_id).isdigit():
            # The page reads the file: the read is logged (a refused one too), as every door of the entraide.
            selectors.demande_a_lire(user=request.user, pk=object_id, date=timezone.localdate())

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and self.has_view_or_change_permission(request):
            self._consigner(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if self.has_view_or_change_permission(request):
            self._consigner(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if self.has_view_or_change_permission(request):
            self._consigner(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def creer(self, request, donnees):
        return services.demande_deposer(
            medecin=donnees.get("medecin"),
            beneficiaire=donnees.get("beneficiaire"),
            beneficiaire_nom=donnees.get("beneficiaire_nom") or "",
            natures=list(donnees.get("natures") or []),
            situation=donnees.get("situation") or "",
            date_depot=donnees.get("date_depot"),
            par=request.user,
            today=timezone.localdate(),
        )

    def modifier(self, request, obj, donnees, changes):
        return services.demande_instruire(
            demande=obj,
            notes_commission=donnees.get("notes_commission", ""),
            par=request.user,
            today=timezone.localdate(),
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:object_id>/pieces/<int:piece_id>/",
                self.admin_site.admin_view(self.piece_view),
                name="entraide_demande_piece",
            ),
            *super().get_urls(),
        ]

    def piece_view(self, request, object_id, piece_id):
        if not self.has_view_or_change_permission(request):
            raise Http404("Document introuvable.")
        piece = selectors.piece_a_lire(
            user=request.user, demande_pk=object_id, piece_pk=piece_id, date=timezone.localdate()
        )
        return reponse_fichier_chiffre(piece.fichier.name, nom=piece.nom_original, type_contenu=piece.type_contenu)
