"""Forms of the ads' pages: they parse and label in French; the rules are annonces.services'."""

from django import forms

from .models import Categorie, Sens


class RechercheAnnoncesForm(forms.Form):
    categorie = forms.ChoiceField(
        label="Catégorie", required=False, choices=[("", "Toutes les catégories"), *Categorie.choices]
    )
    sens = forms.ChoiceField(label="Offre ou recherche", required=False, choices=[("", "Les deux"), *Sens.choices])
    commune = forms.CharField(
        label="Commune",
        required=False,
        max_length=100,
        help_text="Tout ou partie du nom, par exemple « Sarlat » ; les accents ne comptent pas.",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "address-level2"}),
    )


class AnnonceForm(forms.Form):
    required_css_class = "requis"

    categorie = forms.ChoiceField(label="Catégorie", choices=Categorie.choices)
    sens = forms.ChoiceField(
        label="Vous proposez ou vous cherchez ?",
        choices=Sens.choices,
        widget=forms.RadioSelect,
        help_text="Une offre (vous cherchez un remplaçant, un successeur…) ou une recherche (vous cherchez un poste).",
    )
    titre = forms.CharField(label="Titre de l'annonce", max_length=150)
    texte = forms.CharField(
        label="Texte de l'annonce",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="N'y écrivez ni votre adresse ni votre téléphone : les médecins intéressés vous écrivent par le "
        "formulaire de l'annonce, sans voir votre adresse.",
    )
    commune = forms.CharField(
        label="Commune", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "address-level2"})
    )
    date_debut = forms.DateField(
        label="Date de début", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_fin = forms.DateField(
        label="Date de fin",
        required=False,
        help_text="Facultative. L'annonce n'est plus affichée après cette date.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class MessageAnnonceForm(forms.Form):
    required_css_class = "requis"

    texte = forms.CharField(
        label="Votre message à l'auteur de l'annonce",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Il lui est envoyé par courriel avec votre nom et votre adresse, pour qu'il vous réponde. Son "
        "adresse ne vous est pas communiquée.",
    )
