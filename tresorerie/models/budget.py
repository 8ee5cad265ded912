"""The budget prévisionnel of a year and its lines (seed 002 L.II T.I 1.1 and 2.3): prepared in autumn by the
secrétaire général with the trésorier, adopted by the plenary in its budget session, sent to the CNOM by 20
October, adjusted to the CNOM's dotation principale (T.IV 1), amended (avenant) in plenary.

A line's available credit = voted (`montant`, the adopted figure plus the amendments) + credit transfers in − out
− engaged (`tresorerie.selectors.disponible`). The line row is what a service locks before it counts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .commun import argent
from .plan import CompteComptable


class StatutBudget(models.TextChoices):
    PREPARATION = "preparation", "En préparation"
    ADOPTE = "adopte", "Adopté en séance plénière"
    TRANSMIS = "transmis", "Transmis au conseil national"
    CLOS = "clos", "Exercice clos"


class Budget(models.Model):
    annee = models.PositiveSmallIntegerField("exercice", unique=True)
    statut = models.CharField("statut", max_length=12, choices=StatutBudget.choices, default=StatutBudget.PREPARATION)
    deliberation = models.ForeignKey(
        "gouvernance.Deliberation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budgets_adoptes",
        verbose_name="délibération d'adoption",
    )
    adopte_le = models.DateField("adopté le", null=True, blank=True)
    # Seed 002 L.II T.I 2.3 b): the ceiling of the exceptional urgent expenses the président may authorise, fixed
    # each year by the plenary in the budget session (above it: an extraordinary session).
    plafond_depenses_urgentes = argent("plafond des dépenses exceptionnelles urgentes", default=0)
    prepare_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="préparé par",
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    # Seed 002 L.II T.I 1.1: sent to the CNOM by 20 October of the year before (late: flagged, see selectors).
    transmis_le = models.DateField("transmis au conseil national le", null=True, blank=True)
    # Seed 002 L.II T.IV 1: the CNOM notifies the dotation principale; the council adjusts its budget (line 7401).
    dotation_principale = argent("dotation principale notifiée", null=True, blank=True)
    dotation_notifiee_le = models.DateField("dotation notifiée le", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "budget prévisionnel"
        verbose_name_plural = "budgets prévisionnels"
        ordering = ["-annee"]

    def __str__(self):
        return f"Budget prévisionnel {self.annee}"


class LigneBudgetaire(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="lignes")
    compte = models.ForeignKey(
        CompteComptable, on_delete=models.PROTECT, related_name="lignes_budgetaires", verbose_name="rubrique"
    )
    libelle = models.CharField("libellé", max_length=200, blank=True)
    montant = argent("crédits votés", default=0, help_text="Le montant adopté, avenants compris.")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "ligne budgétaire"
        verbose_name_plural = "lignes budgétaires"
        ordering = ["budget", "compte__numero"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "compte"], name="ligne_budgetaire_une_par_rubrique"),
            models.CheckConstraint(condition=Q(montant__gte=0), name="ligne_budgetaire_montant_positif"),
        ]

    def __str__(self):
        return f"{self.budget.annee} · {self.compte.numero} {self.libelle or self.compte.libelle}"
