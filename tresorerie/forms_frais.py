"""Forms of the expense claims' pages: they parse and label in French; the services judge (caps, scale, receipts)."""

from django import forms
from django.core.exceptions import ValidationError

from .models import TypeFrais
from .services import LigneSaisie


class NoteFraisForm(forms.Form):
    required_css_class = "requis"

    objet = forms.CharField(
        label="Objet du déplacement",
        required=False,
        max_length=255,
        help_text="Par exemple : séance plénière du 10 mars, commission de conciliation.",
    )
    vehicule_cv = forms.IntegerField(
        label="Puissance fiscale du véhicule (CV)",
        required=False,
        min_value=1,
        max_value=99,
        help_text="Rubrique P.6 de la carte grise ; seulement si vous demandez des indemnités kilométriques.",
    )


class LigneFraisForm(forms.Form):
    """One line; a line left entirely empty is skipped."""

    type = forms.ChoiceField(
        label="Nature de la dépense", choices=[("", "— choisir —"), *TypeFrais.choices], required=False
    )
    date = forms.DateField(
        label="Date", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    montant = forms.DecimalField(
        label="Montant payé (€)",
        required=False,
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text="Tel qu'il figure sur le justificatif ; vide pour des kilomètres (calculés sur le barème fiscal).",
    )
    km = forms.IntegerField(
        label="Distance aller-retour (km)", required=False, min_value=1, help_text="Pour des indemnités kilométriques."
    )
    libelle = forms.CharField(label="Précision", required=False, max_length=200)

    def vide(self) -> bool:
        donnees = getattr(self, "cleaned_data", {}) or {}
        return not any(donnees.get(c) not in (None, "") for c in ("type", "date", "montant", "km", "libelle"))

    def clean(self):
        donnees = super().clean()
        if not self.vide():
            if not donnees.get("type"):
                self.add_error("type", "Choisissez la nature de la dépense.")
            if not donnees.get("date") and "date" not in self.errors:
                self.add_error("date", "Indiquez la date de la dépense.")
        return donnees

    def saisie(self) -> LigneSaisie:
        d = self.cleaned_data
        return LigneSaisie(
            type=d["type"], date=d["date"], montant=d.get("montant"), km=d.get("km"), libelle=d.get("libelle") or ""
        )


class _LignesBase(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if all(form.vide() for form in self.forms):
            raise ValidationError("Ajoutez au moins une ligne de frais.")

    def remplies(self):
        return [form for form in self.forms if not form.vide()]


LignesFormSet = forms.formset_factory(LigneFraisForm, formset=_LignesBase, extra=4, max_num=20, validate_max=True)


class JustificatifForm(forms.Form):
    required_css_class = "requis"

    ligne = forms.ChoiceField(label="Ligne justifiée")
    fichier = forms.FileField(label="Justificatif (PDF, JPEG ou PNG)")

    def __init__(self, *args, lignes=(), taille_max: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ligne"].choices = [
            (str(lg.pk), f"{lg.get_type_display()} du {lg.date:%d/%m/%Y}" + (f" – {lg.libelle}" if lg.libelle else ""))
            for lg in lignes
        ]
        self.fields[
            "fichier"
        ].help_text = (
            f"{taille_max} au plus. Pour des kilomètres : la convocation à la réunion ou l'itinéraire imprimé."
        )


class RenvoiForm(forms.Form):
    required_css_class = "requis"

    motif = forms.CharField(
        label="Ce que le membre doit corriger", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
