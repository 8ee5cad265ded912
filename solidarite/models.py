"""Territorial solidarity (DOMAIN.md 7; seed 004): the priority places the ARS identified, the doctors who
volunteer for them, each planned day of a volunteer (its own row: moved or cancelled alone), the daily allowance
of the pilot and its payments.

The rules live in solidarite/services/: a volunteer's explicit states and their log, the dated checks, the cap of
two days a calendar month per doctor (a lock on the doctor's month before counting) and the absence of overlap
between one doctor's days (held by PostgreSQL too: an exclusion constraint, migration 0002)."""

import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from tableau.models import Exercice, Medecin

FUSEAU_PAR_DEFAUT = "Europe/Paris"


def valider_fuseau(valeur: str) -> None:
    try:
        zoneinfo.ZoneInfo(valeur)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"« {valeur} » n'est pas un fuseau horaire connu : écrivez-le comme « Europe/Paris » ou "
            "« America/Cayenne »."
        ) from None


def nouveau_jeton() -> str:
    return secrets.token_urlsafe(32)


class Lieu(models.Model):
    """A priority place (lieu de solidarité territoriale) identified by the ARS; published (public reading)."""

    nom = models.CharField("nom", max_length=200)
    adresse = models.CharField("adresse", max_length=255)
    code_postal = models.CharField("code postal", max_length=5)
    commune = models.CharField("commune", max_length=100)
    departement = models.CharField("département", max_length=3, help_text="Numéro du département, par exemple 24.")
    fuseau_horaire = models.CharField(
        "fuseau horaire", max_length=60, default=FUSEAU_PAR_DEFAUT, validators=[valider_fuseau]
    )
    actif = models.BooleanField("actif", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "lieu de solidarité territoriale"
        verbose_name_plural = "lieux de solidarité territoriale"
        ordering = ["departement", "commune", "nom", "id"]

    def __str__(self):
        return f"{self.nom} ({self.commune}, {self.departement})"


class ConseilDepartemental(models.Model):
    """The address of another department's council, told when one of its places gets a validated volunteer."""

    departement = models.CharField("département", max_length=3, unique=True)
    nom = models.CharField("nom", max_length=200)
    email = models.EmailField("adresse électronique")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "conseil départemental (adresse)"
        verbose_name_plural = "conseils départementaux (adresses)"
        ordering = ["departement"]

    def __str__(self):
        return f"{self.nom} ({self.departement})"


class StatutVolontaire(models.TextChoices):
    DEPOSEE = "deposee", "Déposée"
    EN_VERIFICATION = "en_verification", "En vérification"
    CORRECTION_DEMANDEE = "correction_demandee", "Correction demandée"
    VALIDEE = "validee", "Validée"
    REFUSEE = "refusee", "Refusée"
    SANS_SUITE = "sans_suite", "Classée sans suite"


# The workflow of a volunteer, as data: from a state, the states an act may lead to.
TRANSITIONS_VOLONTAIRE: dict[str, frozenset[str]] = {
    StatutVolontaire.DEPOSEE: frozenset({StatutVolontaire.EN_VERIFICATION, StatutVolontaire.SANS_SUITE}),
    StatutVolontaire.EN_VERIFICATION: frozenset(
        {
            StatutVolontaire.CORRECTION_DEMANDEE,
            StatutVolontaire.VALIDEE,
            StatutVolontaire.REFUSEE,
            StatutVolontaire.SANS_SUITE,
        }
    ),
    StatutVolontaire.CORRECTION_DEMANDEE: frozenset({StatutVolontaire.EN_VERIFICATION, StatutVolontaire.SANS_SUITE}),
    StatutVolontaire.VALIDEE: frozenset(),
    StatutVolontaire.REFUSEE: frozenset(),
    StatutVolontaire.SANS_SUITE: frozenset(),
}
# The moves that need a reason.
AVEC_MOTIF = frozenset({StatutVolontaire.CORRECTION_DEMANDEE, StatutVolontaire.REFUSEE, StatutVolontaire.SANS_SUITE})
STATUTS_CLOS = frozenset({StatutVolontaire.REFUSEE, StatutVolontaire.SANS_SUITE})

# The exercise modes the pilot admits (CONTRACT.md solidarite: liberal, salarie, hospitalier, mixte, remplacant,
# retired with or without activity).
EXERCICES_ADMIS = (
    Exercice.LIBERAL,
    Exercice.SALARIE,
    Exercice.HOSPITALIER,
    Exercice.MIXTE,
    Exercice.REMPLACANT,
    Exercice.RETRAITE_ACTIF,
    Exercice.RETRAITE_SANS_ACTIVITE,
)


class Volontaire(models.Model):
    """A doctor of this council who volunteers (espace, API, or staff from the national form's export)."""

    medecin = models.ForeignKey(Medecin, on_delete=models.PROTECT, related_name="volontariats", verbose_name="médecin")
    lieux = models.ManyToManyField(Lieu, related_name="volontaires", verbose_name="lieux souhaités")
    creneaux_souhaites = models.TextField("créneaux souhaités", blank=True)
    lieu_exercice_principal = models.CharField(
        "lieu d'exercice principal", max_length=255, blank=True, help_text="Ou le plus récent pour un retraité."
    )
    statut = models.CharField(
        "statut", max_length=20, choices=StatutVolontaire.choices, default=StatutVolontaire.DEPOSEE
    )
    date_depot = models.DateField("déposée le")
    numero_dossier = models.CharField(
        "numéro de dossier (Démarches simplifiées)",
        max_length=30,
        null=True,
        blank=True,
        unique=True,
        help_text="Le numéro du dossier du formulaire national, quand la candidature vient de son export.",
    )
    # The private feed's secret link (/solidarite/agenda/<jeton>.ics): revoked by drawing a new one.
    jeton_agenda = models.CharField("jeton du lien d'agenda", max_length=64, unique=True, default=nouveau_jeton)

    history = HistoricalRecords(m2m_fields=[lieux])

    class Meta:
        verbose_name = "volontaire"
        ordering = ["-date_depot", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["medecin"],
                condition=~models.Q(statut__in=["refusee", "sans_suite"]),
                name="un_volontariat_ouvert_par_medecin",
                violation_error_message="Ce médecin a déjà une candidature en cours ou validée.",
            )
        ]

    def __str__(self):
        return f"Volontariat de {self.medecin} ({self.get_statut_display().lower()})"


