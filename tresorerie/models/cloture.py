"""The year-end (seed 002 L.II T.I 1.2): « Avant le 28 février, les conseils départementaux [...] établissent les
états financiers relatifs à l'exécution du budget de l'année écoulée et à leur situation financière : bilan et
compte de résultats [...] soumis à l'assemblée plénière du conseil pour approbation et quitus au trésorier qui doit
être donné au plus tard avant la fin du 1er trimestre [...]. Dans le cas où les comptes ne seraient pas adoptés ou
le quitus ne serait pas donné au trésorier, les services de la trésorerie du conseil national doivent en être
immédiatement informés. »

- `Cloture`: the closing of year N: computed (arrêtée) by the trésorier, the income statement and balance sheet
  kept as a snapshot (`etats`, JSON: the figures the plenary voted on, whatever is recorded later), then decided
  by the plenary (a deliberation of a plenary session of N+1): approved with quitus, or refused (the CNOM is
  e-mailed at once). Once approved, no operation dated in N may be recorded in the cash box.
- `RappelCloture`: one reminder of the calendar sent to the trésorier (UNIQUE (annee, etape): a re-run of the
  calendar sends nothing twice).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class StatutCloture(models.TextChoices):
    OUVERTE = "ouverte", "En préparation"
    ARRETEE = "arretee", "États financiers arrêtés"
    APPROUVEE = "approuvee", "Approuvée en plénière, quitus donné"
    REFUSEE = "refusee", "Comptes non approuvés ou quitus refusé"


class Cloture(models.Model):
    annee = models.PositiveSmallIntegerField("exercice", unique=True)
    statut = models.CharField("statut", max_length=10, choices=StatutCloture.choices, default=StatutCloture.OUVERTE)
    etats = models.JSONField("états financiers (instantané)", default=dict, blank=True)
    arretee_le = models.DateField("arrêtée le", null=True, blank=True)
    arretee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="arrêtée par",
    )
    deliberation = models.ForeignKey(
        "gouvernance.Deliberation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clotures",
        verbose_name="délibération de la plénière",
    )
    quitus = models.BooleanField("quitus donné au trésorier", null=True, blank=True)
    statuee_le = models.DateField("décision de la plénière le", null=True, blank=True)
    statuee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="décision enregistrée par",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "clôture d'exercice"
        verbose_name_plural = "clôtures d'exercice"
        ordering = ["-annee"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(statut__in=["approuvee", "refusee"]) | Q(deliberation__isnull=False),
                name="cloture_decision_cite_sa_deliberation",
            ),
        ]

    def __str__(self):
        return f"Clôture de l'exercice {self.annee}"


class EtapeRappel(models.TextChoices):
    ETATS_1 = "etats_1", "États financiers à établir (premier rappel)"
    ETATS_2 = "etats_2", "États financiers à établir (dernier rappel)"
    APPROBATION = "approbation", "Approbation et quitus en plénière à obtenir"


class RappelCloture(models.Model):
    annee = models.PositiveSmallIntegerField("exercice")
    etape = models.CharField("étape", max_length=12, choices=EtapeRappel.choices)
    date = models.DateField("date")
    destinataires = models.CharField("destinataires", max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "rappel de clôture"
        verbose_name_plural = "rappels de clôture"
        ordering = ["-annee", "date"]
        constraints = [models.UniqueConstraint(fields=["annee", "etape"], name="rappel_cloture_unique")]

    def __str__(self):
        return f"{self.get_etape_display()} · exercice {self.annee}"
