"""The espace's forms of territorial solidarity (labels in French; the services judge)."""

from django import forms

from .models import Lieu


class VolontariatForm(forms.Form):
    required_css_class = "requis"

    lieux = forms.ModelMultipleChoiceField(
        label="Lieux de solidarité territoriale souhaités",
        queryset=Lieu.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un lieu."},
    )
    creneaux_souhaites = forms.CharField(
        label="Créneaux souhaités",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Par exemple : un samedi par mois, ou les mardis matin.",
    )
    lieu_exercice_principal = forms.CharField(
        label="Lieu d'exercice principal",
        required=False,
        max_length=255,
        help_text="Le plus récent si vous êtes retraité.",
    )

    def __init__(self, *args, lieux=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lieux"].queryset = lieux if lieux is not None else Lieu.objects.filter(actif=True)
