"""The back-office of the cash box, the fixed-asset register and the year-end (issue 11 points 5-7, 10), in French.

- « Plafonds de la caisse », « Catégories d'immobilisations »: yearly parameter and category tables, written through
  `parametre_enregistrer`.
- « Mouvements de caisse »: recorded through the service (with the document), never changed nor deleted; each
  movement's documents inline (downloaded after the permission check), « Joindre un justificatif », « Annuler par
  un contre-mouvement »; « Livre de caisse » (a period, its XLSX).
- « Registre des immobilisations »: recorded through the service, the plan d'amortissement on the asset's page,
  « Enregistrer la sortie » (cession, rebut).
- « Clôtures d'exercice »: added by computing the statements of a year; actions « Calculer et arrêter les états
  financiers », « Exporter le FEC », « Exporter les états en XLSX »; « Enregistrer la décision de la plénière ».
- « Rappels de clôture »: what the calendar sent, read-only.
"""

import datetime
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from commun.admin import ServiceAdmin, page_formulaire
from commun.fichiers import reponse_fichier, taille_lisible
from commun.formats import euros
from commun.formulaires import erreurs_du_service
from config.perms import exiger, peut
from gouvernance.models import TYPES_PLENIERS, Deliberation

from .. import services
from ..comptabilite import (
    dotations_de_l_annee,
    etats_depuis_json,
    etats_financiers,
    livre_de_caisse,
    plan_amortissement,
)
from ..exports_cloture import (
    TYPE_XLSX,
    amortissements_nom,
    amortissements_xlsx,
    etats_nom,
    etats_xlsx,
    fec_flux,
    fec_nom,
    livre_de_caisse_xlsx,
    livre_nom,
)
from ..models import (
    CategorieImmobilisation,
    Cloture,
    Immobilisation,
    MotifSortie,
    MouvementCaisse,
    ParametreCaisse,
    PieceCaisse,
    RappelCloture,
    StatutCloture,
)

GABARIT = "admin/tresorerie/formulaire.html"
CHAMP_DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "input_formats": ["%Y-%m-%d"]}


def _aujourd_hui():
    return timezone.localdate()


class _SansSuppression:
    def has_delete_permission(self, request, obj=None):
        return False


def _page(model_admin, request, titre, form, explication, statut=200):
    return page_formulaire(
        model_admin,
        request,
        titre=titre,
        form=form,
        explication=explication,
        gabarit=GABARIT,
        statut=400 if form.errors else statut,
    )


def _soumettre(form, appel):
    """Run `appel()` (a service); its refusals go on the form. True when it went through."""
    try:
        appel()
    except ValidationError as exc:
        erreurs_du_service(form, exc)
        return False
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
        return False
    return True


# --- parameters -----------------------------------------------------------------------------------------------------


@admin.register(ParametreCaisse)
class ParametreCaisseAdmin(_SansSuppression, ServiceAdmin):
    list_display = ("annee", "plafond")
    fields = ("annee", "plafond")

    def get_readonly_fields(self, request, obj=None):
        return ("annee",) if obj else ()

    def creer(self, request, donnees):
        return services.parametre_enregistrer(
            modele=ParametreCaisse,
            cle={"annee": donnees["annee"]},
            donnees={"plafond": donnees["plafond"]},
            champs=("plafond",),
            acte="tresorerie.parametres_enregistrer",
            par=request.user,
            today=_aujourd_hui(),
        )

    def modifier(self, request, obj, donnees, changes):
        return services.parametre_enregistrer(
            modele=ParametreCaisse,
            cle={"annee": obj.annee},
            donnees={"plafond": donnees["plafond"]},
            champs=("plafond",),
            acte="tresorerie.parametres_enregistrer",
            par=request.user,
            today=_aujourd_hui(),
        )


CHAMPS_CATEGORIE = ("libelle", "incorporelle", "duree_annees", "compte_immobilisation", "compte_amortissement")


