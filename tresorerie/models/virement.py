"""Credit transfers between headings (fongibilité, seed 002 L.II T.I 2.3 a), the amendments voted in plenary
(avenants) and the budget's yearly parameters.

- A `Virement` moves credit from one expense line to another of the same budget: decided by the ordonnateur on the
  trésorier's proposal, the total unchanged; above the year's threshold (`ParametreBudget.seuil_virement`) only
  through an `Avenant` voted in plenary, which it cites (an amendment authorises one transfer).
- An `Avenant` is a plenary's adopted deliberation that changes voted credits (`LigneAvenant.variation`, added to
  `LigneBudgetaire.montant`, which is « le montant adopté, avenants compris »).
- `ParametreBudget`: one row per budget year (data, never constants), edited in the admin through
  `services.parametre_enregistrer`."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from .budget import Budget, LigneBudgetaire
from .commun import argent


class ParametreBudget(models.Model):
    annee = models.PositiveSmallIntegerField("exercice", unique=True)
    seuil_virement = argent(
        "seuil d'un virement substantiel",
        help_text="Au-delà de ce montant, un virement de crédits n'est possible que par un avenant voté en séance "
        "plénière (règlement de trésorerie, titre I, 2.3 a).",
    )
    delai_rappel_cnom = models.PositiveSmallIntegerField(
        "rappel de la transmission au conseil national (jours avant le 20 octobre)",
        help_text="Le secrétaire général et le trésorier reçoivent un rappel ce nombre de jours avant l'échéance.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "paramètres budgétaires de l'année"
        verbose_name_plural = "paramètres budgétaires"
        ordering = ["-annee"]

    def __str__(self):
        return f"Paramètres budgétaires {self.annee}"


class Avenant(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="avenants")
    numero = models.PositiveSmallIntegerField("avenant n°")
    objet = models.CharField("objet", max_length=255)
    deliberation = models.ForeignKey(
        "gouvernance.Deliberation",
        on_delete=models.PROTECT,
        related_name="avenants_budget",
        verbose_name="délibération de la séance plénière",
    )
    adopte_le = models.DateField("voté le")
    enregistre_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="enregistré par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "avenant au budget"
        verbose_name_plural = "avenants au budget"
        ordering = ["budget", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "numero"], name="avenant_numero_unique"),
            models.UniqueConstraint(fields=["deliberation"], name="avenant_une_deliberation"),
        ]

    def __str__(self):
        return f"Avenant n° {self.numero} au budget {self.budget.annee} · {self.objet}"


class LigneAvenant(models.Model):
    avenant = models.ForeignKey(Avenant, on_delete=models.PROTECT, related_name="lignes")
    ligne = models.ForeignKey(
        LigneBudgetaire, on_delete=models.PROTECT, related_name="avenants", verbose_name="ligne budgétaire"
    )
    variation = argent("variation des crédits", help_text="Positive : crédits ajoutés ; négative : crédits retirés.")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "ligne d'avenant"
        verbose_name_plural = "lignes d'avenant"
        ordering = ["avenant", "ligne__compte__numero"]
        constraints = [
            models.UniqueConstraint(fields=["avenant", "ligne"], name="ligne_avenant_une_par_ligne"),
            models.CheckConstraint(condition=~Q(variation=0), name="ligne_avenant_variation_non_nulle"),
        ]

    def __str__(self):
        return f"{self.avenant} · {self.ligne.compte.numero} {self.variation:+}"


class Virement(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="virements")
    de = models.ForeignKey(
        LigneBudgetaire, on_delete=models.PROTECT, related_name="virements_sortants", verbose_name="de la rubrique"
    )
    vers = models.ForeignKey(
        LigneBudgetaire, on_delete=models.PROTECT, related_name="virements_entrants", verbose_name="vers la rubrique"
    )
    montant = argent("montant")
    date = models.DateField("décidé le")
    motif = models.TextField("motif", blank=True)
    propose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="proposé par (trésorier)",
    )
    decide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="décidé par (ordonnateur)",
    )
    avenant = models.ForeignKey(
        Avenant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="virements",
        verbose_name="avenant voté en séance plénière",
    )
    cree_le = models.DateTimeField("enregistré le", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "virement de crédits"
        verbose_name_plural = "virements de crédits"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(montant__gt=0), name="virement_montant_positif"),
            models.CheckConstraint(condition=~Q(de=F("vers")), name="virement_deux_rubriques"),
            models.UniqueConstraint(
                fields=["avenant"], condition=Q(avenant__isnull=False), name="virement_un_par_avenant"
            ),
        ]

    def __str__(self):
        return f"Virement de {self.montant} € · {self.de.compte.numero} → {self.vers.compte.numero}"
