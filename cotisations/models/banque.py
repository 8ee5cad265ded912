"""The bank side of the dues (issue 10 points 5-6): the council's and the CNOM's accounts, the imported statements
and their lines (each credit matched to its dues by the RF reference, proposed for a person to confirm, or left
waiting; never guessed), the cheque remittance slips, and the monthly transfer to the CNOM.

The guards are constraints, not flags: a bank entry is recorded once per account (`ligne_releve_unique`, a second
import of the same statement records nothing), a payment sits on one slip only and matches one line only, a slip
matches one credit only, a month is transferred once unless its transfer is cancelled."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


def _argent(libelle, **kwargs):
    return models.DecimalField(libelle, max_digits=12, decimal_places=2, **kwargs)


class RoleCompte(models.TextChoices):
    CONSEIL = "conseil", "Compte de transit du conseil départemental"
    CNOM = "cnom", "Compte du Conseil national de l'Ordre"


class CompteBancaire(models.Model):
    """The two accounts of the monthly transfer, parameters in the database (edited in the admin, with history).
    Migration 0004 loads fake but valid demo IBANs flagged « à compléter »: the transfer is refused until a person
    has entered the real ones."""

    role = models.CharField("rôle", max_length=10, choices=RoleCompte.choices, unique=True)
    titulaire = models.CharField("titulaire du compte", max_length=70)
    iban = models.CharField("IBAN", max_length=34, help_text="Sans espaces ; vérifié par sa clé (ISO 13616).")
    bic = models.CharField("BIC", max_length=11, help_text="8 ou 11 caractères (ISO 9362).")
    a_completer = models.BooleanField(
        "à compléter",
        default=False,
        help_text="Coordonnées de démonstration : à remplacer par les vraies avant tout virement.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "compte bancaire"
        verbose_name_plural = "comptes bancaires"
        ordering = ["role"]

    def __str__(self):
        return f"{self.get_role_display()} ({self.titulaire})"


class FormatReleve(models.TextChoices):
    OFX = "ofx", "OFX"
    CAMT053 = "camt053", "CAMT.053 (ISO 20022)"


class ReleveBancaire(models.Model):
    """One import of a bank statement file: what it was, who imported it. Its lines hold what it recorded."""

    nom_fichier = models.CharField("nom du fichier", max_length=255)
    empreinte = models.CharField("empreinte SHA-256 du fichier", max_length=64)
    format = models.CharField("format", max_length=10, choices=FormatReleve.choices)
    compte = models.CharField("compte du relevé", max_length=34, help_text="IBAN ou numéro de compte du relevé.")
    debut = models.DateField("début de la période", null=True, blank=True)
    fin = models.DateField("fin de la période", null=True, blank=True)
    importe_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="importé par"
    )
    importe_le = models.DateTimeField("importé le", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "relevé bancaire"
        verbose_name_plural = "relevés bancaires"
        ordering = ["-importe_le", "-id"]

    def __str__(self):
        return f"Relevé {self.nom_fichier} ({self.compte})"


class EtatLigne(models.TextChoices):
    RAPPROCHEE = "rapprochee", "Rapprochée"
    A_CONFIRMER = "a_confirmer", "À confirmer"
    NON_RAPPROCHEE = "non_rapprochee", "Non rapprochée"
    IGNOREE = "ignoree", "Ignorée (hors cotisations)"


class LigneReleve(models.Model):
    """One entry of a statement. `reference_banque` is the bank's own id of the entry (OFX FITID, CAMT AcctSvcrRef
    or NtryRef; else a hash of date, amount and label): unique per account, so that importing a statement again, or
    two imports of it at once, record each entry once."""

    releve = models.ForeignKey(ReleveBancaire, on_delete=models.PROTECT, related_name="lignes", verbose_name="relevé")
    compte = models.CharField("compte", max_length=34)
    reference_banque = models.CharField("référence de l'opération à la banque", max_length=100)
    date = models.DateField("date de comptabilisation")
    montant = _argent("montant", help_text="Positif : crédit ; négatif : débit.")
    libelle = models.CharField("libellé", max_length=500, blank=True)
    informations = models.TextField("mémo / informations de remise", blank=True)
    nom_debiteur = models.CharField("nom du donneur d'ordre", max_length=140, blank=True)
    etat = models.CharField("état", max_length=15, choices=EtatLigne.choices, default=EtatLigne.NON_RAPPROCHEE)
    cotisation = models.ForeignKey(
        "cotisations.Cotisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lignes_releve",
        verbose_name="cotisation rapprochée",
    )
    paiement = models.OneToOneField(
        "cotisations.Paiement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ligne_releve",
        verbose_name="paiement enregistré",
    )
    propositions = models.ManyToManyField(
        "cotisations.Cotisation", blank=True, related_name="+", verbose_name="cotisations proposées"
    )
    bordereau_propose = models.ForeignKey(
        "cotisations.BordereauRemise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="bordereau proposé",
    )
    motif = models.CharField("motif", max_length=255, blank=True, help_text="Pourquoi la ligne est ignorée.")
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="traitée par",
    )
    traitee_le = models.DateField("traitée le", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "ligne de relevé"
        verbose_name_plural = "lignes de relevé"
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["compte", "reference_banque"],
                name="ligne_releve_unique",
                violation_error_message="Cette opération bancaire est déjà importée.",
            ),
            models.CheckConstraint(
                condition=~Q(etat="ignoree") | ~Q(motif=""),
                name="ligne_releve_ignoree_motivee",
                violation_error_message="Une ligne ignorée dit pourquoi.",
            ),
        ]
        indexes = [models.Index(fields=["etat"], name="ligne_releve_etat_idx")]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.montant} € {self.libelle[:40]}"

    @property
    def credit(self) -> bool:
        return self.montant > 0


class BordereauRemise(models.Model):
    """A cheque remittance slip: the cheque payments handed to the bank together, matched to the one credit of the
    same total on a statement."""

    numero = models.CharField("numéro", max_length=20, unique=True)
    date = models.DateField("date de remise")
    total = _argent("total", default=Decimal("0.00"))
    nombre = models.PositiveIntegerField("nombre de chèques", default=0)
    credit = models.OneToOneField(
        LigneReleve,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bordereau",
        verbose_name="crédit bancaire rapproché",
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="établi par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "bordereau de remise de chèques"
        verbose_name_plural = "bordereaux de remise de chèques"
        ordering = ["-date", "-numero"]

    def __str__(self):
        return f"Bordereau {self.numero}"


class ChequeRemis(models.Model):
    """A cheque payment on a slip: one slip per payment (the OneToOne is the constraint)."""

    bordereau = models.ForeignKey(BordereauRemise, on_delete=models.PROTECT, related_name="cheques")
    paiement = models.OneToOneField(
        "cotisations.Paiement", on_delete=models.PROTECT, related_name="remise", verbose_name="paiement"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "chèque remis"
        verbose_name_plural = "chèques remis"

    def __str__(self):
        return f"{self.paiement} sur {self.bordereau}"


class VersementCNOM(models.Model):
    """The monthly transfer of the dues collected to the CNOM: what was generated for a month (unique while not
    cancelled, so a month is not transferred twice)."""

    mois = models.DateField("mois", help_text="Le premier jour du mois versé.")
    montant = _argent("montant versé")
    detail = models.JSONField("détail par catégorie", default=dict)
    fichier = models.TextField("fichier SEPA pain.001")
    identifiant_message = models.CharField("identifiant du message SEPA", max_length=35)
    genere_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="généré par"
    )
    genere_le = models.DateTimeField("généré le", auto_now_add=True)
    annule_le = models.DateField("annulé le", null=True, blank=True)
    motif_annulation = models.CharField("motif de l'annulation", max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "versement au CNOM"
        verbose_name_plural = "versements au CNOM"
        ordering = ["-mois", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mois"],
                condition=Q(annule_le__isnull=True),
                name="versement_cnom_un_par_mois",
                violation_error_message="Ce mois est déjà versé au CNOM : annulez d'abord le versement existant.",
            ),
            models.CheckConstraint(
                condition=Q(annule_le__isnull=True) | ~Q(motif_annulation=""),
                name="versement_cnom_annulation_motivee",
                violation_error_message="Une annulation de versement dit son motif.",
            ),
        ]

    def __str__(self):
        return f"Versement au CNOM de {self.mois:%m/%Y}"
