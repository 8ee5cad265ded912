"""Complaints, grievances and reports against doctors of the tableau, on the legal clock (L4123-2, R4123-18 to 20
CSP; DOMAIN.md 5; seed 002 Titre II préambule): registration (t0), conciliation meeting within 1 month,
transmission to the chambre disciplinaire de première instance within 3 months. A late act is recorded and
flagged (`hors_delai`), never refused: the register tells the truth.

Confidential: only the service juridique (staff with the app's permissions), the président and the members seated
on the conciliation commission on the date read a file (conciliation/perms.py; every read logged in
commun.JournalAcces); the parties' details and the object are encrypted at rest."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commun.chiffrement import ChaineChiffree, CourrielChiffre, TexteChiffre
from gouvernance.selectors.membres import ajouter_mois

DELAI_CONCILIATION_MOIS = 1  # L4123-2 CSP: « dans un délai d'un mois à compter de la date d'enregistrement »
DELAI_TRANSMISSION_MOIS = 3  # L4123-2 CSP: « dans le délai de trois mois à compter de la date d'enregistrement »


class NaturePlainte(models.TextChoices):
    PLAINTE = "plainte", "Plainte"
    DOLEANCE = "doleance", "Doléance"
    SIGNALEMENT = "signalement", "Signalement"


class QualitePlaignant(models.TextChoices):
    PATIENT = "patient", "Patient"
    PROCHE = "proche", "Proche d'un patient"
    MEDECIN = "medecin", "Médecin"
    ORGANISME_ASSURANCE = "organisme_assurance", "Organisme d'assurance maladie"
    ASSOCIATION = "association", "Association"
    AUTORITE_PUBLIQUE = "autorite_publique", "Autorité publique (ministre, préfet, ARS, procureur…)"
    CONSEIL = "conseil", "Instance ordinale (conseil national, régional ou départemental)"
    AUTRE = "autre", "Autre"


# A complaint by a public authority or an ordinal body has no conciliation (R4123-19 ... : transmitted at once).
QUALITES_SANS_CONCILIATION = frozenset({QualitePlaignant.AUTORITE_PUBLIQUE, QualitePlaignant.CONSEIL})


class StatutPlainte(models.TextChoices):
    ENREGISTREE = "enregistree", "Enregistrée"
    CONVOQUEE = "convoquee", "Réunion de conciliation fixée"
    CONCILIEE = "conciliee", "Conciliée"
    A_TRANSMETTRE = "a_transmettre", "À transmettre à la chambre disciplinaire"
    TRANSMISE = "transmise", "Transmise à la chambre disciplinaire"
    RETIREE = "retiree", "Retirée (désistement)"
    CLASSEE = "classee", "Classée"
    DEPAYSEE = "depaysee", "Dépaysée (conseil désigné par le CNOM)"


STATUTS_CLOS = frozenset(
    {
        StatutPlainte.CONCILIEE,
        StatutPlainte.TRANSMISE,
        StatutPlainte.RETIREE,
        StatutPlainte.CLASSEE,
        StatutPlainte.DEPAYSEE,
    }
)

# The only moves a service may make.
TRANSITIONS_PLAINTE = {
    StatutPlainte.ENREGISTREE: {
        StatutPlainte.CONVOQUEE,
        StatutPlainte.CLASSEE,
        StatutPlainte.DEPAYSEE,
        StatutPlainte.TRANSMISE,  # no conciliation due (public authority, ordinal body)
        StatutPlainte.RETIREE,
    },
    StatutPlainte.CONVOQUEE: {
        StatutPlainte.CONVOQUEE,  # a second meeting (postponed)
        StatutPlainte.CONCILIEE,
        StatutPlainte.A_TRANSMETTRE,
        StatutPlainte.RETIREE,
    },
    StatutPlainte.A_TRANSMETTRE: {StatutPlainte.TRANSMISE, StatutPlainte.RETIREE},
    StatutPlainte.CONCILIEE: set(),
    StatutPlainte.TRANSMISE: set(),
    StatutPlainte.RETIREE: set(),
    StatutPlainte.CLASSEE: set(),
    StatutPlainte.DEPAYSEE: set(),
}


class Plainte(models.Model):
    numero = models.CharField("numéro", max_length=20, unique=True)
    nature = models.CharField("nature", max_length=20, choices=NaturePlainte.choices)
    nature_initiale = models.CharField(
        "nature à l'enregistrement",
        max_length=20,
        choices=NaturePlainte.choices,
        help_text="Une doléance ou un signalement requalifié en plainte garde ici sa nature de départ.",
    )
    medecin = models.ForeignKey(
        "tableau.Medecin", on_delete=models.PROTECT, related_name="plaintes", verbose_name="médecin mis en cause"
    )
    plaignant_nom = ChaineChiffree("plaignant", max_length=200)
    plaignant_qualite = models.CharField("qualité du plaignant", max_length=30, choices=QualitePlaignant.choices)
    # conc-noyau: a complainant who is a doctor of the tableau (a member of the council among them) is a party:
    # he neither reads the file nor conciliates it, nor votes on its transmission.
    plaignant_medecin = models.ForeignKey(
        "tableau.Medecin",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plaintes_deposees",
        verbose_name="médecin plaignant",
        help_text="Quand le plaignant est un médecin inscrit au tableau.",
    )
    plaignant_email = CourrielChiffre("courriel du plaignant", blank=True, default="")
    plaignant_adresse = TexteChiffre("adresse postale du plaignant", blank=True, default="")
    objet = TexteChiffre("objet")
    recue_le = models.DateField("reçue le")
    date_enregistrement = models.DateField(
        "date d'enregistrement (t0)",
        help_text="Point de départ des délais légaux ; pour une doléance requalifiée, le jour de la requalification.",
    )
    statut = models.CharField("statut", max_length=20, choices=StatutPlainte.choices, default=StatutPlainte.ENREGISTREE)
    depaysement = models.BooleanField(
        "dépaysement", default=False, help_text="Le médecin mis en cause est membre de ce conseil."
    )
    motif_classement = models.TextField("motif du classement", blank=True, default="")
    # Transmission to the chambre disciplinaire de première instance
    deliberation = models.ForeignKey(
        "gouvernance.Deliberation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="délibération de transmission",
    )
    avis = TexteChiffre("avis motivé du conseil", blank=True, default="")
    conseil_se_joint = models.BooleanField("le conseil s'associe à la plainte", default=False)
    date_transmission = models.DateField("transmise le", null=True, blank=True)
    transmission_hors_delai = models.BooleanField("transmission hors délai", default=False)
    enregistree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="enregistrée par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "plainte ou doléance"
        verbose_name_plural = "plaintes et doléances"
        ordering = ["-date_enregistrement", "-id"]
        permissions = [("rapport_conciliation", "Peut produire le rapport annuel de conciliation")]
        constraints = [
            models.CheckConstraint(
                condition=Q(statut="transmise", date_transmission__isnull=False, deliberation__isnull=False)
                | ~Q(statut="transmise"),
                name="plainte_transmise_datee_et_deliberee",
                violation_error_message="Une plainte transmise a une date de transmission et une délibération.",
            ),
            models.CheckConstraint(
                condition=~Q(statut="classee") | ~Q(motif_classement=""),
                name="plainte_classee_motivee",
                violation_error_message="Un classement dit son motif.",
            ),
        ]

    def __str__(self):
        return f"{self.get_nature_display()} {self.numero}"

    @property
    def echeance_conciliation(self) -> datetime.date | None:
        if self.nature != NaturePlainte.PLAINTE:
            return None
        return ajouter_mois(self.date_enregistrement, DELAI_CONCILIATION_MOIS)

    @property
    def echeance_transmission(self) -> datetime.date | None:
        if self.nature != NaturePlainte.PLAINTE:
            return None
        return ajouter_mois(self.date_enregistrement, DELAI_TRANSMISSION_MOIS)

    @property
    def sans_conciliation(self) -> bool:
        return self.plaignant_qualite in QUALITES_SANS_CONCILIATION


def _chemin_piece(instance, filename):
    return f"conciliation/pieces/{filename}"


class PiecePlainte(models.Model):
    """A document of the file (the complaint's letter, a medical record, the parties' replies), checked by
    content, stored encrypted (commun.chiffrement), streamed after the permission check (the read is logged)."""

    plainte = models.ForeignKey(Plainte, on_delete=models.PROTECT, related_name="pieces")
    fichier = models.FileField("fichier", upload_to=_chemin_piece, max_length=255)
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
        verbose_name = "pièce du dossier de plainte"
        verbose_name_plural = "pièces des dossiers de plainte"
        ordering = ["plainte", "id"]

    def __str__(self):
        return self.nom_original


class Conciliateur(models.Model):
    """A conciliator designated by the président among the members seated on the conciliation commission on the
    date of the designation (the président may be one)."""

    plainte = models.ForeignKey(Plainte, on_delete=models.PROTECT, related_name="conciliateurs")
    membre = models.ForeignKey("gouvernance.Membre", on_delete=models.PROTECT, related_name="+", verbose_name="membre")
    designe_le = models.DateField("désigné le")
    designe_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="désigné par"
    )
    retire_le = models.DateField("déporté le", null=True, blank=True)
    motif_retrait = models.TextField("motif du déport", blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "conciliateur"
        verbose_name_plural = "conciliateurs"
        ordering = ["plainte", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plainte", "membre"],
                condition=Q(retire_le__isnull=True),
                name="conciliateur_unique_actif",
                violation_error_message="Ce membre est déjà conciliateur de ce dossier.",
            )
        ]

    def __str__(self):
        return f"{self.membre} ({self.plainte})"


class LienDeclare(models.Model):
    """A link a member declared with a party of a file (family, care, professional, conflict): he steps aside
    from the conciliation and does not vote on the transmission."""

    plainte = models.ForeignKey(Plainte, on_delete=models.PROTECT, related_name="liens")
    membre = models.ForeignKey("gouvernance.Membre", on_delete=models.PROTECT, related_name="+", verbose_name="membre")
    description = models.TextField("nature du lien")
    declare_le = models.DateField("déclaré le")
    declare_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="enregistré par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "lien déclaré avec une partie"
        verbose_name_plural = "liens déclarés avec une partie"
        constraints = [models.UniqueConstraint(fields=["plainte", "membre"], name="lien_declare_unique")]

    def __str__(self):
        return f"{self.membre} – {self.plainte}"


class Reunion(models.Model):
    plainte = models.ForeignKey(Plainte, on_delete=models.PROTECT, related_name="reunions")
    date = models.DateField("date")
    heure = models.TimeField("heure")
    lieu = models.CharField("lieu", max_length=300)
    hors_delai = models.BooleanField("hors délai", default=False)
    fixee_le = models.DateField("fixée le")
    fixee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="fixée par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "réunion de conciliation"
        verbose_name_plural = "réunions de conciliation"
        ordering = ["plainte", "date", "id"]

    def __str__(self):
        return f"Réunion du {self.date:%d/%m/%Y} ({self.plainte})"


class IssueConciliation(models.TextChoices):
    TOTALE = "totale", "Conciliation totale"
    PARTIELLE = "partielle", "Conciliation partielle"
    ECHEC = "echec", "Échec (non-conciliation)"
    ABSENCE = "absence", "Absence d'une partie"
    DESISTEMENT = "desistement", "Désistement (retrait de la plainte)"


ISSUES_A_TRANSMETTRE = frozenset({IssueConciliation.PARTIELLE, IssueConciliation.ECHEC, IssueConciliation.ABSENCE})
ISSUES_AVEC_DESACCORDS = frozenset({IssueConciliation.PARTIELLE, IssueConciliation.ECHEC})


class ProcesVerbal(models.Model):
    reunion = models.OneToOneField(Reunion, on_delete=models.PROTECT, related_name="proces_verbal")
    issue = models.CharField("issue", max_length=20, choices=IssueConciliation.choices)
    desaccords = TexteChiffre("points de désaccord subsistants", blank=True, default="")
    accord = TexteChiffre("termes de l'accord", blank=True, default="")
    etabli_le = models.DateField("établi le")
    etabli_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="établi par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "procès-verbal de conciliation"
        verbose_name_plural = "procès-verbaux de conciliation"

    def __str__(self):
        return f"PV {self.get_issue_display()} ({self.reunion.plainte})"


# --- documents slice (issue 12 points 1, 2, 4, 5, 6): the clock's reminders and their parameters ---


class ParametreConciliation(models.Model):
    """The one row of the conciliation's parameters, edited in the admin (history kept): how many days ahead the
    legal service is reminded of a deadline, where, and the chambre disciplinaire the files are transmitted to.
    Loaded by the migration 0002 (figures to check: the seed fixes none)."""

    delai_rappel_jours = models.PositiveSmallIntegerField(
        "rappel, jours avant l'échéance",
        default=7,
        help_text="Le service juridique reçoit un rappel quand une échéance légale tombe dans ce nombre de jours.",
    )
    courriel_service_juridique = models.EmailField(
        "courriel du service juridique", help_text="Adresse à laquelle partent les rappels d'échéances."
    )
    chambre_disciplinaire = models.TextField(
        "chambre disciplinaire de première instance",
        help_text="Nom et adresse postale, tels qu'ils figurent sur la lettre de transmission.",
    )
    courriel_chambre_disciplinaire = models.EmailField(
        "courriel de la chambre disciplinaire",
        blank=True,
        default="",
        help_text="Facultatif : si renseigné, la lettre de transmission et le dossier lui sont aussi envoyés par "
        "courriel.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "paramètres de la conciliation"
        verbose_name_plural = "paramètres de la conciliation"

    def __str__(self):
        return "Paramètres de la conciliation"


class TypeEcheance(models.TextChoices):
    CONCILIATION = "conciliation", "Réunion de conciliation (1 mois)"
    TRANSMISSION = "transmission", "Transmission à la chambre disciplinaire (3 mois)"


class RappelEcheance(models.Model):
    """One reminder of one legal deadline of one file to the legal service. The uniqueness constraint is the
    reminders' idempotency: the daily task finds the row and sends nothing twice; a missed day is caught up."""

    plainte = models.ForeignKey(Plainte, on_delete=models.PROTECT, related_name="rappels")
    type = models.CharField("échéance", max_length=20, choices=TypeEcheance.choices)
    echeance = models.DateField("date de l'échéance")
    programme_le = models.DateField("rappel programmé le")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "rappel d'échéance"
        verbose_name_plural = "rappels d'échéances"
        ordering = ["-programme_le", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plainte", "type", "echeance"],
                name="rappel_echeance_unique",
                violation_error_message="Cette échéance de ce dossier a déjà fait l'objet d'un rappel.",
            )
        ]

    def __str__(self):
        return f"Rappel {self.get_type_display()} au {self.echeance:%d/%m/%Y} ({self.plainte})"
