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


class NatureDepenseUrgente(models.TextChoices):
    # Seed 002 L.II T.I 2.3 b): « toute dépense visant à assurer la sécurité et le fonctionnement à minima du conseil ».
    TRAVAUX = "travaux", "Travaux urgents (toiture, dégâts divers…)"
    PROTECTION = "protection", "Protection des locaux, du personnel et des données"
    PERSONNEL = "personnel", "Départ de personnel non prévu"
    AUTRE = "autre", "Autre dépense de sécurité ou de fonctionnement minimal"


class AutorisationDepenseUrgente(models.Model):
    """The président's authorisation of an exceptional urgent expense (seed 002 L.II T.I 2.3 b), signed by him on
    its date: the ordonnateur then engages it once (Engagement.autorisation), possibly beyond the line's credit.
    Within the yearly ceiling the plenary fixed in the budget session (Budget.plafond_depenses_urgentes); above
    it, the adopted deliberation of an extraordinary session is cited."""

    ligne = models.ForeignKey(
        LigneBudgetaire,
        on_delete=models.PROTECT,
        related_name="autorisations_urgentes",
        verbose_name="ligne budgétaire",
    )
    objet = models.CharField("objet", max_length=255)
    nature = models.CharField("nature", max_length=12, choices=NatureDepenseUrgente.choices)
    motif = models.TextField(
        "nécessité de la dépense en urgence", help_text="Reprise dans la demande à la commission des dotations."
    )
    montant = argent("montant autorisé")
    deliberation = models.ForeignKey(
        "gouvernance.Deliberation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="depenses_urgentes",
        verbose_name="délibération de la séance extraordinaire",
        help_text="Au-delà du plafond annuel fixé en session budgétaire.",
    )
    autorisee_le = models.DateField("autorisée le")
    autorisee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="autorisée par (président)"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "autorisation de dépense urgente"
        verbose_name_plural = "autorisations de dépenses urgentes"
        ordering = ["-autorisee_le", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(montant__gt=0), name="autorisation_urgente_montant_positif"),
        ]

    def __str__(self):
        return f"Dépense urgente autorisée le {self.autorisee_le:%d/%m/%Y} · {self.objet}"


class PlafondsRemplacement(models.Model):
    """The yearly limits of the replacement of an asset (cession, destruction, theft, scrapping) the commission des
    dotations complémentaires lets a council engage before its decision (seed 002 L.II T.IV 2): each strictly
    below `seuil_unitaire` TTC, at most `plafond_annuel` in the year. Rows loaded for 2026 and 2027 (migration),
    edited in the admin through services.parametre_enregistrer."""

    annee = models.PositiveSmallIntegerField("exercice", unique=True)
    seuil_unitaire = argent("montant unitaire (TTC), strictement inférieur à")
    plafond_annuel = argent("plafond de l'exercice (TTC)")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "plafonds du remplacement de biens"
        verbose_name_plural = "plafonds du remplacement de biens"
        ordering = ["-annee"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seuil_unitaire__gt=0) & Q(plafond_annuel__gt=0), name="plafonds_remplacement_positifs"
            ),
        ]

    def __str__(self):
        return f"Plafonds du remplacement de biens {self.annee}"


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
    autorisation = models.OneToOneField(
        AutorisationDepenseUrgente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagement",
        verbose_name="autorisation du président",
    )
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
            models.CheckConstraint(
                condition=Q(paye_par__isnull=True) | ~Q(paye_par=F("engage_par")),
                name="engagement_payeur_n_a_pas_engage",
            ),
            models.CheckConstraint(
                condition=Q(ordonnance_par__isnull=True) | ~Q(ordonnance_par=F("liquide_par")),
                name="engagement_ordonnateur_n_a_pas_liquide",
            ),
            # Each step reached is dated and signed (its signatory and date set together with the state).
            models.CheckConstraint(
                condition=~Q(statut__in=["liquide", "ordonnance", "paye"])
                | Q(liquide_par__isnull=False, liquide_le__isnull=False, montant_liquide__isnull=False),
                name="engagement_liquidation_signee",
            ),
            models.CheckConstraint(
                condition=~Q(statut__in=["ordonnance", "paye"])
                | Q(ordonnance_par__isnull=False, ordonnance_le__isnull=False),
                name="engagement_ordonnancement_signe",
            ),
            models.CheckConstraint(
                condition=~Q(statut="paye") | Q(paye_par__isnull=False, paye_le__isnull=False),
                name="engagement_paiement_signe",
            ),
            # An urgent expense carries the président's authorisation.
            models.CheckConstraint(
                condition=Q(urgente=False) | Q(autorisee_par__isnull=False, autorisation__isnull=False),
                name="engagement_urgente_autorisee",
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
