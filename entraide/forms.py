"""The espace's guided questionnaire of a request for mutual aid (built from entraide/questionnaire.py) and the
documents' form. They parse and label in French; the service judges (the answers, the documents by content)."""

from django import forms

from commun.fichiers import TYPES_DOCUMENTS, verifier_fichier
from commun.formulaires import PlusieursFichiersField

from . import questionnaire as q
from .models import Beneficiaire, NatureDifficulte

AIDE_PIECES = (
    "PDF, JPEG ou PNG, {taille} au plus par fichier ; vous pouvez en choisir plusieurs. Par exemple : avis "
    "d'imposition, relevés de compte, échéanciers de vos créanciers, jugement d'ouverture d'une procédure."
)
PREFIXE = "q_"


def premier_controle(fichiers):
    """Every document checked before anything is written (the service checks each again): one bad file among
    several leaves no request, no row and no file."""
    erreurs = []
    for fichier in fichiers or []:
        try:
            verifier_fichier(fichier, types=TYPES_DOCUMENTS, champ="fichiers")
        except forms.ValidationError as exc:
            erreurs.extend(exc.message_dict["fichiers"])
    if erreurs:
        raise forms.ValidationError(erreurs)
    return fichiers


def champ_de(question: q.Question) -> forms.Field:
    attrs = {}
    if question.genre == "choix":
        widget = forms.Select(choices=[("", "—")] + list(question.choix))
    elif question.genre == "long":
        widget = forms.Textarea(attrs={"rows": 3})
    elif question.genre == "date":
        widget = forms.DateInput(attrs={"type": "date"})
    else:
        if question.genre in ("montant", "entier"):
            attrs = {"inputmode": "decimal" if question.genre == "montant" else "numeric"}
        widget = forms.TextInput(attrs=attrs)
    return forms.CharField(label=question.libelle, help_text=question.aide, required=False, widget=widget)


class DemandeEntraideForm(forms.Form):
    required_css_class = "requis"

    beneficiaire = forms.ChoiceField(
        label="Pour qui demandez-vous de l'aide ?",
        choices=Beneficiaire.choices,
        initial=Beneficiaire.MEDECIN,
        widget=forms.RadioSelect,
        error_messages={"required": "Dites pour qui l'aide est demandée."},
    )
    beneficiaire_nom = forms.CharField(
        label="Nom et lien de l'ayant droit",
        required=False,
        max_length=200,
        help_text="Si la demande est pour un proche : son nom et son lien avec vous (conjoint, enfant…).",
    )
    natures = forms.MultipleChoiceField(
        label="Nature des difficultés",
        choices=NatureDifficulte.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins une nature de difficulté."},
    )
    situation = forms.CharField(
        label="Exposé de votre situation",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Ce qui vous arrive, depuis quand, ce qui presse. Seule la commission d'entraide le lira.",
        error_messages={"required": "Décrivez votre situation : c'est ce que la commission lira en premier."},
    )
    fichiers = PlusieursFichiersField(label="Pièces justificatives (facultatif)", required=False)

    def __init__(self, *args, taille_max: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        for rubrique in q.RUBRIQUES:
            for question in rubrique.questions:
                self.fields[PREFIXE + question.cle] = champ_de(question)
        self.fields["fichiers"].help_text = AIDE_PIECES.format(taille=taille_max)

    def clean(self):
        donnees = super().clean()
        reponses, erreurs = q.normaliser(
            {cle.removeprefix(PREFIXE): v for cle, v in donnees.items() if cle.startswith(PREFIXE)}
        )
        for cle, message in erreurs.items():
            self.add_error(PREFIXE + cle, message)
        if (
            donnees.get("beneficiaire") == Beneficiaire.AYANT_DROIT
            and not (donnees.get("beneficiaire_nom") or "").strip()
        ):
            self.add_error("beneficiaire_nom", "Nommez l'ayant droit pour qui l'aide est demandée.")
        donnees["questionnaire"] = reponses
        return donnees

    def clean_fichiers(self):
        return premier_controle(self.cleaned_data["fichiers"])

    def champs_generaux(self):
        return [self[n] for n in ("beneficiaire", "beneficiaire_nom", "natures", "situation")]

    def rubriques(self):
        return [(r.titre, r.cle, [self[PREFIXE + question.cle] for question in r.questions]) for r in q.RUBRIQUES]


class PiecesEntraideForm(forms.Form):
    fichiers = PlusieursFichiersField(
        label="Pièces justificatives", error_messages={"required": "Choisissez au moins un document."}
    )

    def __init__(self, *args, taille_max: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fichiers"].help_text = AIDE_PIECES.format(taille=taille_max)

    def clean_fichiers(self):
        return premier_controle(self.cleaned_data["fichiers"])