@admin.register(CategorieImmobilisation)
class CategorieImmobilisationAdmin(_SansSuppression, ServiceAdmin):
    list_display = ("code", "libelle", "duree_annees", "compte_immobilisation", "compte_amortissement")
    list_select_related = ("compte_immobilisation", "compte_amortissement")
    fields = ("code", *CHAMPS_CATEGORIE)

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()

    def _enregistrer(self, request, code, donnees):
        return services.parametre_enregistrer(
            modele=CategorieImmobilisation,
            cle={"code": code},
            donnees={c: donnees[c] for c in CHAMPS_CATEGORIE if c in donnees},
            champs=CHAMPS_CATEGORIE,
            acte="tresorerie.parametres_enregistrer",
            par=request.user,
            today=_aujourd_hui(),
        )

    def creer(self, request, donnees):
        return self._enregistrer(request, donnees["code"], donnees)

    def modifier(self, request, obj, donnees, changes):
        return self._enregistrer(request, obj.code, {c: donnees[c] for c in changes if c in CHAMPS_CATEGORIE})


# --- cash box -------------------------------------------------------------------------------------------------------


class PieceCaisseEnLigne(admin.TabularInline):
    model = PieceCaisse
    extra = 0
    can_delete = False
    fields = ("telecharger", "type_contenu", "taille_lisible", "deposee_le", "deposee_par")
    readonly_fields = fields
    verbose_name_plural = "justificatifs"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="document")
    def telecharger(self, piece):
        url = reverse("admin:tresorerie_mouvementcaisse_piece", args=[piece.mouvement_id, piece.pk])
        return format_html('<a href="{}" download>{}</a>', url, piece.nom_original)

    @admin.display(description="taille")
    def taille_lisible(self, piece):
        return taille_lisible(piece.taille)


class MouvementCaisseForm(forms.ModelForm):
    fichier = forms.FileField(
        label="Justificatif", required=False, help_text="Reçu, facture, bordereau : PDF, JPEG ou PNG."
    )

    class Meta:
        model = MouvementCaisse
        fields = ("sens", "montant", "objet", "date", "compte")


class AnnulationForm(forms.Form):
    motif = forms.CharField(label="Motif de l'annulation", widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))
    date = forms.DateField(label="Date du contre-mouvement", **CHAMP_DATE)


class JustificatifForm(forms.Form):
    fichier = forms.FileField(label="Justificatif", help_text="PDF, JPEG ou PNG.")


class AnneeForm(forms.Form):
    annee = forms.IntegerField(label="Exercice", min_value=2000, max_value=2100)


class PeriodeForm(forms.Form):
    debut = forms.DateField(label="Du", **CHAMP_DATE)
    fin = forms.DateField(label="au", **CHAMP_DATE)


