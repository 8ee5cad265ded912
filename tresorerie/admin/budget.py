"""The budget's back-office (issue 11 points 1, 3, 10): budgets with their lines inline (keyed in while in
preparation, through the services), the acts of a budget on pages of their own (adopt citing the plenary's
deliberation, export for the CNOM, record the dotation principale, the execution report with its chart and XLSX),
the lines, the credit transfers, the amendments and the yearly parameters. Every write goes through
tresorerie.services; the pages read through tresorerie.selectors."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from commun.admin import ServiceAdmin
from commun.formats import euros
from commun.formulaires import erreurs_du_service
from config.perms import peut
from gouvernance.models import TYPES_PLENIERS, Deliberation

from .. import services
from ..exports_budget import TYPE_XLSX, cnom_xlsx, execution_xlsx, nom_cnom, nom_execution
from ..models import Avenant, Budget, LigneAvenant, LigneBudgetaire, ParametreBudget, StatutBudget, Virement
from ..selectors import (
    avec_disponible,
    budget_totaux,
    echeance_cnom,
    execution_budget,
    situation_au_30_septembre,
)


class _EssaiABlanc(Exception):
    pass


def _xlsx(contenu: bytes, nom: str) -> HttpResponse:
    reponse = HttpResponse(contenu, content_type=TYPE_XLSX)
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


# --- the lines inline: keyed in while the budget is in preparation, each through budget_ligne_enregistrer -----------


class LignesFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.pk is None:
            return
        try:
            with transaction.atomic():
                self.enregistrer()
                raise _EssaiABlanc
        except _EssaiABlanc:
            pass
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None
        except PermissionDenied as exc:
            raise ValidationError(str(exc)) from None

    def enregistrer(self):
        today = timezone.localdate()
        # What the admin's change message reads after a formset's save.
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        for form in self.forms:
            if not form.has_changed() or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            donnees = form.cleaned_data
            services.budget_ligne_enregistrer(
                budget_id=self.instance.pk,
                rubrique=donnees["compte"].numero,
                montant=donnees["montant"],
                libelle=donnees.get("libelle", ""),
                par=self.request.user,
                today=today,
            )


class LigneEnLigne(admin.TabularInline):
    model = LigneBudgetaire
    formset = LignesFormSet
    fields = ("compte", "libelle", "montant", "disponible")
    readonly_fields = ("disponible",)
    extra = 0
    can_delete = False
    autocomplete_fields = ("compte",)
    verbose_name_plural = "lignes du budget (par rubrique du plan comptable)"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.request = request
        return formset

    def get_queryset(self, request):
        return avec_disponible(super().get_queryset(request).select_related("compte", "budget"))

    def _modifiable(self, request, obj):
        return (
            obj is not None and obj.statut == StatutBudget.PREPARATION and super().has_change_permission(request, obj)
        )

    def has_add_permission(self, request, obj=None):
        return self._modifiable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._modifiable(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if self._modifiable(request, obj):
            return ("disponible",)
        return ("compte", "libelle", "montant", "disponible")

    @admin.display(description="disponible")
    def disponible(self, ligne):
        valeur = getattr(ligne, "disponible_calcule", None)
        return "—" if valeur is None else euros(valeur)


# --- the forms of a budget's acts -----------------------------------------------------------------------------------


class AdoptionForm(forms.Form):
    deliberation = forms.ModelChoiceField(
        label="Délibération d'adoption",
        queryset=Deliberation.objects.filter(adoptee=True, seance__type__in=TYPES_PLENIERS)
        .select_related("seance")
        .order_by("-seance__date", "-numero"),
        help_text="La délibération adoptée de la séance plénière (session budgétaire) qui a voté le budget.",
        error_messages={"required": "Choisissez la délibération de la séance plénière."},
    )


class DotationForm(forms.Form):
    montant = forms.DecimalField(
        label="Dotation principale notifiée (€)",
        max_digits=12,
        decimal_places=2,
        min_value=0,
        error_messages={"invalid": "Un montant en euros est attendu.", "required": "Indiquez le montant."},
    )
    notifiee_le = forms.DateField(
        label="Notifiée le", widget=AdminDateWidget, error_messages={"required": "Indiquez la date de notification."}
    )


class AvenantForm(forms.Form):
    deliberation = AdoptionForm.base_fields["deliberation"]
    objet = forms.CharField(label="Objet", max_length=255)
    variations = forms.CharField(
        label="Variations (une par ligne : rubrique montant)",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Par exemple « 6251 1500.00 » pour ajouter 1 500 €, « 6064 -800.00 » pour en retirer 800. Vide : "
        "un avenant qui autorise un virement de crédits substantiel.",
    )

    def clean_variations(self):
        from decimal import Decimal, InvalidOperation

        lignes = []
        for n, texte in enumerate(self.cleaned_data["variations"].splitlines(), start=1):
            if not texte.strip():
                continue
            morceaux = texte.split()
            try:
                rubrique, montant = morceaux
                lignes.append((rubrique, Decimal(montant.replace(",", "."))))
            except (ValueError, InvalidOperation):
                raise ValidationError(
                    f"Ligne {n} : écrivez « rubrique montant » (par exemple « 6251 1500.00 »)."
                ) from None
        return lignes


@admin.register(Budget)
class BudgetAdmin(ServiceAdmin):
    list_display = ("annee", "statut", "adopte_le", "deliberation", "echeance", "dotation_principale", "liens")
    list_filter = ("statut",)
    inlines = [LigneEnLigne]
    actions = ["adopter", "exporter_cnom", "enregistrer_dotation", "execution_xlsx"]
    list_select_related = ("deliberation",)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("annee", "plafond_depenses_urgentes")
        return (
            "annee",
            "statut",
            "deliberation",
            "adopte_le",
            "plafond_depenses_urgentes",
            "transmis_le",
            "echeance",
            "dotation_principale",
            "dotation_notifiee_le",
            "totaux",
            "liens",
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return self.get_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def creer(self, request, donnees):
        return services.budget_creer(
            annee=donnees["annee"],
            lignes=[],
            plafond_depenses_urgentes=donnees.get("plafond_depenses_urgentes") or 0,
            par=request.user,
            today=timezone.localdate(),
        )

    def modifier(self, request, obj, donnees, changes):
        return obj  # the budget's own fields change only through its acts; its lines are saved by the inline

    def save_formset(self, request, form, formset, change):
        if isinstance(formset, LignesFormSet):
            formset.enregistrer()
            return
        super().save_formset(request, form, formset, change)

    @admin.display(description="échéance du conseil national")
    def echeance(self, budget):
        e = echeance_cnom(budget, timezone.localdate())
        texte = f"le {e['limite']:%d/%m/%Y}"
        if e["transmis_le"]:
            texte = f"transmis le {e['transmis_le']:%d/%m/%Y} (limite {e['limite']:%d/%m/%Y})"
        if e["en_retard"]:
            return format_html('<strong class="en-retard">EN RETARD</strong> · {}', texte)
        return texte

    @admin.display(description="totaux votés")
    def totaux(self, budget):
        t = budget_totaux(budget)
        return f"charges {euros(t['charges'])} · produits {euros(t['produits'])} · solde {euros(t['solde'])}"

    @admin.display(description="actes")
    def liens(self, budget):
        liens = [
            ("execution", "Exécution"),
            ("adopter", "Adopter"),
            ("dotation", "Dotation"),
            ("avenant", "Avenant"),
            ("cnom", "Export CNOM"),
        ]
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            ((reverse(f"admin:tresorerie_budget_{nom}", args=[budget.pk]), libelle) for nom, libelle in liens),
        )

    # --- the pages ---

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("<int:pk>/execution/", vue(self.page_execution), name="tresorerie_budget_execution"),
            path("<int:pk>/adopter/", vue(self.page_adopter), name="tresorerie_budget_adopter"),
            path("<int:pk>/dotation/", vue(self.page_dotation), name="tresorerie_budget_dotation"),
            path("<int:pk>/avenant/", vue(self.page_avenant), name="tresorerie_budget_avenant"),
            path("<int:pk>/cnom/", vue(self.page_cnom), name="tresorerie_budget_cnom"),
            *super().get_urls(),
        ]

    def _budget(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Budget.objects.select_related("deliberation"), pk=pk)

    def _contexte(self, request, budget, titre, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": titre,
            "budget": budget,
            "explication": "",
            **extra,
        }

    def page_execution(self, request, pk):
        budget = self._budget(request, pk)
        execution = execution_budget(budget)
        if request.GET.get("export") == "xlsx":
            return _xlsx(execution_xlsx(execution), nom_execution(execution))
        contexte = self._contexte(
            request,
            budget,
            f"Exécution du budget {budget.annee}",
            execution=execution,
            graphique=graphique(execution["depenses"]),
        )
        return TemplateResponse(request, "admin/tresorerie/execution_budget.html", contexte)

    def _formulaire(self, request, budget, titre, form, faire, suite):
        if request.method == "POST" and form.is_valid():
            try:
                faire(form.cleaned_data)
            except ValidationError as exc:
                erreurs_du_service(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, suite, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:tresorerie_budget_change", args=[budget.pk]))
        contexte = self._contexte(request, budget, titre, form=form, media=self.media + form.media)
        return TemplateResponse(request, "admin/tresorerie/formulaire.html", contexte)

    def page_adopter(self, request, pk):
        budget = self._budget(request, pk)
        form = AdoptionForm(request.POST or None)
        return self._formulaire(
            request,
            budget,
            f"Adoption du budget {budget.annee} en séance plénière",
            form,
            lambda d: services.budget_adopter(
                budget_id=budget.pk, deliberation_id=d["deliberation"].pk, par=request.user, today=timezone.localdate()
            ),
            f"Le budget {budget.annee} est adopté.",
        )

    def page_dotation(self, request, pk):
        budget = self._budget(request, pk)
        form = DotationForm(request.POST or None)
        return self._formulaire(
            request,
            budget,
            f"Dotation principale du budget {budget.annee}",
            form,
            lambda d: services.budget_dotation_enregistrer(
                budget_id=budget.pk,
                montant=d["montant"],
                notifiee_le=d["notifiee_le"],
                par=request.user,
                today=timezone.localdate(),
            ),
            "Dotation principale enregistrée ; la rubrique 7401 du budget est ajustée.",
        )

    def page_avenant(self, request, pk):
        budget = self._budget(request, pk)
        form = AvenantForm(request.POST or None)
        return self._formulaire(
            request,
            budget,
            f"Avenant au budget {budget.annee} voté en séance plénière",
            form,
            lambda d: services.avenant_enregistrer(
                budget_id=budget.pk,
                deliberation_id=d["deliberation"].pk,
                objet=d["objet"],
                variations=d["variations"],
                par=request.user,
                today=timezone.localdate(),
            ),
            "Avenant enregistré.",
        )

    def page_cnom(self, request, pk):
        """Export for the CNOM: a POST records the sending (its date; late after 20 October) and returns the file;
        a GET only shows what it will do."""
        budget = self._budget(request, pk)
        if request.method == "POST":
            return self._export_cnom(request, budget)
        echeance = echeance_cnom(budget, timezone.localdate())
        form = forms.Form()
        contexte = self._contexte(
            request,
            budget,
            f"Transmission du budget {budget.annee} au conseil national",
            form=form,
            media=self.media,
            explication=f"Le fichier XLSX (le budget par rubrique, la situation comptable de {budget.annee - 1} au "
            f"30 septembre et la prévision du 4e trimestre) est produit et la transmission enregistrée à la date du "
            f"jour ; échéance : {echeance['limite']:%d/%m/%Y}.",
        )
        return TemplateResponse(request, "admin/tresorerie/formulaire.html", contexte)

    def _export_cnom(self, request, budget):
        try:
            budget = services.budget_transmettre(budget_id=budget.pk, par=request.user, today=timezone.localdate())
        except (ValidationError, PermissionDenied) as exc:
            self.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:tresorerie_budget_change", args=[budget.pk]))
        contenu = cnom_xlsx(
            budget=budget,
            lignes=list(budget.lignes.select_related("compte").order_by("compte__numero")),
            totaux=budget_totaux(budget),
            situation=situation_au_30_septembre(budget.annee - 1),
            cdom_nom=settings.CDOM_NOM,
        )
        return _xlsx(contenu, nom_cnom(budget))

    # --- the list's actions: one budget, its page ---

    def _un(self, request, queryset, page):
        if queryset.count() != 1:
            self.message_user(request, "Sélectionnez un seul budget.", messages.WARNING)
            return None
        return HttpResponseRedirect(reverse(f"admin:tresorerie_budget_{page}", args=[queryset.get().pk]))

    @admin.action(description="Adopter (citer la délibération de la séance plénière)", permissions=["change"])
    def adopter(self, request, queryset):
        return self._un(request, queryset, "adopter")

    @admin.action(
        description="Exporter pour le conseil national (XLSX, transmission enregistrée)", permissions=["change"]
    )
    def exporter_cnom(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Sélectionnez un seul budget.", messages.WARNING)
            return None
        return self._export_cnom(request, queryset.get())

    @admin.action(description="Enregistrer la dotation principale", permissions=["change"])
    def enregistrer_dotation(self, request, queryset):
        return self._un(request, queryset, "dotation")

    @admin.action(description="Exécution du budget (XLSX)", permissions=["view"])
    def execution_xlsx(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Sélectionnez un seul budget.", messages.WARNING)
            return None
        execution = execution_budget(queryset.get())
        return _xlsx(execution_xlsx(execution), nom_execution(execution))


# --- the chart: horizontal bars per expense heading (open credits, engaged, paid), inline SVG -------------------------

LARGEUR_BARRES = 420


def graphique(depenses: list[dict]) -> dict:
    """Coordinates of an inline SVG: per heading, the bar of its open credits and, over it, engaged and paid, scaled
    to the largest open credit (no script, no CDN)."""
    plafond = max([r["ouvert"] for r in depenses] + [r["engage"] for r in depenses] + [1])
    hauteur_rang = 22
    barres = []
    for i, rang in enumerate(depenses):

        def largeur(valeur):
            return round(float(max(valeur, 0) / plafond) * LARGEUR_BARRES, 1)

        barres.append(
            {
                "y": i * hauteur_rang + 4,
                "texte_y": i * hauteur_rang + 16,
                "rubrique": rang["rubrique"],
                "ouvert": largeur(rang["ouvert"]),
                "engage": largeur(rang["engage"]),
                "paye": largeur(rang["paye"]),
                "depasse": rang["disponible"] < 0,
                "titre": f"{rang['rubrique']} {rang['libelle']}",
            }
        )
    return {"barres": barres, "hauteur": len(barres) * hauteur_rang + 8, "largeur": LARGEUR_BARRES + 80}


@admin.register(LigneBudgetaire)
class LigneBudgetaireAdmin(ServiceAdmin):
    list_display = ("budget", "compte", "libelle", "montant")
    list_filter = ("budget__annee", "compte__nature")
    search_fields = ("compte__numero", "libelle", "compte__libelle")
    list_select_related = ("budget", "compte")
    autocomplete_fields = ("compte",)
    fields = ("budget", "compte", "libelle", "montant")

    def get_readonly_fields(self, request, obj=None):
        return ("budget", "compte") if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False

    def creer(self, request, donnees):
        return services.budget_ligne_enregistrer(
            budget_id=donnees["budget"].pk,
            rubrique=donnees["compte"].numero,
            montant=donnees["montant"],
            libelle=donnees.get("libelle", ""),
            par=request.user,
            today=timezone.localdate(),
        )

    def modifier(self, request, obj, donnees, changes):
        return services.budget_ligne_enregistrer(
            budget_id=obj.budget_id,
            rubrique=obj.compte.numero,
            montant=donnees.get("montant", obj.montant),
            libelle=donnees.get("libelle", obj.libelle),
            par=request.user,
            today=timezone.localdate(),
        )


class VirementForm(forms.ModelForm):
    class Meta:
        model = Virement
        fields = ("de", "vers", "montant", "motif", "propose_par", "avenant")


@admin.register(Virement)
class VirementAdmin(ServiceAdmin):
    list_display = ("date", "budget", "de", "vers", "montant", "propose_par", "decide_par", "avenant")
    list_filter = ("budget__annee",)
    list_select_related = ("budget", "de__compte", "de__budget", "vers__compte", "vers__budget", "propose_par",
                           "decide_par", "avenant__budget")  # fmt: skip
    date_hierarchy = "date"
    form = VirementForm
    autocomplete_fields = ()

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("de", "vers", "montant", "motif", "propose_par", "avenant")
        return ("budget", "de", "vers", "montant", "date", "motif", "propose_par", "decide_par", "avenant")

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj else ()

    def has_add_permission(self, request):
        # The ordonnateur decides (an elected member); staff only read.
        return peut(request.user, "tresorerie.virement_decider")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def creer(self, request, donnees):
        avenant = donnees.get("avenant")
        return services.virement_decider(
            de_id=donnees["de"].pk,
            vers_id=donnees["vers"].pk,
            montant=donnees["montant"],
            motif=donnees.get("motif", ""),
            propose_par=donnees.get("propose_par"),
            avenant_id=avenant.pk if avenant else None,
            par=request.user,
            today=timezone.localdate(),
        )


class LigneAvenantEnLigne(admin.TabularInline):
    model = LigneAvenant
    fields = ("ligne", "variation")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("ligne__compte", "ligne__budget")


@admin.register(Avenant)
class AvenantAdmin(ServiceAdmin):
    list_display = ("budget", "numero", "objet", "deliberation", "adopte_le")
    list_filter = ("budget__annee",)
    list_select_related = ("budget", "deliberation")
    fields = ("budget", "numero", "objet", "deliberation", "adopte_le", "enregistre_par")
    readonly_fields = fields
    inlines = [LigneAvenantEnLigne]

    def has_add_permission(self, request):
        return False  # from the budget's page « Avenant » (the budget is chosen there)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


CHAMPS_PARAMETRE = ("seuil_virement", "delai_rappel_cnom")


@admin.register(ParametreBudget)
class ParametreBudgetAdmin(ServiceAdmin):
    list_display = ("annee", "seuil_virement", "delai_rappel_cnom")
    fields = ("annee", *CHAMPS_PARAMETRE)

    def get_readonly_fields(self, request, obj=None):
        return ("annee",) if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False

    def _enregistrer(self, request, annee, donnees):
        return services.parametre_enregistrer(
            modele=ParametreBudget,
            cle={"annee": annee},
            donnees=donnees,
            champs=CHAMPS_PARAMETRE,
            acte="tresorerie.parametres_enregistrer",
            par=request.user,
            today=timezone.localdate(),
        )

    def creer(self, request, donnees):
        donnees = dict(donnees)
        return self._enregistrer(request, donnees.pop("annee"), donnees)

    def modifier(self, request, obj, donnees, changes):
        return self._enregistrer(request, obj.annee, {c: donnees[c] for c in changes if c in CHAMPS_PARAMETRE})
