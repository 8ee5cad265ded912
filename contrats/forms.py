"""The espace's form to send a contract: French labels; the rules (PDF by content, date, delay) are the service's."""

from django import forms

from .models import TypeContrat


class ContratForm(forms.Form):
    required_css_class = "requis"

    type = forms.ChoiceField(label="Type de contrat", choices=TypeContrat.choices, widget=forms.RadioSelect)
    date_signature = forms.DateField(
        label="Date de signature",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Le contrat se communique dans le mois qui suit sa signature (article L4113-9 du code de la santé "
        "publique).",
    )
    fichier = forms.FileField(
        label="Le contrat signé (PDF)",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        help_text="Un fichier PDF, toutes pages et signatures comprises.",
    )
