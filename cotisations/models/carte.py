"""Card payments of the dues through django-payments (issue 10 point 4): one row per attempt a doctor starts from
the espace médecin, for the amount he chose (at most the balance). The provider's confirmation records the
`Paiement` (mode `cb`) through `paiement_enregistrer`; the provider's transaction id is unique, so a replayed
notification records nothing more."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from payments import PaymentStatus, PurchasedItem
from payments.models import BasePayment
from simple_history.models import HistoricalRecords

from .cotisation import Cotisation, Paiement

DEVISE = "EUR"


class SuiteCarte(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente de la confirmation de la banque"
    ENREGISTRE = "enregistre", "Paiement enregistré"
    A_REMBOURSER = "a_rembourser", "Payé en trop : à rembourser ou à vérifier"
    REFUSE = "refuse", "Refusé ou abandonné"
    REMBOURSE = "rembourse", "Remboursé au payeur"


ETATS_BANQUE = [
    (PaymentStatus.WAITING, "En attente"),
    (PaymentStatus.PREAUTH, "Pré-autorisé"),
    (PaymentStatus.CONFIRMED, "Confirmé par la banque"),
    (PaymentStatus.REJECTED, "Refusé"),
    (PaymentStatus.REFUNDED, "Remboursé"),
    (PaymentStatus.ERROR, "Erreur"),
    (PaymentStatus.INPUT, "Saisie en cours"),
]


class PaiementCarte(BasePayment):
    """One card payment started from the espace médecin (django-payments' payment model, PAYMENT_MODEL). The
    fields of django-payments the back-office shows are declared again here with their French names."""

    variant = models.CharField("prestataire de paiement", max_length=255)
    status = models.CharField("état chez la banque", max_length=10, choices=ETATS_BANQUE, default=PaymentStatus.WAITING)
    created = models.DateTimeField("commencé le", auto_now_add=True)
    modified = models.DateTimeField("mis à jour le", auto_now=True)
    transaction_id = models.CharField("transaction de la banque", max_length=255, blank=True)
    currency = models.CharField("devise", max_length=10)
    total = models.DecimalField("montant", max_digits=9, decimal_places=2, default="0.0")
    message = models.TextField("message de la banque", blank=True, default="")

    cotisation = models.ForeignKey(
        Cotisation, on_delete=models.PROTECT, related_name="paiements_carte", verbose_name="cotisation"
    )
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="demandé par"
    )
    suite = models.CharField("suite donnée", max_length=12, choices=SuiteCarte.choices, default=SuiteCarte.EN_ATTENTE)
    paiement = models.OneToOneField(
        Paiement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="paiement_carte",
        verbose_name="paiement enregistré",
    )
    motif_revue = models.TextField("motif du remboursement ou de la vérification", blank=True)
    # The refund of a payment kept « à rembourser », recorded by the treasury once the bank made it.
    rembourse_le = models.DateField("remboursé le", null=True, blank=True)
    reference_remboursement = models.CharField(
        "référence du remboursement",
        max_length=100,
        blank=True,
        help_text="Celle du virement ou de l'opération de la banque.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "paiement par carte"
        verbose_name_plural = "paiements par carte"
        ordering = ["-created", "-id"]
        permissions = [("rembourser_paiementcarte", "Peut enregistrer le remboursement d'un paiement par carte")]
        constraints = [
            # The provider's transaction id once only: a replayed notification cannot record a second payment.
            models.UniqueConstraint(
                fields=["transaction_id"],
                condition=~Q(transaction_id=""),
                name="paiementcarte_transaction_unique",
                violation_error_message="Cette transaction de la banque est déjà enregistrée.",
            ),
            models.UniqueConstraint(fields=["token"], condition=~Q(token=""), name="paiementcarte_jeton_unique"),
            models.CheckConstraint(
                condition=Q(total__gt=0) & Q(currency=DEVISE),
                name="paiementcarte_montant_positif_en_euros",
                violation_error_message="Un paiement par carte est d'un montant positif, en euros.",
            ),
            models.CheckConstraint(
                condition=~Q(suite=SuiteCarte.ENREGISTRE) | Q(paiement__isnull=False),
                name="paiementcarte_enregistre_a_son_paiement",
                violation_error_message="Un paiement par carte enregistré renvoie à son paiement.",
            ),
            # A refund says when and by which bank operation; it never carries a recorded payment.
            models.CheckConstraint(
                condition=~Q(suite=SuiteCarte.REMBOURSE)
                | (Q(rembourse_le__isnull=False) & ~Q(reference_remboursement="") & Q(paiement__isnull=True)),
                name="paiementcarte_rembourse_date_et_reference",
                violation_error_message="Un remboursement a sa date et sa référence, et aucun paiement enregistré.",
            ),
        ]

    def __str__(self):
        return f"Paiement par carte de {self.total} € ({self.cotisation})"

    def chemin_retour(self) -> str:
        """The espace page that says whether the payment is recorded or still awaited."""
        return reverse("cotisations_espace:carte_retour", args=[self.pk])

    def _lien_retour(self) -> str:
        # Absolute: the provider's own pages (Stripe Checkout) send the doctor back there.
        return settings.SITE_URL.rstrip("/") + self.chemin_retour()

    def get_success_url(self) -> str:
        return self._lien_retour()

    def get_failure_url(self) -> str:
        return self._lien_retour()

    def get_purchased_items(self):
        yield PurchasedItem(
            name=f"Cotisation ordinale {self.cotisation.annee}",
            quantity=1,
            price=self.total,
            currency=DEVISE,
            sku=self.cotisation.reference,
        )
