"""The admin kit every app shares.

- `ServiceMixin`: add and change pages that write through the app's services, their French refusals shown on the
  form (the admin never saves a record by itself where a service exists).
- `HistoriqueEnLecture`: django-simple-history's pages, in French and read-only (no "revert": a past version would
  bypass the services and their workflows).
- `ServiceAdmin`: both, the usual base of a model admin.
- `FormulaireExport`: django-import-export's export form with the columns named in French, after the fields.
- `EnvoiAdmin`: the e-mail sends (commun.Envoi), read-only, failed ones resent with "Renvoyer".
- `ListeJournalisee`: a changelist of confidential files logs one read per line shown (commun.JournalAcces).
"""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from import_export.forms import SelectableFieldsExportForm
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from config.perms import peut

from . import selectors, services
from .formulaires import erreurs_du_service
from .models import Envoi, Parametre

VIDE = "—"


class _EssaiABlanc(Exception):
    """Raised to roll back the trial run of a service made while validating a form."""


def page_formulaire(
    model_admin, request, *, titre: str, form, explication: str = "", gabarit="admin/formulaire_acte.html", statut=200
):
    """The page of an act performed from the admin on its own URL (a form, then a service): the admin's context,
    the model's breadcrumb, the form and its media, an explanation above it."""
    from django.template.response import TemplateResponse

    contexte = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": titre,
        "form": form,
        "explication": explication,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, gabarit, contexte, status=statut)


class ServiceMixin:
    """Add and change pages that write through a service. While the form is validated the service runs once in a
    rolled-back transaction, so that its refusals (with their French messages) show on the form instead of an
    error page; `save_model` then runs it for real.

    A model admin says how with `creer(request, donnees)` (returns the new record) and
    `modifier(request, obj, donnees, changes)` (`obj` fresh from the database, `changes` the changed fields)."""

    def creer(self, request, donnees: dict):
        raise ValidationError("Cette fiche ne se crée pas depuis cette page.")

    def modifier(self, request, obj, donnees: dict, changes: list[str]):
        raise ValidationError("Cette fiche ne se modifie pas.")

    def get_form(self, request, obj=None, change=False, **kwargs):
        formulaire = super().get_form(request, obj, change=change, **kwargs)
        modele_admin = self

        class FormulaireService(formulaire):
            def clean(self):
                donnees = super().clean()
                if self.errors:
                    return donnees
                request.essai_a_blanc = True  # a service's door may skip what a rollback cannot undo (files)
                try:
                    with transaction.atomic():
                        if obj is None:
                            modele_admin.creer(request, donnees)
                        else:
                            frais = type(obj).objects.get(pk=obj.pk)
                            modele_admin.modifier(request, frais, donnees, self.changed_data)
                        raise _EssaiABlanc
                except _EssaiABlanc:
                    pass
                except ValidationError as exc:
                    erreurs_du_service(self, exc)
                except PermissionDenied as exc:
                    # The helper's French refusal, on the form like any other (not Django's bare 403 page).
                    self.add_error(None, str(exc))
                finally:
                    request.essai_a_blanc = False
                return donnees

        return FormulaireService

    def save_model(self, request, obj, form, change):
        if change:
            self.modifier(request, type(obj).objects.get(pk=obj.pk), form.cleaned_data, form.changed_data)
            obj.refresh_from_db()
            return
        cree = self.creer(request, form.cleaned_data)
        # The admin goes on with `obj` (inlines, log entry): make it the saved record.
        obj.pk = cree.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields were set by the service: only inline formsets are left (no form.save_m2m()).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class AffichageHistorique(HistoricalRecordContextHelper):
    """The changes of a version as staff read them: labels of choices, French dates and booleans, "—" for an empty
    value, and a related record that no longer exists said so in French."""

    def prepare_delta_change_value(self, change, value):
        champ = self.model._meta.get_field(change.field)
        if isinstance(champ, models.ManyToManyField):
            objets = super().prepare_delta_change_value(change, value)
            return ", ".join(self._lisible(champ, o) for o in objets) or VIDE
        return self._lisible(champ, value)

    def _lisible(self, champ, valeur) -> str:
        if isinstance(valeur, DeletedObject):
            if valeur.pk is None:
                return VIDE
            return f"{capfirst(valeur.model._meta.verbose_name)} supprimé(e) (n° {valeur.pk})"
        if valeur is None or valeur == "" or valeur == []:
            return VIDE
        if isinstance(valeur, bool):
            return "oui" if valeur else "non"
        if getattr(champ, "choices", None):
            return str(dict(champ.flatchoices).get(valeur, valeur))
        if isinstance(valeur, datetime.datetime):
            return formats.date_format(valeur, "d/m/Y H:i")
        if isinstance(valeur, datetime.date):
            return formats.date_format(valeur, "d/m/Y")
        return str(valeur)


