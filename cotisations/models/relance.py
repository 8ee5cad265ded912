"""The reminder calendar's letters (DOMAIN.md 2, seed 002 L.II T.III 2.2): one row per dues record and step, so a
step never goes twice to the same debtor (the unique constraint is the guard, not a flag)."""

from decimal import Decimal

from django.db import models
from simple_history.models import HistoricalRecords

from .cotisation import Cotisation, _argent


class EtapeRelance(models.TextChoices):
    """The steps in calendar order (CONTRACT.md: `rappel`, `lrar1`, `lrar2`, `injonction`)."""

    RAPPEL = "rappel", "Rappel par lettre simple (15 avril)"
    LRAR1 = "lrar1", "Lettre recommandée avec accusé de réception (1er juin)"
    LRAR2 = "lrar2", "Seconde lettre recommandée, avant poursuites (1er décembre)"
    INJONCTION = "injonction", "Requête en injonction de payer (janvier N+1)"


class Relance(models.Model):
    """One step of the calendar sent to one debtor: the letter's date, the postage it claims (added to the dues'
    `frais`) and, for a registered letter, its tracking number (typed or imported)."""

    cotisation = models.ForeignKey(Cotisation, on_delete=models.PROTECT, related_name="relances")
    etape = models.CharField("étape", max_length=12, choices=EtapeRelance.choices)
    date = models.DateField("date de la lettre")
    frais = _argent("frais réclamés par cette lettre", default=Decimal("0.00"))
    numero_suivi = models.CharField("numéro de suivi du recommandé", max_length=40, blank=True)
    numero_suivi_le = models.DateField("numéro de suivi saisi le", null=True, blank=True)
    # The court request only (étape injonction): the plenary's decision it rests on, the legal interest it claims
    # (computed on the date of the request from the first registered letter) and the court it is addressed to.
    deliberation = models.ForeignKey(
        "gouvernance.Deliberation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="injonctions",
        verbose_name="délibération de la plénière",
    )
    interets = _argent("intérêts au taux légal", default=Decimal("0.00"))
    tribunal = models.CharField("juridiction saisie", max_length=255, blank=True)
    creee_le = models.DateTimeField("enregistrée le", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "relance"
        ordering = ["cotisation", "date", "id"]
        permissions = [("demander_relance", "Peut demander les injonctions de payer (après délibération)")]
        constraints = [
            models.UniqueConstraint(
                fields=["cotisation", "etape"],
                name="relance_unique_par_etape",
                violation_error_message="Cette étape de relance a déjà été envoyée pour cette cotisation.",
            ),
            models.CheckConstraint(
                condition=models.Q(etape="injonction") | models.Q(deliberation__isnull=True),
                name="relance_deliberation_injonction",
                violation_error_message="Seule une requête en injonction de payer cite la délibération.",
            ),
            models.CheckConstraint(
                condition=models.Q(etape="injonction", deliberation__isnull=False) | ~models.Q(etape="injonction"),
                name="relance_injonction_deliberee",
                violation_error_message="Une requête en injonction de payer cite la délibération de la plénière.",
            ),
        ]
        indexes = [models.Index(fields=["etape", "date"], name="relance_etape_date_idx")]

    def __str__(self):
        return f"{self.get_etape_display()} – {self.cotisation}"
