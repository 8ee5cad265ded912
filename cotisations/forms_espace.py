"""The espace médecin's form of the card payment: the amount, parsed here, judged by the service."""

from django import forms


class MontantForm(forms.Form):
    montant = forms.DecimalField(
        label="Montant à payer (en euros)",
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text="Au plus le reste à payer, indiqué par défaut ; par exemple 120,50.",
        error_messages={
            "required": "Indiquez le montant à payer.",
            "invalid": "Indiquez un montant en euros, par exemple 120,50.",
            "max_decimal_places": "Indiquez un montant au centime près (deux décimales au plus).",
            "max_digits": "Ce montant est trop grand.",
            "max_whole_digits": "Ce montant est trop grand.",
        },
    )