@admin.register(MouvementCaisse)
class MouvementCaisseAdmin(_SansSuppression, ServiceAdmin):
    form = MouvementCaisseForm
    list_display = ("numero", "date", "sens", "montant", "objet", "compte", "justifie", "annule")
    list_filter = ("sens",)
    search_fields = ("numero", "objet")
    date_hierarchy = "date"
    list_select_related = ("compte", "annule")
    inlines = [PieceCaisseEnLigne]
    change_list_template = "admin/tresorerie/mouvementcaisse/change_list.html"

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(nb_pieces=Count("pieces"))

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # the document of a new movement is its form's field

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("sens", "montant", "objet", "date", "compte", "fichier")
        return (
            "numero",
            "sens",
            "montant",
            "objet",
            "date",
            "compte",
            "annule",
            "motif_annulation",
            "saisi_par",
            "saisi_le",
            "liens",
        )

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj else ()

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    @admin.display(description="justificatif", boolean=True)
    def justifie(self, obj):
        return obj.annule_id is not None or getattr(obj, "nb_pieces", 0) > 0

    @admin.display(description="actions")
    def liens(self, obj):
        return format_html(
            '<a href="{}">Joindre un justificatif</a> · <a href="{}">Annuler par un contre-mouvement</a>',
            reverse("admin:tresorerie_mouvementcaisse_justificatif", args=[obj.pk]),
            reverse("admin:tresorerie_mouvementcaisse_annuler", args=[obj.pk]),
        )

    def creer(self, request, donnees):
        return services.mouvement_caisse_enregistrer(
            sens=donnees["sens"],
            montant=donnees["montant"],
            objet=donnees["objet"],
            date=donnees["date"],
            compte=donnees["compte"].numero if donnees.get("compte") else None,
            fichier=donnees.get("fichier"),
            par=request.user,
            today=_aujourd_hui(),
        )

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("livre/", vue(self.livre_view), name="tresorerie_mouvementcaisse_livre"),
            path("<int:object_id>/annuler/", vue(self.annuler_view), name="tresorerie_mouvementcaisse_annuler"),
            path(
                "<int:object_id>/justificatif/",
                vue(self.justificatif_view),
                name="tresorerie_mouvementcaisse_justificatif",
            ),
            path(
                "<int:object_id>/pieces/<int:piece_id>/", vue(self.piece_view), name="tresorerie_mouvementcaisse_piece"
            ),
            *super().get_urls(),
        ]

    def _retour(self, pk):
        return HttpResponseRedirect(reverse("admin:tresorerie_mouvementcaisse_change", args=[pk]))

    def annuler_view(self, request, object_id):
        mouvement = get_object_or_404(MouvementCaisse, pk=object_id)
        if not peut(request.user, "tresorerie.caisse_annuler"):
            raise PermissionDenied
        form = AnnulationForm(request.POST or None, initial={"date": _aujourd_hui()})
        if request.method == "POST" and form.is_valid():
            resultat = {}

            def appel():
                resultat["contre"] = services.mouvement_caisse_annuler(
                    mouvement_id=mouvement.pk, par=request.user, today=_aujourd_hui(), **form.cleaned_data
                )

            if _soumettre(form, appel):
                self.message_user(
                    request, f"Contre-mouvement {resultat['contre'].numero} enregistré.", messages.SUCCESS
                )
                return self._retour(resultat["contre"].pk)
        return _page(
            self,
            request,
            f"Annuler le mouvement {mouvement.numero}",
            form,
            f"{mouvement} : un contre-mouvement de même montant, en sens inverse, l'annule ; le mouvement reste au "
            "livre de caisse.",
        )

    def justificatif_view(self, request, object_id):
        mouvement = get_object_or_404(MouvementCaisse, pk=object_id)
        if not peut(request.user, "tresorerie.caisse_piece_deposer"):
            raise PermissionDenied
        form = JustificatifForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            appel = lambda: services.caisse_piece_deposer(  # noqa: E731
                mouvement_id=mouvement.pk, fichier=form.cleaned_data["fichier"], par=request.user, today=_aujourd_hui()
            )
            if _soumettre(form, appel):
                self.message_user(request, "Justificatif joint.", messages.SUCCESS)
                return self._retour(mouvement.pk)
        return _page(self, request, f"Justificatif du mouvement {mouvement.numero}", form, str(mouvement))

    def piece_view(self, request, object_id, piece_id):
        piece = get_object_or_404(PieceCaisse, pk=piece_id, mouvement_id=object_id)
        exiger(request.user, "tresorerie.caisse_piece_lire")
        return reponse_fichier(piece.fichier.name, nom=piece.nom_original, type_contenu=piece.type_contenu)

    def livre_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        exiger(request.user, "tresorerie.caisse_consulter")
        today = _aujourd_hui()
        donnees = (
            request.GET
            if "debut" in request.GET
            else {"debut": datetime.date(today.year, 1, 1).isoformat(), "fin": today.isoformat()}
        )
        form = PeriodeForm(donnees)
        livre = None
        if form.is_valid():
            livre = livre_de_caisse(debut=form.cleaned_data["debut"], fin=form.cleaned_data["fin"])
            if request.GET.get("export") == "xlsx":
                reponse = HttpResponse(livre_de_caisse_xlsx(livre), content_type=TYPE_XLSX)
                reponse["Content-Disposition"] = f'attachment; filename="{livre_nom(livre["debut"], livre["fin"])}"'
                return reponse
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Livre de caisse",
            "form": form,
            "livre": livre,
        }
        return TemplateResponse(request, "admin/tresorerie/livre_de_caisse.html", contexte)