class HistoriqueEnLecture(SimpleHistoryAdmin):
    """History is shown, never "reverted": a past version would bypass the services (and the workflows)."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        request.version_historique = True  # shown with every field disabled: see get_form
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        formulaire = super().get_form(request, obj, change=change, **kwargs)
        if not getattr(request, "version_historique", False):
            return formulaire

        class VersionEnLecture(formulaire):
            """A past version is read, not edited."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for champ in self.fields.values():
                    champ.disabled = True

        return VersionEnLecture

    def history_view_title(self, request, obj):
        return f"Historique des modifications : {obj}"

    def history_form_view_title(self, request, obj):
        return f"Version enregistrée : {obj}"

    def get_historical_record_context_helper(self, request, historical_record):
        return AffichageHistorique(self.model, historical_record)


class ListeJournalisee:
    """A changelist of confidential files (the entraide's) is a read of each file it shows: one access-log
    row per line of the page (one query, `JournalAcces.consigner_plusieurs`), as the API's lists do. `action_lue`
    names the read; `objets_lus` maps the lines to the files they show (an aid's line shows its request)."""

    action_lue = ""

    def objets_lus(self, lignes):
        return lignes

    def changelist_view(self, request, extra_context=None):
        from .models import JournalAcces

        reponse = super().changelist_view(request, extra_context)
        liste = (getattr(reponse, "context_data", None) or {}).get("cl")
        if liste is not None and request.method == "GET":
            JournalAcces.consigner_plusieurs(
                utilisateur=request.user, action=self.action_lue, objets=self.objets_lus(list(liste.result_list))
            )
        return reponse


class ServiceAdmin(ServiceMixin, HistoriqueEnLecture):
    """The usual base: writes through the services, history in French and read-only."""


class FormulaireExport(SelectableFieldsExportForm):
    """The export's column choices named after the model's fields ("Date de naissance", not "Date Naissance"); the
    file's columns keep the resource's names (the API's, so that an export can be imported again)."""

    def _get_field_label(self, resource, field_name: str) -> str:
        try:
            champ = resource._meta.model._meta.get_field(field_name)
        except (AttributeError, FieldDoesNotExist):
            return super()._get_field_label(resource, field_name)
        return "Identifiant interne" if champ.primary_key else capfirst(champ.verbose_name)


@admin.register(Envoi)
class EnvoiAdmin(HistoriqueEnLecture):
    """The sends, for staff: what left, what waits, what failed and why; failed ones are put back with "Renvoyer"."""

    list_display = ("nature", "objet_lien", "destinataire", "etat", "tentatives", "envoye_le", "cree_le")
    list_filter = ("etat", "nature")
    search_fields = ("destinataire",)
    date_hierarchy = "cree_le"
    actions = ["renvoyer"]
    fields = (
        "nature",
        "objet_lien",
        "destinataire",
        "lot",
        "etat",
        "tentatives",
        "derniere_erreur",
        "envoye_le",
        "cree_le",
        "demande_par",
        "modifie_le",
        "tache",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        # Each staff service sees the sends about what it may read (the secretariat the council's, the register's
        # staff theirs); the object of each row comes in one query per kind of object.
        return selectors.envois_visibles(request.user).prefetch_related("objet")

    @admin.display(description="objet")
    def objet_lien(self, obj):
        if obj.objet is None:
            return f"{obj.type_objet.name} n° {obj.objet_id} (supprimé)"
        try:
            url = reverse(f"admin:{obj.type_objet.app_label}_{obj.type_objet.model}_change", args=[obj.objet_id])
        except NoReverseMatch:
            return str(obj.objet)
        return format_html('<a href="{}">{}</a>', url, obj.objet)

    @admin.action(description="Renvoyer les envois en échec sélectionnés", permissions=["renvoyer"])
    def renvoyer(self, request, queryset):
        envois = list(queryset)
        try:
            nombre = services.envois_renvoyer(envois=envois, par=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return
        message = f"{nombre} envoi(s) en échec programmé(s) de nouveau."
        if len(envois) > nombre:
            message += f" {len(envois) - nombre} autre(s) laissé(s) tel(s) quel(s) : déjà envoyé(s) ou en attente."
        self.message_user(request, message, messages.SUCCESS)

    def has_renvoyer_permission(self, request):
        return peut(request.user, "commun.envoi_renvoyer")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Read-only: a send changes state only through its task or the "Renvoyer" action.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# entraide-dossier (issue 12): the council's bounded settings (the log's retention), edited through their service.
@admin.register(Parametre)
class ParametreAdmin(ServiceAdmin):
    list_display = ("libelle", "valeur", "unite", "minimum", "maximum")
    fields = ("libelle", "valeur", "unite", "minimum", "maximum", "aide")
    readonly_fields = ("libelle", "unite", "minimum", "maximum", "aide")

    def modifier(self, request, obj, donnees, changes):
        return services.parametre_modifier(
            parametre=obj, valeur=donnees["valeur"], par=request.user, today=timezone.localdate()
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
