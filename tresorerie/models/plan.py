"""The accounting plan the CNOM imposes on every council (seed 002 L.II T.I 2.5: « suivre le plan comptable mis en
annexe »; any adaptation needs the CNOM's prior agreement). Loaded as initial data (migration 0002), editable in
the admin. The budget's headings (rubriques) are accounts of classes 6 (charges) and 7 (produits); classes 1 to 5
carry the balance sheet of the year-end."""

from django.db import models
from simple_history.models import HistoricalRecords


class NatureCompte(models.TextChoices):
    CHARGE = "charge", "Charge (classe 6)"
    PRODUIT = "produit", "Produit (classe 7)"
    BILAN = "bilan", "Compte de bilan (classes 1 à 5)"


class CompteComptable(models.Model):
    numero = models.CharField("numéro de compte", max_length=10, unique=True)
    libelle = models.CharField("libellé", max_length=200)
    nature = models.CharField("nature", max_length=10, choices=NatureCompte.choices)
    budgetaire = models.BooleanField(
        "rubrique budgétaire", default=False, help_text="Peut porter une ligne du budget prévisionnel."
    )
    actif = models.BooleanField("actif", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "compte du plan comptable"
        verbose_name_plural = "plan comptable"
        ordering = ["numero"]

    def __str__(self):
        return f"{self.numero} – {self.libelle}"

    @property
    def classe(self) -> int:
        return int(self.numero[0])
