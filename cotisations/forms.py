"""Forms of the dues' pages: they parse and label in French; the services judge (rates, documents by content)."""

from django import forms
from django.core.exceptions import ValidationError

from commun.fichiers import TYPES_DOCUMENTS, verifier_fichier
from commun.formulaires import PlusieursFichiersField
from commun.templatetags.francais import euros

from .models import TauxDemande

TAUX_INVALIDE = "L'exonération pour insuffisance de ressources est de 50 %% ou de 100 %%, rien d'autre."
AIDE_PIECES = (
    "PDF, JPEG ou PNG, {taille} au plus par fichier ; vous pouvez en choisir plusieurs. Par exemple : avis "
    "d'imposition, attestation de l'URSSAF ou de la CARMF, relevé d'activité, arrêt de travail."
)


def _premier_controle(fichiers):
    """The documents' checks shown with the form's other errors at once (the service checks them again)."""
    erreurs = []
    for fichier in fichiers or []:
        try:
            verifier_fichier(fichier, types=TYPES_DOCUMENTS, champ="fichiers")
        except ValidationError as exc:
            erreurs.extend(exc.message_dict["fichiers"])
    if erreurs:
        raise forms.ValidationError(erreurs)
    return fichiers


class DemandeExonerationForm(forms.Form):
    required_css_class = "requis"

    cotisation = forms.TypedChoiceField(
        label="Cotisation concernée",
        coerce=int,
        error_messages={
            "required": "Choisissez la cotisation dont vous demandez l'exonération.",
            "invalid_choice": "Choisissez une de vos cotisations restant à payer.",
        },
    )
    taux_demande = forms.TypedChoiceField(
        label="Exonération demandée",
        choices=TauxDemande.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une exonération de 50 % ou de 100 %.", "invalid_choice": TAUX_INVALIDE},
    )
    expose = forms.CharField(
        label="Exposé de votre situation professionnelle",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Le conseil n'apprécie que votre situation professionnelle : activité, revenus professionnels, "
        "événement qui l'a changée.",
        error_messages={"required": "Exposez votre situation professionnelle."},
    )
    fichiers = PlusieursFichiersField(
        label="Pièces justificatives",
        error_messages={"required": "Joignez au moins un document (PDF, JPEG ou PNG)."},
    )

    def __init__(self, *args, cotisations=(), taille_max: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cotisation"].choices = [("", "Choisissez…")] + [
            (c.pk, f"Cotisation {c.annee} : reste à payer {euros(c.solde)}") for c in cotisations
        ]
        self.fields["fichiers"].help_text = AIDE_PIECES.format(taille=taille_max)

    def clean_fichiers(self):
        return _premier_controle(self.cleaned_data["fichiers"])


class CompleterDemandeForm(forms.Form):
    fichiers = PlusieursFichiersField(label="Pièces complémentaires", required=False)
    complement = forms.CharField(
        label="Précisions (facultatif)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ce que vous souhaitez ajouter à votre exposé, en réponse à la demande du conseil.",
    )

    def __init__(self, *args, taille_max: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fichiers"].help_text = AIDE_PIECES.format(taille=taille_max)

    def clean_fichiers(self):
        return _premier_controle(self.cleaned_data["fichiers"])
