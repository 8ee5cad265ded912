"""The forms of the elected members' pages of the expense chain (espace/tresorerie/): they parse and label in
French; the rules (role on the date, order of the steps, documents, amounts) are the services', whose refusals show
beside the field they name (commun.formulaires.erreurs_du_service)."""

from django import forms

from commun.fichiers import taille_lisible, taille_max_par_defaut

from .models import ModeReglement


class MontantFormField(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault(
            "error_messages",
            {
                "required": "Indiquez le montant arrêté au vu des factures.",
                "invalid": "Saisissez un montant en euros, par exemple 1200,50.",
                "max_decimal_places": "Le montant se saisit au centime près (deux décimales au plus).",
                "max_digits": "Ce montant est trop grand.",
            },
        )
        super().__init__(localize=True, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})


class LiquiderForm(forms.Form):
    required_css_class = "requis"
    montant = MontantFormField(
        label="Montant liquidé (en euros)",
        help_text="Le montant de la dette, vérifié sur les factures et le service fait ; au plus le montant engagé.",
    )


class PayerForm(forms.Form):
    required_css_class = "requis"
    mode = forms.ChoiceField(
        label="Mode de règlement",
        choices=[("", "Choisissez…"), *ModeReglement.choices],
        error_messages={"required": "Choisissez le mode de règlement."},
    )
    date = forms.DateField(
        label="Date du paiement",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Indiquez la date du paiement.", "invalid": "Saisissez une date valide."},
    )


class PieceForm(forms.Form):
    required_css_class = "requis"
    fichier = forms.FileField(
        label="Pièce justificative",
        error_messages={"required": "Choisissez le document à joindre (facture, devis, mémoire)."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fichier"].help_text = (
            f"PDF, JPEG ou PNG, {taille_lisible(taille_max_par_defaut())} au plus : le type est jugé sur le contenu "
            "du fichier, pas sur son nom."
        )
