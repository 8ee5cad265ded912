"""Mutual aid (DOMAIN.md 6; seed 002 L.II T.V; seed 003): a doctor or his ayants droit in difficulty files a
request; the entraide commission (or the référent the council designated when it has none, never the trésorier)
builds the file, decides the aid the council can give (an emergency aid paid through the trésorerie's expense
chain, a dues exemption or payment plan through cotisations, an orientation) and sends to the commission
nationale d'entraide what is beyond it, with its motivated opinion; every aid granted is reported to it.

Confidential by construction: the questionnaire, the natures of the difficulty, the beneficiary's name, the
commission's notes and the documents are encrypted at rest (commun.chiffrement; history tables included); only
the readers of entraide/perms.py read a file and every read is logged (commun.JournalAcces); the applicant sees
his requests' status and dates only."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commun.chiffrement import ChaineChiffree, JSONChiffre, TexteChiffre
from commun.models import PeriodeDatee


class Beneficiaire(models.TextChoices):
    MEDECIN = "medecin", "Le médecin lui-même"
    AYANT_DROIT = "ayant_droit", "Un ayant droit (conjoint, enfant, proche à charge)"


class NatureDifficulte(models.TextChoices):
    FINANCIERE = "financiere", "Difficultés financières"
    SOCIALE = "sociale", "Difficultés sociales ou familiales"
    PSYCHOLOGIQUE = "psychologique", "Souffrance psychologique, épuisement"
    PROCEDURE_COLLECTIVE = "procedure_collective", "Procédure collective (redressement, liquidation judiciaire)"


class StatutDemande(models.TextChoices):
    DEPOSEE = "deposee", "Déposée"
    EN_INSTRUCTION = "en_instruction", "En instruction"
    AIDE_ACCORDEE = "aide_accordee", "Aide accordée"
    TRANSMISE_CNOM = "transmise_cnom", "Transmise à la commission nationale d'entraide"
    CLOSE = "close", "Close"


TRANSITIONS_DEMANDE = {
    StatutDemande.DEPOSEE: {
        StatutDemande.EN_INSTRUCTION,
        StatutDemande.AIDE_ACCORDEE,
        StatutDemande.TRANSMISE_CNOM,
        StatutDemande.CLOSE,
    },
    StatutDemande.EN_INSTRUCTION: {StatutDemande.AIDE_ACCORDEE, StatutDemande.TRANSMISE_CNOM, StatutDemande.CLOSE},
    StatutDemande.AIDE_ACCORDEE: {StatutDemande.AIDE_ACCORDEE, StatutDemande.TRANSMISE_CNOM, StatutDemande.CLOSE},
    StatutDemande.TRANSMISE_CNOM: {StatutDemande.AIDE_ACCORDEE, StatutDemande.CLOSE},
    StatutDemande.CLOSE: set(),
}


class Demande(models.Model):
    numero = models.CharField("numéro", max_length=20, unique=True)
    medecin = models.ForeignKey(
        "tableau.Medecin", on_delete=models.PROTECT, related_name="demandes_entraide", verbose_name="médecin"
    )
    beneficiaire = models.CharField(
        "bénéficiaire", max_length=20, choices=Beneficiaire.choices, default=Beneficiaire.MEDECIN
    )
    beneficiaire_nom = ChaineChiffree("nom de l'ayant droit", max_length=200, blank=True, default="")
    natures = JSONChiffre("natures de la difficulté", default=list)
    situation = TexteChiffre("situation exposée")
    questionnaire = JSONChiffre("questionnaire", default=dict, blank=True)
    notes_commission = TexteChiffre("notes de la commission", blank=True, default="")
    date_depot = models.DateField("déposée le")
    statut = models.CharField("statut", max_length=20, choices=StatutDemande.choices, default=StatutDemande.DEPOSEE)
    statut_le = models.DateField("statut depuis le")
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="déposée par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "demande d'entraide"
        verbose_name_plural = "demandes d'entraide"
        ordering = ["-date_depot", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(beneficiaire="medecin") | ~Q(beneficiaire_nom=""),
                name="entraide_ayant_droit_nomme",
                violation_error_message="Une demande pour un ayant droit le nomme.",
            )
        ]

    def __str__(self):
        return f"Demande d'entraide {self.numero}"


class PieceDemande(models.Model):
    """A supporting document (financial and patrimonial situation), checked by content and size, stored
    encrypted (commun.chiffrement.stockage_chiffre), streamed after the permission check (the read is logged)."""

    demande = models.ForeignKey(Demande, on_delete=models.PROTECT, related_name="pieces")
    fichier = models.FileField("fichier", max_length=255)
    nom_original = ChaineChiffree("nom du fichier", max_length=200)
    taille = models.PositiveIntegerField("taille (octets)")
    type_contenu = models.CharField("type", max_length=40)
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    deposee_le = models.DateField("déposée le")
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="déposée par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "pièce d'une demande d'entraide"
        verbose_name_plural = "pièces des demandes d'entraide"
        ordering = ["demande", "id"]

    def __str__(self):
        return f"Pièce {self.pk} ({self.demande})"


class TypeAide(models.TextChoices):
    SECOURS = "secours", "Secours d'urgence"
    EXONERATION_COTISATION = "exoneration_cotisation", "Exonération de cotisation"
    ECHELONNEMENT_COTISATION = "echelonnement_cotisation", "Échelonnement de cotisation"
    ORIENTATION = "orientation", "Orientation (CARMF, AFEM, association régionale…)"


class Aide(models.Model):
    """An aid the council decided. A secours is paid through the expense chain (`engagement`, entraide budget
    line); an exemption goes through cotisations (`exoneration`: the plenary still decides it, the doctor unnamed
    on its agenda); every aid granted is reported to the commission nationale (`signalee_cnom_le`)."""

    demande = models.ForeignKey(Demande, on_delete=models.PROTECT, related_name="aides")
    type = models.CharField("type d'aide", max_length=30, choices=TypeAide.choices)
    montant = models.DecimalField("montant", max_digits=12, decimal_places=2, null=True, blank=True)
    date = models.DateField("décidée le")
    motivation = TexteChiffre("motivation")
    organisme = models.CharField("organisme d'orientation", max_length=200, blank=True, default="")
    decidee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="décidée par"
    )
    engagement = models.ForeignKey(
        "tresorerie.Engagement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="engagement de dépense",
    )
    signalee_cnom_le = models.DateField("signalée à la commission nationale le", null=True, blank=True)
    # entraide-aides: the dues an exemption or a payment plan bears on, the exemption's rate and the hardship
    # request it opened in cotisations (the plenary decides it under its anonymous file number), the plan's
    # instalments ([{"date": "YYYY-MM-DD", "montant": "0.00"}], cotisations has no payment plan of its own).
    cotisation = models.ForeignKey(
        "cotisations.Cotisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cotisation concernée",
    )
    taux = models.PositiveSmallIntegerField("taux d'exonération proposé (%)", null=True, blank=True)
    exoneration = models.ForeignKey(
        "cotisations.DemandeExoneration",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="demande d'exonération soumise à la plénière",
    )
    echeancier = JSONChiffre("échéancier", default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "aide accordée"
        verbose_name_plural = "aides accordées"
        ordering = ["demande", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(type="secours") & Q(montant__gt=0))
                | (Q(type="orientation") & Q(montant__isnull=True))
                | Q(type__in=["exoneration_cotisation", "echelonnement_cotisation"]),
                name="entraide_aide_montant",
                violation_error_message="Un secours a un montant positif ; une orientation n'en a pas.",
            )
        ]

    def __str__(self):
        return f"{self.get_type_display()} ({self.demande})"

    @property
    def a_engager(self) -> bool:
        """A secours decided but not yet engaged by the ordonnateur on the entraide line."""
        return self.type == TypeAide.SECOURS and self.engagement_id is None


class TransmissionCnom(models.Model):
    """The file sent to the commission nationale d'entraide with the council's motivated opinion and the aid
    proposed; then its decision and the amounts it grants."""

    demande = models.ForeignKey(Demande, on_delete=models.PROTECT, related_name="transmissions")
    avis = TexteChiffre("avis motivé du conseil")
    aide_proposee = TexteChiffre("aide proposée")
    transmise_le = models.DateField("transmise le")
    transmise_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="transmise par"
    )
    decision = TexteChiffre("décision de la commission nationale", blank=True, default="")
    montant_accorde = models.DecimalField(
        "montant accordé par la commission nationale", max_digits=12, decimal_places=2, null=True, blank=True
    )
    decision_le = models.DateField("décision du", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "transmission à la commission nationale d'entraide"
        verbose_name_plural = "transmissions à la commission nationale d'entraide"
        ordering = ["demande", "transmise_le", "id"]

    def __str__(self):
        return f"Transmission du {self.transmise_le:%d/%m/%Y} ({self.demande})"


class ReferentEntraide(PeriodeDatee):
    """The member the council designated to handle mutual aid while it has no entraide commission (seed 002
    L.II T.V): never the trésorier (checked on the date of every act, entraide/perms.py)."""

    membre = models.ForeignKey("gouvernance.Membre", on_delete=models.PROTECT, related_name="+", verbose_name="membre")
    deliberation = models.ForeignKey(
        "gouvernance.Deliberation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="délibération de désignation",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "référent entraide"
        verbose_name_plural = "référents entraide"
        ordering = ["-date_debut", "id"]
        constraints = [
            PeriodeDatee.contrainte_dates(
                "referent_entraide_dates", "La désignation du référent ne peut finir avant de commencer."
            )
        ]

    def __str__(self):
        return f"{self.membre} (référent entraide)"


class Contact(models.Model):
    """A helpline shown on the espace and the public pages (seed 003; editable data loaded by the migrations)."""

    nom = models.CharField("nom", max_length=200)
    telephone = models.CharField("téléphone", max_length=40)
    description = models.TextField("description")
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    actif = models.BooleanField("affiché", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "ligne d'écoute et d'orientation"
        verbose_name_plural = "lignes d'écoute et d'orientation"
        ordering = ["ordre", "id"]

    def __str__(self):
        return self.nom