# --- fixed assets ---------------------------------------------------------------------------------------------------


class ImmobilisationForm(forms.ModelForm):
    class Meta:
        model = Immobilisation
        fields = (
            "designation",
            "categorie",
            "valeur_origine",
            "date_acquisition",
            "date_mise_en_service",
            "fournisseur",
            "reference_facture",
        )


class SortieForm(forms.Form):
    motif = forms.ChoiceField(label="Motif", choices=MotifSortie.choices)
    date = forms.DateField(label="Date de sortie", **CHAMP_DATE)
    prix_cession = forms.DecimalField(
        label="Prix de cession",
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text="Pour une cession (0 si gratuite).",
    )


@admin.register(Immobilisation)
class ImmobilisationAdmin(_SansSuppression, ServiceAdmin):
    form = ImmobilisationForm
    list_display = ("numero", "designation", "categorie", "valeur_origine", "date_mise_en_service", "date_sortie")
    list_filter = ("categorie", "motif_sortie")
    search_fields = ("numero", "designation", "fournisseur")
    list_select_related = ("categorie",)
    change_list_template = "admin/tresorerie/immobilisation/change_list.html"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ImmobilisationForm._meta.fields
        return (
            "numero",
            *ImmobilisationForm._meta.fields,
            "duree_annees",
            "date_sortie",
            "motif_sortie",
            "prix_cession",
            "plan",
            "liens",
        )

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj else ()

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def creer(self, request, donnees):
        return services.immobilisation_enregistrer(
            designation=donnees["designation"],
            categorie=donnees["categorie"].code,
            valeur_origine=donnees["valeur_origine"],
            date_acquisition=donnees["date_acquisition"],
            date_mise_en_service=donnees["date_mise_en_service"],
            fournisseur=donnees.get("fournisseur", ""),
            reference_facture=donnees.get("reference_facture", ""),
            par=request.user,
            today=_aujourd_hui(),
        )

    @admin.display(description="plan d'amortissement")
    def plan(self, obj):
        lignes = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (a.annee, euros(a.base), euros(a.dotation), euros(a.cumul), euros(a.vnc))
                for a in plan_amortissement(obj)
            ),
        )
        return format_html(
            "<table><caption>Amortissement linéaire, prorata temporis (année de 360 jours)</caption><thead><tr>"
            '<th scope="col">Exercice</th><th scope="col">Base</th><th scope="col">Dotation</th>'
            '<th scope="col">Cumul</th><th scope="col">Valeur nette</th></tr></thead><tbody>{}</tbody></table>',
            lignes,
        )

    @admin.display(description="actions")
    def liens(self, obj):
        if obj.date_sortie:
            return "—"
        return format_html(
            '<a href="{}">Enregistrer la sortie (cession ou rebut)</a>',
            reverse("admin:tresorerie_immobilisation_sortie", args=[obj.pk]),
        )

    def get_urls(self):
        return [
            path(
                "amortissements/",
                self.admin_site.admin_view(self.amortissements_view),
                name="tresorerie_immobilisation_amortissements",
            ),
            path(
                "<int:object_id>/sortie/",
                self.admin_site.admin_view(self.sortie_view),
                name="tresorerie_immobilisation_sortie",
            ),
            *super().get_urls(),
        ]

    def amortissements_view(self, request):
        """The year's depreciation schedule (seed 002 L.II T.I 2.6): each asset's annuity, cumulated depreciation
        and net book value; the total is the year's dotation (6811 against the 28xx accounts). XLSX on request."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        exiger(request.user, "tresorerie.immobilisations_consulter")
        form = AnneeForm(request.GET if "annee" in request.GET else {"annee": _aujourd_hui().year})
        lignes, total, annee = [], None, None
        if form.is_valid():
            annee = form.cleaned_data["annee"]
            lignes = dotations_de_l_annee(annee)
            total = sum((lg["annuite"].dotation for lg in lignes), Decimal("0.00"))
            if request.GET.get("export") == "xlsx":
                reponse = HttpResponse(amortissements_xlsx(annee, lignes), content_type=TYPE_XLSX)
                reponse["Content-Disposition"] = f'attachment; filename="{amortissements_nom(annee)}"'
                return reponse
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Tableau des amortissements {annee or ''}".strip(),
            "form": form,
            "annee": annee,
            "lignes": lignes,
            "total": total,
        }
        return TemplateResponse(request, "admin/tresorerie/amortissements.html", contexte)

    def sortie_view(self, request, object_id):
        immo = get_object_or_404(Immobilisation, pk=object_id)
        if not peut(request.user, "tresorerie.immobilisation_sortir"):
            raise PermissionDenied
        form = SortieForm(request.POST or None, initial={"date": _aujourd_hui()})
        if request.method == "POST" and form.is_valid():
            appel = lambda: services.immobilisation_sortir(  # noqa: E731
                immobilisation_id=immo.pk, par=request.user, today=_aujourd_hui(), **form.cleaned_data
            )
            if _soumettre(form, appel):
                self.message_user(request, f"Sortie de {immo} enregistrée.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:tresorerie_immobilisation_change", args=[immo.pk]))
        return _page(self, request, f"Sortie de {immo}", form, "L'amortissement s'arrête à la date de sortie.")


# --- year-end -------------------------------------------------------------------------------------------------------


class ClotureForm(forms.ModelForm):
    class Meta:
        model = Cloture
        fields = ("annee",)


class DecisionForm(forms.Form):
    deliberation = forms.ModelChoiceField(
        label="Délibération de la plénière",
        queryset=Deliberation.objects.none(),
        error_messages={"required": "Citez la délibération de la séance plénière qui a statué."},
    )
    quitus = forms.BooleanField(
        label="Quitus donné au trésorier",
        required=False,
        initial=True,
        help_text="Décochez si la plénière a approuvé les comptes sans donner quitus.",
    )

    def __init__(self, *args, annee, **kwargs):
        super().__init__(*args, **kwargs)
        champ = self.fields["deliberation"]
        champ.queryset = (
            Deliberation.objects.filter(seance__type__in=TYPES_PLENIERS, seance__date__year=annee + 1)
            .select_related("seance")
            .order_by("-seance__date", "-sequence")
        )
        champ.label_from_instance = lambda d: (
            f"n° {d.numero} du {d.seance.date:%d/%m/%Y} : {d.objet} ({'adoptée' if d.adoptee else 'rejetée'})"
        )


@admin.register(Cloture)
class ClotureAdmin(_SansSuppression, ServiceAdmin):
    form = ClotureForm
    list_display = ("annee", "statut", "arretee_le", "statuee_le", "deliberation", "quitus")
    list_filter = ("statut",)
    list_select_related = ("deliberation",)
    actions = ["arreter", "exporter_fec", "exporter_xlsx"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("annee",)
        return (
            "annee",
            "statut",
            "arretee_le",
            "arretee_par",
            "deliberation",
            "quitus",
            "statuee_le",
            "statuee_par",
            "resume",
            "liens",
        )

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj else ()

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_arreter_permission(self, request):
        return peut(request.user, "tresorerie.cloture_arreter")

    def has_exporter_permission(self, request):
        return peut(request.user, "tresorerie.cloture_consulter")

    has_exporter_fec_permission = has_exporter_xlsx_permission = has_exporter_permission

    def creer(self, request, donnees):
        return services.cloture_arreter(annee=donnees["annee"], par=request.user, today=_aujourd_hui())

    @admin.display(description="états financiers arrêtés")
    def resume(self, obj):
        if not obj.etats:
            return "—"
        etats = etats_depuis_json(obj.etats)
        cr, bilan = etats["resultat"], etats["bilan"]
        return format_html(
            "Produits {} · charges {} · résultat <strong>{}</strong><br>Total du bilan {} (actif immobilisé net {})",
            euros(cr["total_produits"]),
            euros(cr["total_charges"]),
            euros(cr["resultat"]),
            euros(bilan["total_actif"]),
            euros(bilan["actif_immobilise_net"]),
        )

    @admin.display(description="actions")
    def liens(self, obj):
        if obj.statut != StatutCloture.ARRETEE:
            return "—"
        return format_html(
            '<a href="{}">Enregistrer la décision de la plénière</a>',
            reverse("admin:tresorerie_cloture_decision", args=[obj.pk]),
        )

    @admin.action(description="Calculer et arrêter les états financiers", permissions=["arreter"])
    def arreter(self, request, queryset):
        for cloture in queryset.order_by("annee"):
            try:
                services.cloture_arreter(annee=cloture.annee, par=request.user, today=_aujourd_hui())
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])), messages.ERROR)
            else:
                self.message_user(request, f"États financiers {cloture.annee} arrêtés.", messages.SUCCESS)

    def _une(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choisissez un seul exercice.", messages.ERROR)
            return None
        return queryset.get()

    @admin.action(description="Exporter le FEC (fichier des écritures comptables)", permissions=["exporter_fec"])
    def exporter_fec(self, request, queryset):
        cloture = self._une(request, queryset)
        if cloture is None:
            return None
        exiger(request.user, "tresorerie.cloture_consulter")
        reponse = StreamingHttpResponse(fec_flux(cloture.annee), content_type="text/plain; charset=iso-8859-15")
        reponse["Content-Disposition"] = f'attachment; filename="{fec_nom(cloture.annee)}"'
        return reponse

    @admin.action(description="Exporter les états financiers en XLSX", permissions=["exporter_xlsx"])
    def exporter_xlsx(self, request, queryset):
        cloture = self._une(request, queryset)
        if cloture is None:
            return None
        exiger(request.user, "tresorerie.cloture_consulter")
        etats = etats_depuis_json(cloture.etats) if cloture.etats else etats_financiers(cloture.annee)
        reponse = HttpResponse(etats_xlsx(etats), content_type=TYPE_XLSX)
        reponse["Content-Disposition"] = f'attachment; filename="{etats_nom(cloture.annee)}"'
        return reponse

    def get_urls(self):
        return [
            path(
                "<int:object_id>/decision/",
                self.admin_site.admin_view(self.decision_view),
                name="tresorerie_cloture_decision",
            ),
            *super().get_urls(),
        ]

    def decision_view(self, request, object_id):
        cloture = get_object_or_404(Cloture, pk=object_id)
        if not peut(request.user, "tresorerie.cloture_statuer"):
            raise PermissionDenied
        form = DecisionForm(request.POST or None, annee=cloture.annee)
        if request.method == "POST" and form.is_valid():
            appel = lambda: services.cloture_statuer(  # noqa: E731
                annee=cloture.annee,
                deliberation_id=form.cleaned_data["deliberation"].pk,
                quitus=form.cleaned_data["quitus"],
                par=request.user,
                today=_aujourd_hui(),
            )
            if _soumettre(form, appel):
                cloture.refresh_from_db()
                self.message_user(request, f"{cloture} : {cloture.get_statut_display()}.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:tresorerie_cloture_change", args=[cloture.pk]))
        return _page(
            self,
            request,
            f"Décision de la plénière sur les comptes {cloture.annee}",
            form,
            "Une délibération adoptée (et le quitus donné) approuve les comptes et clôt l'exercice ; une délibération "
            "rejetée, ou le quitus refusé, est signalée sur-le-champ aux services de la trésorerie du conseil national.",
        )


@admin.register(RappelCloture)
class RappelClotureAdmin(_SansSuppression, ServiceAdmin):
    list_display = ("annee", "etape", "date", "destinataires")
    list_filter = ("etape",)
    readonly_fields = ("annee", "etape", "date", "destinataires")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
