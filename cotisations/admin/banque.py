"""The bank back-office, in French: statements (import page), their lines (filtered by state, each waiting credit
confirmed, matched by hand or set aside), the cheque remittance slips (made from the cheques on no slip, printed as
PDF), the two accounts of the transfer, and the monthly transfer to the CNOM (statement, XLSX, pain.001 file)."""

import io

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from commun.admin import ServiceAdmin
from commun.formulaires import erreurs_du_service
from config.pdf import reponse_pdf

from .. import selectors, services
from ..importation_releves import lire_releve
from ..models import (
    BordereauRemise,
    ChequeRemis,
    CompteBancaire,
    Cotisation,
    EtatLigne,
    LigneReleve,
    ReleveBancaire,
    VersementCNOM,
)


def _messages(exc) -> str:
    return " ".join(getattr(exc, "messages", [str(exc)]))


class _Lecture:
    """Rows written by the services only: no add, change nor delete page of their own."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CompteBancaire)
class CompteBancaireAdmin(ServiceAdmin):
    list_display = ("role", "titulaire", "iban", "bic", "a_completer")
    fields = ("role", "titulaire", "iban", "bic", "a_completer")

    def get_readonly_fields(self, request, obj=None):
        return ("role",) if obj else ()

    def has_add_permission(self, request):
        return False  # the two accounts are loaded by migration 0005

    def has_delete_permission(self, request, obj=None):
        return False

    def modifier(self, request, obj, donnees, changes):
        return services.compte_enregistrer(
            role=obj.role, donnees={c: donnees[c] for c in changes}, par=request.user, today=timezone.localdate()
        )


class ImporterReleveForm(forms.Form):
    fichier = forms.FileField(label="Relevé bancaire")

    def __init__(self, *args, **kwargs):
        from commun.fichiers import taille_lisible, taille_max_par_defaut

        super().__init__(*args, **kwargs)
        self.fields["fichier"].help_text = (
            f"Fichier OFX ou CAMT.053 (ISO 20022) exporté de la banque, {taille_lisible(taille_max_par_defaut())} "
            "au plus."
        )


@admin.register(ReleveBancaire)
class ReleveBancaireAdmin(_Lecture, ServiceAdmin):
    list_display = ("importe_le", "nom_fichier", "format", "compte", "debut", "fin", "importe_par", "nombre_lignes")
    list_filter = ("format",)
    list_select_related = ("importe_par",)
    change_list_template = "admin/cotisations/relevebancaire/change_list.html"
    fields = ("nom_fichier", "format", "compte", "debut", "fin", "empreinte", "importe_par", "importe_le")
    readonly_fields = fields

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(nombre=Count("lignes"))

    @admin.display(description="lignes", ordering="nombre")
    def nombre_lignes(self, obj):
        url = reverse("admin:cotisations_lignereleve_changelist") + f"?releve__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.nombre)

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "importer/", self.admin_site.admin_view(self.importer_view), name="cotisations_relevebancaire_importer"
            ),
            *super().get_urls(),
        ]

    def importer_view(self, request):
        if not request.user.has_perm("cotisations.add_relevebancaire"):
            raise PermissionDenied
        form = ImporterReleveForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            fichier = form.cleaned_data["fichier"]
            try:
                resultat = services.releve_importer(
                    releve=lire_releve(fichier.read(), fichier.name), par=request.user, today=timezone.localdate()
                )
            except (ValidationError, PermissionDenied) as exc:
                if isinstance(exc, ValidationError):
                    erreurs_du_service(form, exc)
                else:
                    form.add_error(None, str(exc))
            else:
                self.message_user(
                    request,
                    f"Relevé importé : {resultat['lignes']} ligne(s), {resultat['rapprochees']} rapprochée(s), "
                    f"{resultat['a_confirmer']} à confirmer, {resultat['non_rapprochees']} non rapprochée(s), "
                    f"{resultat['deja_importees']} déjà importée(s).",
                    messages.SUCCESS,
                )
                url = reverse("admin:cotisations_lignereleve_changelist") + "?a_traiter=oui"
                return HttpResponseRedirect(url)
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Importer un relevé bancaire",
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/cotisations/formulaire.html", contexte)


class EnAttenteFiltre(admin.SimpleListFilter):
    title = "à traiter"
    parameter_name = "a_traiter"

    def lookups(self, request, model_admin):
        return [("oui", "Crédits en attente (à confirmer ou non rapprochés)")]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(etat__in=[EtatLigne.A_CONFIRMER, EtatLigne.NON_RAPPROCHEE])
        return queryset


class TraiterLigneForm(forms.Form):
    decision = forms.ChoiceField(
        label="Décision",
        widget=forms.RadioSelect,
        choices=[
            ("cotisation", "Rapprocher d'une cotisation (enregistre le paiement par virement)"),
            ("bordereau", "Rapprocher d'un bordereau de remise de chèques"),
            ("ignorer", "Ce n'est pas une cotisation (ignorer la ligne)"),
        ],
    )
    cotisation = forms.ModelChoiceField(
        label="Cotisation proposée", queryset=Cotisation.objects.none(), required=False, empty_label="—"
    )
    reference = forms.CharField(
        label="ou sa référence RF", required=False, help_text="Pour choisir à la main une cotisation non proposée."
    )
    bordereau = forms.ModelChoiceField(
        label="Bordereau", queryset=BordereauRemise.objects.none(), required=False, empty_label="—"
    )
    motif = forms.CharField(label="Motif (si la ligne est ignorée)", required=False, max_length=255)

    def __init__(self, *args, ligne, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cotisation"].queryset = ligne.propositions.select_related("medecin", "societe")
        self.fields["bordereau"].queryset = BordereauRemise.objects.filter(credit__isnull=True, total=ligne.montant)
        proposees = list(self.fields["cotisation"].queryset[:2])
        if len(proposees) == 1:
            self.fields["cotisation"].initial = proposees[0].pk
        if ligne.bordereau_propose_id:
            self.fields["bordereau"].initial = ligne.bordereau_propose_id

    def clean(self):
        donnees = super().clean()
        reference = selectors.reference_normalisee(donnees.get("reference"))
        if donnees.get("decision") == "cotisation" and reference:
            cotisation = selectors.cotisation_par_reference(reference)
            if cotisation is None:
                self.add_error("reference", "Aucune cotisation n'a cette référence.")
            donnees["cotisation"] = cotisation
        return donnees


@admin.register(LigneReleve)
class LigneReleveAdmin(_Lecture, ServiceAdmin):
    list_display = ("date", "montant", "libelle_court", "nom_debiteur", "etat", "proposees", "cotisation", "traiter")
    list_filter = (EnAttenteFiltre, "etat", "date", "releve__compte")
    search_fields = ("libelle", "informations", "nom_debiteur", "reference_banque")
    list_select_related = ("cotisation__medecin", "cotisation__societe", "releve")
    actions = ["confirmer_propositions"]
    fields = (
        "releve",
        "reference_banque",
        "date",
        "montant",
        "libelle",
        "informations",
        "nom_debiteur",
        "etat",
        "cotisation",
        "paiement",
        "bordereau_propose",
        "motif",
        "traitee_par",
        "traitee_le",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        from django.db.models import Prefetch

        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("propositions", queryset=Cotisation.objects.select_related("medecin", "societe"))
            )
        )

    @admin.display(description="libellé")
    def libelle_court(self, obj):
        return obj.libelle[:60]

    @admin.display(description="propositions")
    def proposees(self, obj):
        return ", ".join(f"{c.redevable} ({c.annee})" for c in obj.propositions.all()) or "—"

    @admin.display(description="action")
    def traiter(self, obj):
        if obj.etat not in (EtatLigne.A_CONFIRMER, EtatLigne.NON_RAPPROCHEE):
            return "—"
        url = reverse("admin:cotisations_lignereleve_traiter", args=[obj.pk])
        return format_html('<a href="{}">Traiter</a>', url)

    def has_change_permission(self, request, obj=None):
        return False

    def has_confirmer_permission(self, request):
        return request.user.has_perm("cotisations.change_lignereleve")

    @admin.action(
        description="Confirmer la proposition (la cotisation proposée, seule, ou le bordereau proposé)",
        permissions=["confirmer"],
    )
    def confirmer_propositions(self, request, queryset):
        nombre = 0
        for ligne in queryset.select_related("bordereau_propose"):
            try:
                if ligne.bordereau_propose_id and not ligne.propositions.exists():
                    services.ligne_rapprocher_bordereau(
                        ligne=ligne, bordereau=ligne.bordereau_propose, par=request.user, today=timezone.localdate()
                    )
                else:
                    services.ligne_confirmer(ligne=ligne, par=request.user, today=timezone.localdate())
                nombre += 1
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{ligne} : {_messages(exc)}", messages.ERROR)
        if nombre:
            self.message_user(request, f"{nombre} crédit(s) rapproché(s).", messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/traiter/",
                self.admin_site.admin_view(self.traiter_view),
                name="cotisations_lignereleve_traiter",
            ),
            *super().get_urls(),
        ]

    def traiter_view(self, request, object_id):
        if not request.user.has_perm("cotisations.change_lignereleve"):
            raise PermissionDenied
        ligne = get_object_or_404(LigneReleve, pk=object_id)
        form = TraiterLigneForm(request.POST or None, ligne=ligne)
        if request.method == "POST" and form.is_valid():
            d, today = form.cleaned_data, timezone.localdate()
            try:
                if d["decision"] == "cotisation":
                    services.ligne_confirmer(ligne=ligne, cotisation=d.get("cotisation"), par=request.user, today=today)
                elif d["decision"] == "bordereau":
                    if d.get("bordereau") is None:
                        raise ValidationError({"bordereau": ["Choisissez le bordereau."]})
                    services.ligne_rapprocher_bordereau(
                        ligne=ligne, bordereau=d["bordereau"], par=request.user, today=today
                    )
                else:
                    services.ligne_ignorer(ligne=ligne, motif=d.get("motif"), par=request.user, today=today)
            except ValidationError as exc:
                erreurs_du_service(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, f"Ligne traitée : {ligne}.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:cotisations_lignereleve_changelist") + "?a_traiter=oui")
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": ligne,
            "title": f"Traiter le crédit du {ligne.date:%d/%m/%Y} ({ligne.montant} €)",
            "form": form,
            "ligne": ligne,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/cotisations/formulaire.html", contexte)


class ChequeEnLigne(admin.TabularInline):
    model = ChequeRemis
    extra = 0
    can_delete = False
    fields = ("paiement",)
    readonly_fields = fields
    verbose_name_plural = "chèques remis"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EtablirBordereauForm(forms.Form):
    date = forms.DateField(label="Date de remise", widget=AdminDateWidget)
    paiements = forms.ModelMultipleChoiceField(
        label="Chèques à remettre",
        queryset=selectors.cheques_a_remettre(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Les chèques reçus qui ne sont encore sur aucun bordereau.",
    )


@admin.register(BordereauRemise)
class BordereauRemiseAdmin(_Lecture, ServiceAdmin):
    list_display = ("numero", "date", "nombre", "total", "credit", "imprimer")
    list_select_related = ("credit",)
    change_list_template = "admin/cotisations/bordereauremise/change_list.html"
    inlines = [ChequeEnLigne]
    fields = ("numero", "date", "nombre", "total", "credit", "cree_par")
    readonly_fields = fields

    @admin.display(description="PDF")
    def imprimer(self, obj):
        return format_html('<a href="{}">Imprimer</a>', reverse("admin:cotisations_bordereauremise_pdf", args=[obj.pk]))

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("etablir/", self.admin_site.admin_view(self.etablir_view), name="cotisations_bordereauremise_etablir"),
            path(
                "<int:object_id>/pdf/",
                self.admin_site.admin_view(self.pdf_view),
                name="cotisations_bordereauremise_pdf",
            ),
            *super().get_urls(),
        ]

    def etablir_view(self, request):
        if not request.user.has_perm("cotisations.add_bordereauremise"):
            raise PermissionDenied
        form = EtablirBordereauForm(request.POST or None, initial={"date": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                bordereau = services.bordereau_etablir(
                    paiements=form.cleaned_data["paiements"], date=form.cleaned_data["date"], par=request.user
                )
            except ValidationError as exc:
                erreurs_du_service(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(
                    request,
                    f"{bordereau} établi : {bordereau.nombre} chèque(s), {bordereau.total} €.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:cotisations_bordereauremise_change", args=[bordereau.pk]))
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Établir un bordereau de remise de chèques",
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/cotisations/formulaire.html", contexte)

    def pdf_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        from ..documents_banque import bordereau_pdf

        bordereau = get_object_or_404(BordereauRemise, pk=object_id)
        return reponse_pdf(bordereau_pdf(bordereau), f"bordereau-{bordereau.numero}.pdf")


class MoisForm(forms.Form):
    mois = forms.DateField(
        label="Mois", widget=AdminDateWidget, help_text="N'importe quel jour du mois (le 1er par exemple)."
    )
    execution = forms.DateField(label="Date d'exécution du virement", widget=AdminDateWidget, required=False)


class AnnulerVersementForm(forms.Form):
    motif = forms.CharField(label="Motif de l'annulation", max_length=255)


@admin.register(VersementCNOM)
class VersementCNOMAdmin(_Lecture, ServiceAdmin):
    list_display = ("mois_lisible", "montant", "genere_par", "genere_le", "annule_le", "telecharger")
    list_select_related = ("genere_par",)
    list_filter = ("annule_le",)
    change_list_template = "admin/cotisations/versementcnom/change_list.html"
    fields = (
        "mois",
        "montant",
        "detail_lisible",
        "identifiant_message",
        "genere_par",
        "genere_le",
        "annule_le",
        "motif_annulation",
    )
    readonly_fields = fields

    @admin.display(description="mois", ordering="mois")
    def mois_lisible(self, obj):
        return f"{obj.mois:%m/%Y}"

    @admin.display(description="détail")
    def detail_lisible(self, obj):
        categories = obj.detail.get("categories", {})
        return format_html_join(", ", "{} : {} €", categories.items()) or "—"

    @admin.display(description="fichier")
    def telecharger(self, obj):
        return format_html(
            '<a href="{}">pain.001</a>', reverse("admin:cotisations_versementcnom_fichier", args=[obj.pk])
        )

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("etat/", vue(self.etat_view), name="cotisations_versementcnom_etat"),
            path("<int:object_id>/fichier/", vue(self.fichier_view), name="cotisations_versementcnom_fichier"),
            path("<int:object_id>/annuler/", vue(self.annuler_view), name="cotisations_versementcnom_annuler"),
            *super().get_urls(),
        ]

    def etat_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        donnees = request.POST if request.method == "POST" else (request.GET if "mois" in request.GET else None)
        form = MoisForm(donnees, initial={"mois": timezone.localdate().replace(day=1)})
        etat = None
        if form.is_valid():
            etat = selectors.etat_mensuel(form.cleaned_data["mois"])
            if request.GET.get("format") == "xlsx":
                return _xlsx(etat)
            if request.method == "POST":
                try:
                    versement = services.versement_generer(
                        mois=form.cleaned_data["mois"],
                        execution=form.cleaned_data.get("execution"),
                        par=request.user,
                        today=timezone.localdate(),
                    )
                except ValidationError as exc:
                    erreurs_du_service(form, exc)
                except PermissionDenied as exc:
                    form.add_error(None, str(exc))
                else:
                    self.message_user(request, f"{versement} généré : {versement.montant} €.", messages.SUCCESS)
                    return HttpResponseRedirect(reverse("admin:cotisations_versementcnom_changelist"))
        lignes = []
        if etat is not None:
            lignes = [(etat["libelles"][c], m) for c, m in etat["categories"].items()]
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "État mensuel des encaissements et virement au CNOM",
            "form": form,
            "etat": etat,
            "lignes": lignes,
            "peut_generer": request.user.has_perm("cotisations.add_versementcnom"),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/cotisations/versementcnom/etat.html", contexte)

    def fichier_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        versement = get_object_or_404(VersementCNOM, pk=object_id)
        reponse = HttpResponse(versement.fichier.encode("utf-8"), content_type="application/xml")
        reponse["Content-Disposition"] = f'attachment; filename="virement-cnom-{versement.mois:%Y-%m}.xml"'
        reponse["Cache-Control"] = "private, no-store"
        return reponse

    def annuler_view(self, request, object_id):
        if not request.user.has_perm("cotisations.change_versementcnom"):
            raise PermissionDenied
        versement = get_object_or_404(VersementCNOM, pk=object_id)
        form = AnnulerVersementForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.versement_annuler(
                    versement=versement, motif=form.cleaned_data["motif"], par=request.user, today=timezone.localdate()
                )
            except ValidationError as exc:
                erreurs_du_service(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, f"{versement} annulé.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:cotisations_versementcnom_changelist"))
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": versement,
            "title": f"Annuler le {versement}",
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/cotisations/formulaire.html", contexte)


def _xlsx(etat: dict) -> HttpResponse:
    from openpyxl import Workbook

    classeur = Workbook()
    feuille = classeur.active
    feuille.title = f"{etat['mois']:%Y-%m}"
    feuille.append([f"Encaissements du {etat['debut']:%d/%m/%Y} au {etat['fin']:%d/%m/%Y}"])
    feuille.append(["Catégorie", "Montant (€)"])
    for categorie, montant in etat["categories"].items():
        feuille.append([etat["libelles"][categorie], montant])
    feuille.append(["Total des cotisations (viré au CNOM)", etat["total_cotisations"]])
    feuille.append(["Frais de relance encaissés (conservés par le conseil)", etat["frais"]])
    feuille.append(["Total encaissé", etat["total_encaisse"]])
    feuille.append([])
    feuille.append(["Paiements du mois", etat["nombre_paiements"], etat["encaisse"]])
    feuille.append(["Contre-passations du mois", etat["nombre_contre_passations"], etat["contre_passe"]])
    for ligne in feuille.iter_rows(min_row=3, min_col=2, max_col=3):
        for cellule in ligne:
            cellule.number_format = "#,##0.00"
    tampon = io.BytesIO()
    classeur.save(tampon)
    reponse = HttpResponse(
        tampon.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    reponse["Content-Disposition"] = f'attachment; filename="encaissements-{etat["mois"]:%Y-%m}.xlsx"'
    return reponse
