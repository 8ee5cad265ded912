"""The expense chain (seed 002 L.II T.I 2.1-2.2): engagement → liquidation → ordonnancement → paiement, each step
by its own role on its date (ordonnateur = the secrétaire général or his substitute; liquidateur, never the member
who engaged; ordonnateur; trésorier or the trésorier adjoint), dated and signed by its user, with supporting
documents. The segregation of duties also holds in the database (CheckConstraints below)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from .budget import LigneBudgetaire
from .commun import argent


class StatutEngagement(models.TextChoices):
    ENGAGE = "engage", "Engagée"
    LIQUIDE = "liquide", "Liquidée"
    ORDONNANCE = "ordonnance", "Ordonnancée"
    PAYE = "paye", "Payée"
    ANNULE = "annule", "Annulée"


# The chain, as data (the only moves a service may make).
TRANSITIONS_ENGAGEMENT = {
    StatutEngagement.ENGAGE: {StatutEngagement.LIQUIDE, StatutEngagement.ANNULE},
    StatutEngagement.LIQUIDE: {StatutEngagement.ORDONNANCE},
    StatutEngagement.ORDONNANCE: {StatutEngagement.PAYE},
    StatutEngagement.PAYE: set(),
    StatutEngagement.ANNULE: set(),
}


class ModeReglement(models.TextChoices):
    VIREMENT = "virement", "Virement"
    CHEQUE = "cheque", "Chèque"
    CARTE = "carte", "Carte bancaire du conseil"
    ESPECES = "especes", "Espèces (caisse)"
    PRELEVEMENT = "prelevement", "Prélèvement"


def _utilisateur(libelle, related_name="+"):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=libelle,
    )


class Engagement(models.Model):
    ligne = models.ForeignKey(
        LigneBudgetaire, on_delete=models.PROTECT, related_name="engagements", verbose_name="ligne budgétaire"
    )
    numero = models.CharField("numéro", max_length=20, blank=True)
    objet = models.CharField("objet", max_length=255)
    tiers = models.CharField("tiers (fournisseur, bénéficiaire)", max_length=200)
    montant = argent("montant engagé")
    montant_liquide = argent("montant liquidé", null=True, blank=True)
    statut = models.CharField(
        "statut", max_length=12, choices=StatutEngagement.choices, default=StatutEngagement.ENGAGE
    )
    # Each step: its business date and its signatory (the user who performed it, his role checked on that date).
    engage_le = models.DateField("engagée le")
    engage_par = _utilisateur("engagée par (ordonnateur)")
    liquide_le = models.DateField("liquidée le", null=True, blank=True)
    liquide_par = _utilisateur("liquidée par (liquidateur)")
    ordonnance_le = models.DateField("ordonnancée le", null=True, blank=True)
    ordonnance_par = _utilisateur("ordonnancée par (ordonnateur)")
    paye_le = models.DateField("payée le", null=True, blank=True)
    paye_par = _utilisateur("payée par (trésorier)")
    mode_reglement = models.CharField("mode de règlement", max_length=12, choices=ModeReglement.choices, blank=True)
    annule_le = models.DateField("annulée le", null=True, blank=True)
    annule_par = _utilisateur("annulée par")
    motif_annulation = models.TextField("motif de l'annulation", blank=True)
    # Exceptional urgent expense (seed 002 L.II T.I 2.3 b) and replacement of a destroyed or stolen asset (T.IV 2).
    urgente = models.BooleanField("dépense exceptionnelle urgente", default=False)
    autorisee_par = _utilisateur("autorisée par (président)")
    remplacement_bien = models.BooleanField("remplacement d'un bien (cession, destruction, vol, rebut)", default=False)
    demande_dotation_complementaire = models.BooleanField(
        "à présenter à la commission des dotations complémentaires", default=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "engagement de dépense"
        verbose_name_plural = "engagements de dépense"
        ordering = ["-engage_le", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(montant__gt=0), name="engagement_montant_positif"),
            models.CheckConstraint(
                condition=Q(montant_liquide__isnull=True) | Q(montant_liquide__gte=0),
                name="engagement_montant_liquide_positif",
            ),
            # Segregation of duties, held by the database too (seed 002 L.II T.I 2.2).
            models.CheckConstraint(
                condition=Q(liquide_par__isnull=True) | ~Q(liquide_par=F("engage_par")),
                name="engagement_liquidateur_n_a_pas_engage",
            ),
            models.CheckConstraint(
                condition=Q(paye_par__isnull=True) | ~Q(paye_par=F("ordonnance_par")),
                name="engagement_payeur_n_a_pas_ordonnance",
            ),
        ]
        indexes = [models.Index(fields=["ligne", "statut"], name="engagement_ligne_statut")]

    def __str__(self):
        return f"Engagement {self.numero or self.pk} · {self.objet}"

    @property
    def montant_retenu(self):
        """What the engagement holds on its line: the engaged amount, then the liquidated one (0 once cancelled)."""
        if self.statut == StatutEngagement.ANNULE:
            return 0
        return self.montant if self.montant_liquide is None else self.montant_liquide


def _chemin_piece(instance, filename):
    return f"tresorerie/pieces/{uuid.uuid4().hex}"


class PieceJustificative(models.Model):
    """A supporting document of an engagement (invoice, quote, deliberation), judged by its content at upload,
    stored privately under MEDIA_ROOT and streamed only to those entitled (commun/fichiers.py)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="pieces")
    fichier = models.FileField("fichier", upload_to=_chemin_piece, max_length=255)
    nom_original = models.CharField("nom du fichier", max_length=200)
    taille = models.PositiveIntegerField("taille (octets)")
    type_contenu = models.CharField("type", max_length=40)
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    deposee_le = models.DateField("déposée le")
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="déposée par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "pièce justificative"
        verbose_name_plural = "pièces justificatives"
        ordering = ["engagement", "id"]

    def __str__(self):
        return self.nom_original
