"""The yearly dues (DOMAIN.md 2; seed 002 Livre II Titre III, annexes I-II): the national scale of each year, one
dues record per debtor and year, and the payments, numbered per year and cancelled by counter-entries only."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


def _argent(libelle, **kwargs):
    return models.DecimalField(libelle, max_digits=12, decimal_places=2, **kwargs)


class Bareme(models.Model):
    """The amounts the CNOM fixes for a year, and the council's setting for that year. Data, edited in the admin
    (loaded for the first years by migration 0002): never a constant in the code."""

    annee = models.PositiveSmallIntegerField("année", primary_key=True)
    montant_plein = _argent("cotisation entière")
    montant_retraite = _argent("cotisation des retraités sans activité médicale")
    montant_societe = _argent("cotisation des sociétés (SEL, SCP, SPFPL)")
    montant_liste_etrangers = _argent(
        "cotisation de la liste spéciale des médecins résidant à l'étranger",
        help_text="Recouvrée par le conseil national ; indiquée pour mémoire.",
    )
    frais_lrar = _argent("frais d'une lettre recommandée avec accusé de réception")
    taux_interet_legal_s1 = models.DecimalField(
        "taux de l'intérêt légal, 1er semestre (%)", max_digits=6, decimal_places=2
    )
    taux_interet_legal_s2 = models.DecimalField(
        "taux de l'intérêt légal, 2d semestre (%)", max_digits=6, decimal_places=2
    )
    # Seed 002 L.II T.III 1.2 e): a retired member without activity who holds an ordinal mandate owes the full dues,
    # but each council may keep the retired rate for its councillors who only have occasional missions.
    conseillers_retraites_taux_retraite = models.BooleanField(
        "les conseillers retraités sans activité gardent le tarif retraité",
        default=False,
        help_text="Décision du conseil pour ses conseillers retraités sans activité médicale qui n'ont que des "
        "missions ponctuelles ; sinon un retraité titulaire d'un mandat ordinal doit la cotisation entière.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "barème annuel"
        verbose_name_plural = "barèmes annuels"
        ordering = ["-annee"]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant_plein__gte=0)
                & Q(montant_retraite__gte=0)
                & Q(montant_societe__gte=0)
                & Q(montant_liste_etrangers__gte=0)
                & Q(frais_lrar__gte=0),
                name="bareme_montants_positifs",
                violation_error_message="Les montants du barème ne peuvent pas être négatifs.",
            )
        ]

    def __str__(self):
        return f"Barème {self.annee}"


class Categorie(models.TextChoices):
    PLEIN = "plein", "Cotisation entière"
    RETRAITE = "retraite", "Retraité sans activité médicale"
    SOCIETE = "societe", "Société"


class MotifExoneration(models.TextChoices):
    RESERVISTE = "reserviste", "Réserviste sanitaire exclusif (exonération totale)"
    HUMANITAIRE = "humanitaire", "Exercice humanitaire quasi bénévole exclusif (exonération totale)"
    PREMIERE_INSCRIPTION = "premiere_inscription", "Première inscription au tableau (50 %)"
    PREMIERE_INSCRIPTION_T4 = (
        "premiere_inscription_t4",
        "Première inscription au dernier trimestre (exonération totale)",
    )
    SOCIETE_T4 = "societe_t4", "Société inscrite au dernier trimestre (exonération totale)"
    NON_OBLIGATOIRE = "non_obligatoire", "Inscription non obligatoire ou sans exercice (50 %)"
    INSUFFISANCE_RESSOURCES = "insuffisance_ressources", "Insuffisance de ressources (délibération en plénière)"


class StatutCotisation(models.TextChoices):
    DUE = "due", "Due"
    PAYEE = "payee", "Payée"
    EXONEREE = "exoneree", "Exonérée"


class Cotisation(models.Model):
    """The dues of one debtor (a doctor or a company) for one year. Unique per debtor and year: calling a year's
    dues twice adds only the new debtors (the constraint, not a flag, is the guard)."""

    annee = models.PositiveSmallIntegerField("année")
    medecin = models.ForeignKey(
        "tableau.Medecin", on_delete=models.PROTECT, null=True, blank=True, related_name="cotisations"
    )
    societe = models.ForeignKey(
        "tableau.Societe", on_delete=models.PROTECT, null=True, blank=True, related_name="cotisations"
    )
    categorie = models.CharField("tarif", max_length=10, choices=Categorie.choices)
    montant_bareme = _argent("montant du barème")
    exoneration_motif = models.CharField(
        "motif d'exonération", max_length=30, choices=MotifExoneration.choices, blank=True
    )
    exoneration_taux = models.PositiveSmallIntegerField("taux d'exonération (%)", null=True, blank=True)
    exoneration_deliberation = models.ForeignKey(
        "gouvernance.Deliberation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exonerations",
        verbose_name="délibération de l'exonération",
    )
    montant_du = _argent("montant dû après exonération")
    frais = _argent("frais de relance réclamés", default=Decimal("0.00"))
    montant_paye = _argent("montant payé", default=Decimal("0.00"))
    statut = models.CharField("statut", max_length=10, choices=StatutCotisation.choices, default=StatutCotisation.DUE)
    reference = models.CharField("référence de paiement (RF)", max_length=25, unique=True)
    appelee_le = models.DateField("appelée le")
    # A payment plan agreed by the council (an entraide aid « échelonnement », or the trésorier's): no reminder
    # leaves until this date, its last instalment; after it the calendar resumes where it stopped if a balance
    # remains (cotisations.calendrier.conditions).
    relances_suspendues_jusqu_au = models.DateField(
        "relances suspendues jusqu'au",
        null=True,
        blank=True,
        help_text="Échéancier de paiement accordé : aucune relance ne part jusqu'à cette date incluse ; ensuite, le "
        "calendrier reprend si un solde reste dû.",
    )
    # db_default: the call's set-based INSERT (services/appel.py) names only the columns it computes.
    relances_suspendues_motif = models.CharField(
        "motif de la suspension des relances", max_length=255, blank=True, default="", db_default=""
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "cotisation"
        ordering = ["-annee", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["annee", "medecin"],
                name="cotisation_unique_medecin_annee",
                violation_error_message="Ce médecin a déjà sa cotisation pour cette année.",
            ),
            models.UniqueConstraint(
                fields=["annee", "societe"],
                name="cotisation_unique_societe_annee",
                violation_error_message="Cette société a déjà sa cotisation pour cette année.",
            ),
            models.CheckConstraint(
                condition=(Q(medecin__isnull=False) & Q(societe__isnull=True))
                | (Q(medecin__isnull=True) & Q(societe__isnull=False)),
                name="cotisation_un_seul_redevable",
                violation_error_message="Une cotisation est due soit par un médecin, soit par une société.",
            ),
            models.CheckConstraint(
                condition=Q(exoneration_taux__isnull=True) | Q(exoneration_taux__in=[50, 100]),
                name="cotisation_taux_exoneration",
                violation_error_message="Une exonération est de 50 % ou de 100 %.",
            ),
            models.CheckConstraint(
                condition=Q(montant_paye__lte=models.F("montant_du") + models.F("frais")),
                name="cotisation_pas_de_trop_percu",
                violation_error_message="Le montant payé ne peut dépasser le montant dû et les frais.",
            ),
        ]
        indexes = [models.Index(fields=["annee", "statut"], name="cotisation_annee_statut_idx")]

    def __str__(self):
        return f"Cotisation {self.annee} de {self.medecin or self.societe}"

    @property
    def solde(self) -> Decimal:
        return self.montant_du + self.frais - self.montant_paye

    @property
    def redevable(self):
        return self.medecin or self.societe


class ModePaiement(models.TextChoices):
    CB = "cb", "Carte bancaire"
    CHEQUE = "cheque", "Chèque"
    VIREMENT = "virement", "Virement"
    ESPECES = "especes", "Espèces"


class CompteurRecus(models.Model):
    """The last receipt number of a year: locked (select_for_update) by the transaction that records a payment, so
    that the numbers follow each other without a gap (a rolled-back payment gives its number back)."""

    annee = models.PositiveSmallIntegerField("année", unique=True)
    dernier = models.PositiveIntegerField("dernier numéro attribué", default=0)

    class Meta:
        verbose_name = "compteur de reçus"
        verbose_name_plural = "compteurs de reçus"

    def __str__(self):
        return f"Reçus {self.annee} : {self.dernier}"


class Paiement(models.Model):
    """A payment of dues, or the counter-entry that cancels one (negative amount, `annule` set, with its reason).
    Never deleted nor changed: a wrong entry is cancelled by its counter-entry."""

    cotisation = models.ForeignKey(Cotisation, on_delete=models.PROTECT, related_name="paiements")
    montant = _argent("montant")
    mode = models.CharField("mode de paiement", max_length=10, choices=ModePaiement.choices)
    date = models.DateField("date du paiement")
    annee_recu = models.PositiveSmallIntegerField("année du reçu", null=True, blank=True)
    numero_recu = models.CharField("numéro de reçu", max_length=12, null=True, blank=True, unique=True)
    annule = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contre_passation",
        verbose_name="paiement annulé",
    )
    motif_annulation = models.CharField("motif de l'annulation", max_length=255, blank=True)
    transaction = models.CharField(
        "transaction de la banque",
        max_length=255,
        blank=True,
        help_text="Identifiant de la transaction chez le prestataire de paiement (carte bancaire) : unique.",
    )
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par"
    )
    saisi_le = models.DateTimeField("saisi le", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "paiement"
        ordering = ["-date", "-id"]
        permissions = [("annuler_paiement", "Peut annuler un paiement par contre-passation")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(annule__isnull=True) & Q(montant__gt=0) & Q(numero_recu__isnull=False))
                | (Q(annule__isnull=False) & Q(montant__lt=0) & ~Q(motif_annulation="")),
                name="paiement_positif_ou_contre_passation",
                violation_error_message="Un paiement est positif et a son reçu ; une annulation est négative et "
                "dit son motif.",
            ),
            models.UniqueConstraint(
                fields=["transaction"],
                condition=~Q(transaction=""),
                name="paiement_transaction_unique",
                violation_error_message="Cette transaction de la banque est déjà enregistrée.",
            ),
        ]

    def __str__(self):
        if self.annule_id:
            return f"Annulation du paiement {self.annule.numero_recu}"
        return f"Paiement {self.numero_recu} ({self.montant} €)"
