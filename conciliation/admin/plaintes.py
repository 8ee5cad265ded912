"""The complaints in the back-office (conc-noyau): the list shows only what the user may read (the service
juridique, a superuser); each change page, history page and past version is a logged read; the file's conciliators, meetings
with their PV, documents and declared links inline, read-only; every act is a form that calls its service."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from commun.admin import VIDE, ServiceAdmin
from commun.chiffrement import reponse_fichier_chiffre
from commun.fichiers import taille_lisible
from commun.formulaires import erreurs_du_service
from config.perms import exiger, peut

from .. import selectors, services
from ..models import (
    Conciliateur,
    IssueConciliation,
    LienDeclare,
    PiecePlainte,
    Plainte,
    Reunion,
)

GABARIT = "admin/conciliation/formulaire.html"
CHAMP_DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "input_formats": ["%Y-%m-%d"]}


def _aujourd_hui():
    return timezone.localdate()


class _EnLecture(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ConciliateurInline(_EnLecture):
    model = Conciliateur
    fields = ("membre", "designe_le", "retire_le", "motif_retrait")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("membre__medecin", "plainte")


class ReunionInline(_EnLecture):
    model = Reunion
    fields = ("date", "heure", "lieu", "hors_delai", "issue_du_pv", "desaccords_du_pv")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("proces_verbal", "plainte")

    @admin.display(description="issue du procès-verbal")
    def issue_du_pv(self, reunion):
        pv = getattr(reunion, "proces_verbal", None)
        return pv.get_issue_display() if pv else "Pas encore de procès-verbal"

    @admin.display(description="points de désaccord")
    def desaccords_du_pv(self, reunion):
        pv = getattr(reunion, "proces_verbal", None)
        return (pv.desaccords or VIDE) if pv else VIDE


class PieceInline(_EnLecture):
    model = PiecePlainte
    fields = ("document", "type_contenu", "poids", "deposee_le")
    readonly_fields = fields

    @admin.display(description="document")
    def document(self, piece):
        url = reverse("admin:conciliation_plainte_piece", args=[piece.plainte_id, piece.pk])
        return format_html('<a href="{}">{}</a>', url, piece.nom_original)

    @admin.display(description="taille")
    def poids(self, piece):
        return taille_lisible(piece.taille)


class LienInline(_EnLecture):
    model = LienDeclare
    fields = ("membre", "description", "declare_le")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("membre__medecin", "plainte")


# --- the acts' forms ---


class ClasserForm(forms.Form):
    motif = forms.CharField(label="Motif du classement", widget=forms.Textarea(attrs={"rows": 4}))


class ConciliateursForm(forms.Form):
    membres = forms.ModelMultipleChoiceField(
        label="Conciliateurs",
        queryset=None,
        help_text="Les membres de la commission de conciliation ce jour ; ni le médecin mis en cause, ni un membre "
        "lié à une partie.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membres"].queryset = _membres_en_fonction()


def _membres_en_fonction():
    from gouvernance.models import Membre
    from gouvernance.selectors import couvre

    return Membre.objects.filter(couvre(_aujourd_hui())).select_related("medecin").order_by("medecin__nom")


class LienForm(forms.Form):
    membre = forms.ModelChoiceField(label="Membre", queryset=None)
    description = forms.CharField(label="Nature du lien avec une partie", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membre"].queryset = _membres_en_fonction()


class ReunionForm(forms.Form):
    date = forms.DateField(label="Date", **CHAMP_DATE)
    heure = forms.TimeField(label="Heure", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    lieu = forms.CharField(label="Lieu", max_length=300)


class ProcesVerbalForm(forms.Form):
    reunion = forms.ModelChoiceField(label="Réunion", queryset=Reunion.objects.none())
    issue = forms.ChoiceField(label="Issue", choices=IssueConciliation.choices)
    desaccords = forms.CharField(
        label="Points de désaccord subsistants",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Obligatoires pour une conciliation partielle ou un échec.",
    )
    accord = forms.CharField(label="Termes de l'accord", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, plainte, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reunion"].queryset = plainte.reunions.filter(proces_verbal__isnull=True).order_by("date")


class TransmettreForm(forms.Form):
    deliberation = forms.ModelChoiceField(label="Délibération de la séance plénière", queryset=None)
    avis = forms.CharField(
        label="Avis motivé du conseil",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Les éléments de droit et de fait : une formule type ne suffit pas.",
    )
    conseil_se_joint = forms.BooleanField(label="Le conseil s'associe à la plainte", required=False)

    def __init__(self, *args, plainte, **kwargs):
        super().__init__(*args, **kwargs)
        from gouvernance.models import TYPES_PLENIERS, Deliberation

        self.fields["deliberation"].queryset = (
            Deliberation.objects.filter(
                seance__type__in=TYPES_PLENIERS, adoptee=True, seance__date__gte=plainte.date_enregistrement
            )
            .select_related("seance")
            .order_by("-seance__date", "-sequence")
        )


def _classer(plainte, d, par, today):
    services.plainte_classer(plainte_id=plainte.pk, motif=d["motif"], par=par, today=today)


def _conciliateurs(plainte, d, par, today):
    services.conciliateurs_designer(plainte_id=plainte.pk, membres=[m.pk for m in d["membres"]], par=par, today=today)


def _lien(plainte, d, par, today):
    services.lien_declarer(
        plainte_id=plainte.pk, membre_id=d["membre"].pk, description=d["description"], par=par, today=today
    )


def _reunion(plainte, d, par, today):
    services.reunion_fixer(
        plainte_id=plainte.pk, date=d["date"], heure=d["heure"], lieu=d["lieu"], par=par, today=today
    )


def _proces_verbal(plainte, d, par, today):
    services.proces_verbal_etablir(
        reunion_id=d["reunion"].pk,
        issue=d["issue"],
        desaccords=d["desaccords"],
        accord=d["accord"],
        par=par,
        today=today,
    )


def _transmettre(plainte, d, par, today):
    services.plainte_transmettre(
        plainte_id=plainte.pk,
        deliberation_id=d["deliberation"].pk,
        avis=d["avis"],
        conseil_se_joint=d["conseil_se_joint"],
        par=par,
        today=today,
    )


# name → (title, explanation, form, needs the file, service call, permission act)
ACTES = {
    "classer": (
        "Classer la doléance ou le signalement",
        "Seule une doléance ou un signalement se classe ; une plainte est conciliée ou transmise.",
        ClasserForm,
        False,
        _classer,
        "conciliation.plainte_classer",
    ),
    "conciliateurs": (
        "Désigner les conciliateurs",
        "Le président désigne les conciliateurs parmi les membres de la commission de conciliation ce jour.",
        ConciliateursForm,
        False,
        _conciliateurs,
        "conciliation.conciliateurs_designer",
    ),
    "lien": (
        "Déclarer le lien d'un membre avec une partie",
        "Le membre se déporte : il ne concilie pas ce dossier et ne vote pas sa transmission.",
        LienForm,
        False,
        _lien,
        "conciliation.lien_declarer",
    ),
    "reunion": (
        "Fixer la réunion de conciliation",
        "Dans le mois de l'enregistrement ; une réunion plus tardive est enregistrée et signalée hors délai.",
        ReunionForm,
        False,
        _reunion,
        "conciliation.reunion_fixer",
    ),
    "proces_verbal": (
        "Établir le procès-verbal de conciliation",
        "Son issue fait avancer le dossier : conciliée, à transmettre ou retirée.",
        ProcesVerbalForm,
        True,
        _proces_verbal,
        "conciliation.proces_verbal_etablir",
    ),
    "transmettre": (
        "Transmettre à la chambre disciplinaire de première instance",
        "Sur la délibération de la séance plénière, avec l'avis motivé du conseil.",
        TransmettreForm,
        True,
        _transmettre,
        "conciliation.plainte_transmettre",
    ),
}


class PlainteAdminForm(forms.ModelForm):
    class Meta:
        model = Plainte
        fields = [
            "nature",
            "medecin",
            "plaignant_nom",
            "plaignant_qualite",
            "plaignant_medecin",
            "plaignant_email",
            "plaignant_adresse",
            "objet",
            "recue_le",
            "date_enregistrement",
        ]
        widgets = {"recue_le": CHAMP_DATE["widget"], "date_enregistrement": CHAMP_DATE["widget"]}


@admin.register(Plainte)
class PlainteAdmin(ServiceAdmin):
    form = PlainteAdminForm
    list_display = (
        "numero",
        "nature",
        "statut",
        "medecin",
        "date_enregistrement",
        "echeance_conciliation",
        "echeance_transmission",
        "depaysement",
        "transmission_hors_delai",
    )
    list_filter = ("statut", "nature", "depaysement")
    search_fields = ("numero", "medecin__nom", "medecin__rpps")
    raw_id_fields = ("medecin", "plaignant_medecin")
    list_select_related = ("medecin",)
    inlines = [ConciliateurInline, ReunionInline, PieceInline, LienInline]
    actions = ["requalifier"]
    change_form_template = "admin/conciliation/plainte/change_form.html"
    CHAMPS_LECTURE = (
        "numero",
        "nature",
        "nature_initiale",
        "statut",
        "medecin",
        "plaignant_nom",
        "plaignant_qualite",
        "plaignant_medecin",
        "plaignant_email",
        "plaignant_adresse",
        "objet",
        "recue_le",
        "date_enregistrement",
        "echeance_conciliation",
        "echeance_transmission",
        "depaysement",
        "motif_classement",
        "deliberation",
        "avis",
        "conseil_se_joint",
        "date_transmission",
        "transmission_hors_delai",
    )

    def get_queryset(self, request):
        return selectors.plaintes_lisibles(user=request.user, date=_aujourd_hui()).select_related("medecin")

    def get_fields(self, request, obj=None):
        return self.CHAMPS_LECTURE if obj else PlainteAdminForm.Meta.fields

    def get_readonly_fields(self, request, obj=None):
        return self.CHAMPS_LECTURE if obj else ()

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def has_delete_permission(self, request, obj=None):
        return False  # the register tells the truth: a file is closed, never deleted

    def creer(self, request, donnees):
        return services.plainte_enregistrer(**donnees, par=request.user, today=_aujourd_hui())

    def _lisible(self, request, object_id) -> Plainte:
        plainte = self.get_queryset(request).filter(pk=object_id).first() if str(object_id).isdigit() else None
        if plainte is None:
            raise Http404("Ce dossier n'existe pas, ou vous n'avez pas à le lire.")
        exiger(request.user, "conciliation.plainte_lire", objet=plainte, date=_aujourd_hui(), lecture=True)
        return plainte

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        plainte = self._lisible(request, object_id)
        aujourd_hui = _aujourd_hui()
        extra_context = {
            **(extra_context or {}),
            "actes_plainte": [
                (reverse(f"admin:conciliation_plainte_{nom}", args=[plainte.pk]), titre)
                for nom, (titre, _e, _f, _p, _s, acte) in ACTES.items()
                if peut(request.user, acte, objet=plainte, date=aujourd_hui)
            ],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, {**(extra_context or {}), "actes_plainte": []})

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        self._lisible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version shows the file's confidential text: the same check as the change page (a party, a
        non-reader gets 404), and a logged read."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        self._lisible(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_urls(self):
        actes = [
            path(
                f"<int:object_id>/{nom}/",
                self.admin_site.admin_view(self._vue_acte(nom)),
                name=f"conciliation_plainte_{nom}",
            )
            for nom in ACTES
        ]
        return [
            *actes,
            path(
                "<int:object_id>/pieces/<int:piece_id>/",
                self.admin_site.admin_view(self.piece_view),
                name="conciliation_plainte_piece",
            ),
            *super().get_urls(),
        ]

    def piece_view(self, request, object_id, piece_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        plainte = self.get_queryset(request).filter(pk=object_id).first()
        if plainte is None:
            raise Http404("Ce dossier n'existe pas, ou vous n'avez pas à le lire.")
        piece = get_object_or_404(plainte.pieces.all(), pk=piece_id)
        exiger(request.user, "conciliation.plainte_lire", objet=piece, date=_aujourd_hui(), lecture=True)
        return reponse_fichier_chiffre(piece.fichier.name, nom=piece.nom_original, type_contenu=piece.type_contenu)

    def _vue_acte(self, nom):
        titre, explication, formulaire, avec_plainte, appel, _acte = ACTES[nom]

        def vue(request, object_id):
            if not self.has_change_permission(request):
                raise PermissionDenied
            plainte = self._lisible(request, object_id)
            extra = {"plainte": plainte} if avec_plainte else {}
            form = formulaire(request.POST or None, **extra)
            if request.method == "POST" and form.is_valid():
                try:
                    appel(plainte, form.cleaned_data, request.user, _aujourd_hui())
                except ValidationError as exc:
                    erreurs_du_service(form, exc)
                except PermissionDenied as exc:
                    form.add_error(None, str(exc))
                else:
                    self.message_user(request, f"{titre} : c'est fait.", messages.SUCCESS)
                    return HttpResponseRedirect(reverse("admin:conciliation_plainte_change", args=[plainte.pk]))
            contexte = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": titre,
                "explication": explication,
                "form": form,
                "plainte": plainte,
                "media": self.media + form.media,
            }
            return TemplateResponse(request, GABARIT, contexte, status=400 if form.errors else 200)

        return vue

    @admin.action(description="Requalifier en plainte (le délai légal part de ce jour)", permissions=["change"])
    def requalifier(self, request, queryset):
        faites = 0
        for plainte in queryset:
            try:
                services.plainte_requalifier(plainte_id=plainte.pk, par=request.user, today=_aujourd_hui())
                faites += 1
            except (ValidationError, PermissionDenied) as exc:
                message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                self.message_user(request, f"{plainte.numero} : {message}", messages.ERROR)
        if faites:
            self.message_user(request, f"{faites} dossier(s) requalifié(s) en plainte.", messages.SUCCESS)
