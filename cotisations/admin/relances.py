"""The reminder calendar's back-office, in French: the letters sent (tracking numbers typed on the letter's page),
what the next run will send (and « Lancer » it), the print of all the letters of a step and date, the CSV import of
the tracking numbers, the plenary's list of remaining debtors (page and XLSX) and the court requests."""

import datetime
import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from commun.formulaires import erreurs_du_service
from config.pdf import reponse_pdf
from config.perms import peut

from .. import documents_relances, selectors, services
from ..calendrier import AVEC_FRAIS
from ..importation_relances import lire_numeros_suivi
from ..models import EtapeRelance, Relance
from .cotisation import CotisationAdmin


class RelanceEnLigne(admin.TabularInline):
    model = Relance
    fk_name = "cotisation"
    extra = 0
    can_delete = False
    fields = ("etape", "date", "frais", "numero_suivi", "interets")
    readonly_fields = fields
    verbose_name_plural = "relances envoyées"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# The dues' page lists its letters (appended here rather than in cotisation.py: one file per area).
CotisationAdmin.inlines = [*CotisationAdmin.inlines, RelanceEnLigne]


class ChampDate(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"})


class FormulaireApercu(forms.Form):
    date = ChampDate(label="Date de l'exécution")


class FormulaireImpression(forms.Form):
    etape = forms.ChoiceField(label="Étape", choices=[(e.value, e.label) for e in EtapeRelance])
    date = ChampDate(label="Date des lettres")


class FormulaireImportSuivi(forms.Form):
    etape = forms.ChoiceField(
        label="Lettre recommandée", choices=[(e.value, e.label) for e in EtapeRelance if e in AVEC_FRAIS]
    )
    fichier = forms.FileField(
        label="Fichier CSV",
        help_text="Colonnes « reference » (ou « cotisation ») et « numero_suivi », séparées par « ; ».",
    )


class FormulairePleniere(forms.Form):
    annee = forms.IntegerField(label="Année des cotisations", min_value=2000, max_value=2100)
    date = ChampDate(label="Impayées au")


class FormulaireInjonctions(forms.Form):
    annee = forms.IntegerField(label="Année des cotisations", min_value=2000, max_value=2100)
    deliberation = forms.CharField(label="Numéro de la délibération de la plénière", max_length=12)
    today = ChampDate(label="Date des requêtes")

    def clean_deliberation(self):
        from gouvernance.models import Deliberation

        numero = self.cleaned_data["deliberation"].strip()
        deliberation = Deliberation.objects.select_related("seance").filter(numero=numero).first()
        if deliberation is None:
            raise forms.ValidationError(f"Aucune délibération n° {numero}.")
        return deliberation


@admin.register(Relance)
class RelanceAdmin(admin.ModelAdmin):
    list_display = ("etape", "date", "cotisation", "frais", "numero_suivi", "interets")
    list_filter = ("etape", "date", "cotisation__annee")
    search_fields = ("cotisation__reference", "cotisation__medecin__nom", "cotisation__societe__raison_sociale")
    list_select_related = ("cotisation__medecin", "cotisation__societe")
    date_hierarchy = "date"
    actions = ["imprimer"]
    fields = (
        "cotisation",
        "etape",
        "date",
        "frais",
        "numero_suivi",
        "numero_suivi_le",
        "deliberation",
        "interets",
        "tribunal",
    )
    change_list_template = "admin/cotisations/relance/change_list.html"

    def get_readonly_fields(self, request, obj=None):
        figes = [f for f in self.fields if f != "numero_suivi"]
        if obj is None or obj.etape not in AVEC_FRAIS:
            figes.append("numero_suivi")
        return figes

    def has_add_permission(self, request):
        return False  # letters are written by the calendar's run, never one by one

    def has_delete_permission(self, request, obj=None):
        return False  # a letter sent stays: it is the guard against sending it twice

    def save_model(self, request, obj, form, change):
        services.numero_suivi_enregistrer(
            relance=obj, numero_suivi=form.cleaned_data["numero_suivi"], par=request.user, today=timezone.localdate()
        )

    def get_form(self, request, obj=None, **kwargs):
        formulaire = super().get_form(request, obj, **kwargs)

        class FormulaireSuivi(formulaire):
            def clean(self):
                donnees = super().clean()
                if "numero_suivi" in self.fields and not (donnees.get("numero_suivi") or "").strip():
                    self.add_error("numero_suivi", "Saisissez le numéro de suivi imprimé sur la preuve de dépôt.")
                return donnees

        return FormulaireSuivi

    @admin.action(description="Imprimer les lettres sélectionnées (PDF)")
    def imprimer(self, request, queryset):
        etapes = set(queryset.values_list("etape", flat=True))
        if len(etapes) != 1:
            self.message_user(request, "Sélectionnez les lettres d'une seule étape pour les imprimer.", messages.ERROR)
            return None
        etape = etapes.pop()
        ids = list(queryset.values_list("pk", flat=True))
        return reponse_pdf(
            documents_relances.relances_pdf(etape=etape, ids=ids),
            documents_relances.nom_relances(etape, None),
            telechargement=True,
        )

    # --- the calendar's own pages ---

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("prochaine/", vue(self.prochaine_view), name="cotisations_relance_prochaine"),
            path("imprimer/", vue(self.imprimer_view), name="cotisations_relance_imprimer"),
            path("suivi/", vue(self.suivi_view), name="cotisations_relance_suivi"),
            path("pleniere/", vue(self.pleniere_view), name="cotisations_relance_pleniere"),
            path("injonctions/", vue(self.injonctions_view), name="cotisations_relance_injonctions"),
            *super().get_urls(),
        ]

    def _contexte(self, request, titre, **extra):
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": titre, **extra}

    def _exiger_vue(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied

    def prochaine_view(self, request):
        """What the next run will send on a date (the preview), and « Lancer » to run it now."""
        self._exiger_vue(request)
        donnees = request.POST if request.method == "POST" else (request.GET or None)
        form = FormulaireApercu(donnees, initial={"date": timezone.localdate()})
        jour = form.cleaned_data["date"] if form.is_valid() else timezone.localdate()
        if request.method == "POST" and form.is_valid():
            try:
                bilan = services.relances_executer(date=jour, par=request.user)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])), messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"Relances du {jour:%d/%m/%Y} : {bilan['rappel']} rappel(s), {bilan['lrar1']} première(s) et "
                    f"{bilan['lrar2']} seconde(s) lettre(s) recommandée(s) ; {bilan['courriels']} copie(s) par "
                    "courriel programmée(s).",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(f"{reverse('admin:cotisations_relance_prochaine')}?date={jour:%Y-%m-%d}")
        apercu = selectors.relances_a_venir(date=jour)
        for etape in apercu["etapes"]:
            etape["exemples"] = list(etape["cotisations"][:50])
        contexte = self._contexte(
            request,
            "Prochaine exécution des relances",
            form=form,
            apercu=apercu,
            peut_lancer=peut(request.user, "cotisations.relances_executer"),
        )
        return TemplateResponse(request, "admin/cotisations/relance/prochaine.html", contexte)

    def imprimer_view(self, request):
        """All the letters of a step sent on a date, in one PDF to print (registered letters go on paper)."""
        self._exiger_vue(request)
        form = FormulaireImpression(request.GET or None)
        if form.is_valid():
            etape, jour = form.cleaned_data["etape"], form.cleaned_data["date"]
            if not Relance.objects.filter(etape=etape, date=jour).exists():
                form.add_error("date", "Aucune lettre de cette étape n'est datée de ce jour.")
            else:
                return reponse_pdf(
                    documents_relances.relances_pdf(etape=etape, date=jour),
                    documents_relances.nom_relances(etape, jour),
                    telechargement=True,
                )
        contexte = self._contexte(request, "Imprimer les lettres d'une étape", form=form)
        return TemplateResponse(request, "admin/cotisations/relance/formulaire.html", contexte)

    def suivi_view(self, request):
        """The CSV of the registered letters' tracking numbers."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        bilan = None
        form = FormulaireImportSuivi(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                lignes = lire_numeros_suivi(form.cleaned_data["fichier"].read())
                bilan = services.numeros_suivi_importer(
                    lignes=lignes, etape=form.cleaned_data["etape"], par=request.user, today=timezone.localdate()
                )
            except ValidationError as exc:
                erreurs_du_service(form, exc)
            else:
                self.message_user(
                    request,
                    f"{bilan['enregistres']} numéro(s) de suivi enregistré(s), {bilan['inchanges']} déjà connu(s), "
                    f"{len(bilan['erreurs'])} ligne(s) en erreur.",
                    messages.SUCCESS if not bilan["erreurs"] else messages.WARNING,
                )
        contexte = self._contexte(
            request, "Importer les numéros de suivi des lettres recommandées", form=form, bilan=bilan, multipart=True
        )
        return TemplateResponse(request, "admin/cotisations/relance/formulaire.html", contexte)

    def pleniere_view(self, request):
        """January N+1: the debtors still unpaid after the second registered letter, for the plenary (and XLSX)."""
        self._exiger_vue(request)
        aujourd_hui = timezone.localdate()
        form = FormulairePleniere(request.GET or None, initial={"annee": aujourd_hui.year - 1, "date": aujourd_hui})
        debiteurs = None
        if form.is_valid():
            annee, jour = form.cleaned_data["annee"], form.cleaned_data["date"]
            debiteurs = list(selectors.debiteurs_restants(annee=annee, date=jour))
            if request.GET.get("format") == "xlsx":
                return _xlsx_debiteurs(debiteurs, annee, jour)
        contexte = self._contexte(
            request, "Débiteurs restants, pour la délibération de la plénière", form=form, debiteurs=debiteurs
        )
        return TemplateResponse(request, "admin/cotisations/relance/pleniere.html", contexte)

    def injonctions_view(self, request):
        """Once the plenary has deliberated: one court request per debtor still unpaid, then their PDF."""
        if not peut(request.user, "cotisations.injonctions_demander"):
            raise PermissionDenied
        aujourd_hui = timezone.localdate()
        form = FormulaireInjonctions(
            request.POST or None, initial={"annee": aujourd_hui.year - 1, "today": aujourd_hui}
        )
        if request.method == "POST" and form.is_valid():
            try:
                bilan = services.injonctions_demander(
                    annee=form.cleaned_data["annee"],
                    deliberation=form.cleaned_data["deliberation"],
                    par=request.user,
                    today=form.cleaned_data["today"],
                )
            except ValidationError as exc:
                erreurs_du_service(form, exc)
            else:
                self.message_user(
                    request,
                    f"{bilan['creees']} requête(s) en injonction de payer préparée(s) ({bilan['existantes']} déjà "
                    "faite(s)) : imprimez-les depuis « Imprimer les lettres d'une étape ».",
                    messages.SUCCESS,
                )
                jour = form.cleaned_data["today"]
                return HttpResponseRedirect(
                    f"{reverse('admin:cotisations_relance_imprimer')}?etape=injonction&date={jour:%Y-%m-%d}"
                )
        contexte = self._contexte(request, "Demander les injonctions de payer", form=form)
        return TemplateResponse(request, "admin/cotisations/relance/formulaire.html", contexte)


def _xlsx_debiteurs(debiteurs, annee: int, jour: datetime.date) -> HttpResponse:
    from openpyxl import Workbook

    classeur = Workbook()
    feuille = classeur.active
    feuille.title = f"Impayés {annee}"
    feuille.append(
        ["Référence", "Redevable", "Cotisation due", "Frais", "Déjà payé", "Solde", "Rappel", "LRAR 1", "LRAR 2"]
    )
    for c in debiteurs:
        lettres = {r.etape: r for r in c.relances.all()}
        feuille.append(
            [
                c.reference,
                str(c.medecin or c.societe),
                c.montant_du,
                c.frais,
                c.montant_paye,
                c.solde,
                *[lettres[e].date if e in lettres else None for e in ("rappel", "lrar1", "lrar2")],
            ]
        )
    tampon = io.BytesIO()
    classeur.save(tampon)
    reponse = HttpResponse(
        tampon.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    reponse["Content-Disposition"] = f'attachment; filename="debiteurs-{annee}-au-{jour:%Y-%m-%d}.xlsx"'
    return reponse