class ChangementStatutVolontaire(models.Model):
    """The log of a volunteer's states: who moved it, when, why."""

    volontaire = models.ForeignKey(Volontaire, on_delete=models.CASCADE, related_name="changements")
    ancien_statut = models.CharField("ancien statut", max_length=20, choices=StatutVolontaire.choices, blank=True)
    nouveau_statut = models.CharField("nouveau statut", max_length=20, choices=StatutVolontaire.choices)
    date = models.DateField("date")
    motif = models.TextField("motif", blank=True)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="par"
    )
    le = models.DateTimeField("enregistré le", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "changement d'état d'un volontaire"
        verbose_name_plural = "changements d'état des volontaires"
        ordering = ["volontaire", "le", "id"]

    def __str__(self):
        return f"{self.get_nouveau_statut_display()} le {self.date:%d/%m/%Y}"


class Critere(models.TextChoices):
    INSCRIT = "inscrit", "Inscrit au tableau"
    SANS_INTERDICTION = "sans_interdiction", "Aucun empêchement d'exercer"
    MODE_EXERCICE = "mode_exercice", "Mode d'exercice admis par le pilote"


class Occasion(models.TextChoices):
    VALIDATION = "validation", "Validation du volontaire"
    EXPORT = "export", "Export vers l'agenda public"


class Verification(models.Model):
    """Dated evidence of one check: who checked what, on which date, what the register showed."""

    volontaire = models.ForeignKey(Volontaire, on_delete=models.CASCADE, related_name="verifications")
    critere = models.CharField("critère", max_length=20, choices=Critere.choices)
    conforme = models.BooleanField("conforme")
    constat = models.CharField("constat", max_length=255)
    occasion = models.CharField("occasion", max_length=12, choices=Occasion.choices)
    date = models.DateField("vérifié le")
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="vérifié par"
    )
    le = models.DateTimeField("enregistré le", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "vérification"
        ordering = ["volontaire", "-le", "critere"]

    def __str__(self):
        return (
            f"{self.get_critere_display()} : {'conforme' if self.conforme else 'non conforme'} ({self.date:%d/%m/%Y})"
        )


class StatutJournee(models.TextChoices):
    PREVUE = "prevue", "Prévue"
    EFFECTUEE = "effectuee", "Effectuée"
    ANNULEE = "annulee", "Annulée"


class ParametreIndemnite(models.Model):
    """The daily flat allowance of a year (seed 004: 200 EUR a day, on top of the fees)."""

    annee = models.PositiveSmallIntegerField("année", unique=True)
    montant_journalier = models.DecimalField("indemnité journalière", max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "indemnité journalière (barème annuel)"
        verbose_name_plural = "indemnités journalières (barèmes annuels)"
        ordering = ["-annee"]

    def __str__(self):
        return f"{self.annee} : {self.montant_journalier} € par jour"


class PaiementIndemnite(models.Model):
    """The payment of a doctor's days of one month (the paper form of the pilot): its days are locked."""

    medecin = models.ForeignKey(Medecin, on_delete=models.PROTECT, related_name="paiements_solidarite")
    mois = models.DateField("mois", help_text="Le premier jour du mois payé.")
    jours = models.PositiveSmallIntegerField("jours payés")
    montant = models.DecimalField("montant", max_digits=12, decimal_places=2)
    date_paiement = models.DateField("payé le")
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="enregistré par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "paiement d'indemnités de solidarité"
        verbose_name_plural = "paiements d'indemnités de solidarité"
        ordering = ["-mois", "medecin"]

    def __str__(self):
        return f"{self.medecin} : {self.mois:%m/%Y}, {self.montant} €"


class Journee(models.Model):
    """One planned day of a volunteer at a place (local times of the place). `medecin` repeats the volunteer's
    doctor so that the database itself refuses two overlapping days of one doctor (exclusion constraint)."""

    volontaire = models.ForeignKey(Volontaire, on_delete=models.PROTECT, related_name="journees")
    medecin = models.ForeignKey(Medecin, on_delete=models.PROTECT, related_name="journees_solidarite", editable=False)
    lieu = models.ForeignKey(Lieu, on_delete=models.PROTECT, related_name="journees")
    date = models.DateField("date")
    debut = models.TimeField("début (heure locale)")
    fin = models.TimeField("fin (heure locale)")
    statut = models.CharField("statut", max_length=10, choices=StatutJournee.choices, default=StatutJournee.PREVUE)
    motif_annulation = models.TextField("motif de l'annulation", blank=True)
    # RFC 5545: grows by one each time what the day's event shows changes: moved or cancelled (its services), or
    # what it shows of the place, the doctor or his checks (the feeds compare `empreinte`: solidarite/agenda.py).
    sequence = models.PositiveIntegerField("version (SEQUENCE)", default=0, editable=False)
    modifiee_le = models.DateTimeField("modifiée le", auto_now=True)
    empreinte = models.CharField(
        "empreinte de la version publiée",
        max_length=32,
        blank=True,
        editable=False,
        help_text="Ce que montrait l'événement à sa dernière publication ; vide : version pas encore publiée.",
    )
    paiement = models.ForeignKey(
        PaiementIndemnite,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="journees",
        verbose_name="paiement",
        editable=False,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "journée de solidarité"
        verbose_name_plural = "journées de solidarité"
        ordering = ["date", "debut", "id"]
        indexes = [models.Index(fields=["medecin", "date"], name="journee_medecin_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fin__gt=models.F("debut")),
                name="journee_fin_apres_debut",
                violation_error_message="L'heure de fin doit être après l'heure de début.",
            )
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.debut:%H:%M}-{self.fin:%H:%M}, {self.lieu.nom}"

    @property
    def uid(self) -> str:
        """The iCalendar UID: never changes for this row."""
        return f"journee-{self.pk}@solidarite.{settings.CDOM_DEPARTEMENT}.cdom"
