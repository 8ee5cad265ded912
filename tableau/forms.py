"""Forms of the espace médecin and the annuaire: they parse input; the rules live in tableau.services."""

import unicodedata

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db.models import Q

from .models import DeclarationPerteOrdonnances
from .validators import valider_code_postal, valider_telephone

User = get_user_model()


class ConnexionForm(AuthenticationForm):
    """Doctors log in with their RPPS number (CONTRACT.md: username = RPPS)."""

    required_css_class = "requis"

    error_messages = {
        "invalid_login": "Numéro RPPS ou mot de passe incorrect. Vérifiez votre saisie (11 chiffres pour le "
        "numéro RPPS) ; en cas d'oubli, choisissez « Mot de passe oublié ».",
        "inactive": "Ce compte est désactivé. Contactez le service du tableau du conseil.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Numéro RPPS"
        self.fields["username"].help_text = "Les 11 chiffres de votre numéro RPPS."
        # No autofocus: a keyboard or screen-reader user starts at the top, with the skip link (RGAA 12.7).
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "inputmode": "numeric"})
        self.fields["password"].label = "Mot de passe"


class CoordonneesForm(forms.Form):
    """What a doctor may correct on their own record (tableau.models.CHAMPS_COORDONNEES)."""

    adresse_correspondance = forms.CharField(
        label="Adresse de correspondance",
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    code_postal_correspondance = forms.CharField(
        label="Code postal de correspondance",
        max_length=5,
        required=False,
        validators=[valider_code_postal],
        help_text="5 chiffres, par exemple 24000.",
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    ville_correspondance = forms.CharField(
        label="Ville de correspondance",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    adresse_professionnelle = forms.CharField(label="Adresse professionnelle", max_length=255, required=False)
    code_postal_professionnel = forms.CharField(
        label="Code postal professionnel",
        max_length=5,
        required=False,
        validators=[valider_code_postal],
        help_text="5 chiffres, par exemple 24000.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    ville_professionnelle = forms.CharField(label="Ville professionnelle", max_length=100, required=False)
    telephone = forms.CharField(
        label="Téléphone",
        max_length=20,
        required=False,
        validators=[valider_telephone],  # the model field's own validator: the same rule and message at every door
        help_text="Par exemple 05 53 00 00 00.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label="Adresse électronique",
        required=False,
        help_text="Par exemple prenom.nom@exemple.fr.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class OppositionAnnuaireForm(forms.Form):
    """The doctor's choice about the public annuaire (tableau.services.medecin_opposition_annuaire)."""

    opposition = forms.TypedChoiceField(
        label="Mes coordonnées professionnelles dans l'annuaire public",
        choices=[
            ("non", "Publier mon adresse et mon téléphone professionnels"),
            ("oui", "Je m'oppose à la publication de mon adresse et de mon téléphone"),
        ],
        coerce=lambda valeur: valeur == "oui",
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez si vos coordonnées sont publiées ou non."},
    )


class DeclarationPerteForm(forms.ModelForm):
    required_css_class = "requis"

    class Meta:
        model = DeclarationPerteOrdonnances
        fields = ["nature", "date_faits", "lieu", "numeros", "quantite", "plainte_deposee", "circonstances"]
        widgets = {
            "nature": forms.RadioSelect,
            "date_faits": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "circonstances": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"date_faits": "Elle ne peut pas être dans le futur."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nature"].choices = DeclarationPerteOrdonnances.Nature.choices  # radio buttons: no blank choice


class ReinitialisationForm(PasswordResetForm):
    """Reset by RPPS or e-mail. Unlike Django's form, an account still waiting for its first password (created
    by `compte_medecin` without --password) may ask for a new link: it is the same token and confirm page."""

    email = forms.CharField(
        label="Numéro RPPS ou adresse électronique",
        max_length=254,
        help_text="Un lien pour choisir un nouveau mot de passe sera envoyé à l'adresse électronique de votre fiche.",
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )

    def get_users(self, email):
        valeur = (email or "").strip()
        if not valeur:
            return []
        users = User._default_manager.filter(Q(username=valeur) | Q(email__iexact=valeur), is_active=True)
        return [u for u in users if u.email and (u.username == valeur or _casefold(u.email) == _casefold(valeur))]


def _casefold(texte: str) -> str:
    return unicodedata.normalize("NFKC", texte).casefold()


class RechercheAnnuaireForm(forms.Form):
    """Every word typed must match; accents and capitals do not matter (tableau.selectors.annuaire)."""

    q = forms.CharField(
        label="Nom ou numéro RPPS",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    ville = forms.CharField(label="Ville", required=False, max_length=100)
    specialite = forms.CharField(
        label="Spécialité",
        required=False,
        max_length=100,
        help_text="Par exemple pédiatrie ou médecine générale.",
    )
