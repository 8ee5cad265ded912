"""The espace's declaration form: French labels; the rules are the service's."""

from django import forms

from .models import AuteurIncident, LieuIncident, TypeIncident


class IncidentForm(forms.Form):
    required_css_class = "requis"

    date = forms.DateField(
        label="Date des faits",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Elle ne peut pas être dans le futur.",
    )
    commune = forms.CharField(label="Commune", max_length=200)
    lieu = forms.ChoiceField(label="Lieu", choices=LieuIncident.choices, widget=forms.RadioSelect)
    types = forms.MultipleChoiceField(
        label="Type de violence",
        choices=TypeIncident.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Cochez tout ce qui s'applique.",
    )
    auteur = forms.ChoiceField(label="Auteur", choices=AuteurIncident.choices, widget=forms.RadioSelect)
    plainte_deposee = forms.BooleanField(label="J'ai déposé plainte", required=False)
    main_courante = forms.BooleanField(label="J'ai fait une déclaration de main courante", required=False)
    description = forms.CharField(
        label="Ce qui s'est passé",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Votre récit reste confidentiel : seuls la commission vigilance-violences-sécurité et le service "
        "habilité le lisent, et chaque lecture est enregistrée. N'y nommez pas le patient.",
    )
