"""The fixed-asset register (seed 002 L.II T.I 2.4 a: « Les conseils tiennent un inventaire régulièrement mis à jour
de leurs biens et équipements mobiliers »; 2.6: the straight-line depreciation periods).

- `CategorieImmobilisation`: the parameter table of the categories (software 1 year, building 25, office and IT
  equipment 5, furniture and fittings 10), each with its asset account (2xxx) and its depreciation account
  (28xx); initial data in migration 0003_cloture, editable in the admin.
- `Immobilisation`: one asset of the inventory. Its period is copied from its category when it is recorded, so a
  later change of the table does not rewrite the plan of an asset already depreciating. Disposal (cession or
  rebut) is recorded on the asset with its date (and the price of a sale); the asset stays in the register.

The plan d'amortissement is computed, not stored (tresorerie/comptabilite.py `plan_amortissement`): straight line,
pro rata temporis from the date put into service on a 360-day year (months of 30 days), the last annuity the
remainder so that the plan adds up to the value to the cent."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from .commun import argent
from .plan import CompteComptable


class CategorieImmobilisation(models.Model):
    code = models.CharField("code", max_length=30, unique=True)
    libelle = models.CharField("libellé", max_length=100)
    incorporelle = models.BooleanField("immobilisation incorporelle", default=False)
    duree_annees = models.PositiveSmallIntegerField("durée d'amortissement (années)")
    compte_immobilisation = models.ForeignKey(
        CompteComptable, on_delete=models.PROTECT, related_name="+", verbose_name="compte d'immobilisation (2xxx)"
    )
    compte_amortissement = models.ForeignKey(
        CompteComptable, on_delete=models.PROTECT, related_name="+", verbose_name="compte d'amortissement (28xx)"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "catégorie d'immobilisation"
        verbose_name_plural = "catégories d'immobilisations"
        ordering = ["duree_annees", "libelle"]
        constraints = [models.CheckConstraint(condition=Q(duree_annees__gte=1), name="categorie_duree_positive")]

    def __str__(self):
        return f"{self.libelle} ({self.duree_annees} an{'s' if self.duree_annees > 1 else ''})"


class MotifSortie(models.TextChoices):
    CESSION = "cession", "Cession"
    REBUT = "rebut", "Mise au rebut (destruction, vol, perte)"


class Immobilisation(models.Model):
    numero = models.CharField("numéro d'inventaire", max_length=20, blank=True)
    designation = models.CharField("désignation", max_length=200)
    categorie = models.ForeignKey(
        CategorieImmobilisation, on_delete=models.PROTECT, related_name="immobilisations", verbose_name="catégorie"
    )
    duree_annees = models.PositiveSmallIntegerField("durée d'amortissement (années)")
    valeur_origine = argent("valeur d'origine (TTC)")
    date_acquisition = models.DateField("date d'acquisition")
    date_mise_en_service = models.DateField("date de mise en service")
    fournisseur = models.CharField("fournisseur", max_length=200, blank=True)
    reference_facture = models.CharField("référence de la facture", max_length=100, blank=True)
    date_sortie = models.DateField("date de sortie", null=True, blank=True)
    motif_sortie = models.CharField("motif de sortie", max_length=10, choices=MotifSortie.choices, blank=True)
    prix_cession = argent("prix de cession", null=True, blank=True)
    sortie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="sortie enregistrée par",
    )
    enregistree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="enregistrée par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "immobilisation"
        verbose_name_plural = "registre des immobilisations"
        ordering = ["-date_mise_en_service", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(valeur_origine__gt=0), name="immobilisation_valeur_positive"),
            models.CheckConstraint(
                condition=Q(date_mise_en_service__gte=F("date_acquisition")),
                name="immobilisation_service_apres_acquisition",
            ),
            models.CheckConstraint(
                condition=(Q(date_sortie__isnull=True) & Q(motif_sortie=""))
                | (Q(date_sortie__isnull=False) & ~Q(motif_sortie="")),
                name="immobilisation_sortie_datee_et_motivee",
            ),
            models.CheckConstraint(
                condition=Q(date_sortie__isnull=True) | Q(date_sortie__gte=F("date_mise_en_service")),
                name="immobilisation_sortie_apres_service",
            ),
            models.CheckConstraint(
                condition=Q(prix_cession__isnull=True) | Q(prix_cession__gte=0), name="immobilisation_prix_positif"
            ),
        ]

    def __str__(self):
        return f"{self.numero or self.pk} · {self.designation}"
