"""The allowances of the elected members (seed 002 L.II T.VI 1 and annexe IV 3; DOMAIN.md 3 « Allowances »).

- `BaremeIndemnites`: the yearly figures (the CNOM's scale of maxima, the PASS, the CSG/CRDS rates), a parameter
  table keyed by year, loaded for 2026 and 2027 by migration and edited in the admin, never a constant.
- `RepartitionIndemnites`: what the plenary decided for a year about the responsibility allowances (président,
  secrétaire général, trésorier): the registered-doctors figure it retained, the option to raise a président's
  figure below 18 000 € to 18 000 €, another split of the same total; each cites its adopted deliberation.
- `Vacation`: one participation allowance (vacation) of a member: an hour, a half-day or a day of commission,
  conciliation, mission, plenary attendance, or travel time; its gross amount is fixed when it is recorded.

The rules (caps, who may, the split's checks) are in tresorerie/services/indemnites.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .commun import argent


def _taux(libelle, **kwargs):
    return models.DecimalField(libelle, max_digits=6, decimal_places=2, **kwargs)


class BaremeIndemnites(models.Model):
    annee = models.PositiveSmallIntegerField("année", primary_key=True)
    # Annexe IV 3.2.1: président = socle + 4 € per registered doctor up to 5 000, then 3 € from the 5 001st.
    socle_president = argent("socle fixe de l'indemnité du président")
    montant_par_inscrit = argent("montant par inscrit (première tranche)")
    seuil_inscrits = models.PositiveIntegerField("inscrits de la première tranche")
    montant_par_inscrit_au_dela = argent("montant par inscrit au-delà")
    plancher_president = argent(
        "montant auquel la plénière peut relever l'indemnité du président",
        help_text="Pour un conseil dont l'indemnité théorique du président est inférieure (annexe IV 3.2.1).",
    )
    plafond_paris = argent("plafond du conseil de la Ville de Paris")
    # Annexe IV 3.1.2: the participation allowance (vacations).
    vacation_heure = argent("vacation : une heure")
    vacation_demi_journee = argent("vacation : une demi-journée (à partir de 3 heures)")
    vacation_journee = argent("vacation : une journée (deux vacations)")
    # Titre VI 1: the yearly total per person ≤ 3 × PASS (plafond annuel de la sécurité sociale, gross).
    plafond_annuel_securite_sociale = argent("plafond annuel de la sécurité sociale (PASS)")
    # Titre VI 1: the council withholds the CSG and the CRDS (rates and base: URSSAF, see migration 0004).
    taux_csg = _taux("taux de la CSG (%)")
    taux_crds = _taux("taux de la CRDS (%)")
    assiette_csg_crds = _taux("assiette de la CSG et de la CRDS (% du brut)")
    source = models.TextField("source des montants", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "barème des indemnités"
        verbose_name_plural = "barèmes des indemnités"
        ordering = ["-annee"]
        constraints = [
            models.CheckConstraint(
                condition=Q(socle_president__gte=0)
                & Q(montant_par_inscrit__gte=0)
                & Q(montant_par_inscrit_au_dela__gte=0)
                & Q(plancher_president__gte=0)
                & Q(plafond_paris__gte=0)
                & Q(vacation_heure__gte=0)
                & Q(vacation_demi_journee__gte=0)
                & Q(vacation_journee__gte=0)
                & Q(plafond_annuel_securite_sociale__gte=0)
                & Q(taux_csg__gte=0)
                & Q(taux_crds__gte=0)
                & Q(assiette_csg_crds__gte=0)
                & Q(assiette_csg_crds__lte=100),
                name="bareme_indemnites_positif",
            ),
        ]

    def __str__(self):
        return f"Barème des indemnités {self.annee}"


class RepartitionIndemnites(models.Model):
    annee = models.PositiveSmallIntegerField("année", unique=True)
    inscrits = models.PositiveIntegerField(
        "nombre d'inscrits au 1er octobre de l'année précédente",
        null=True,
        blank=True,
        help_text="Laissé vide : le tableau est compté à cette date.",
    )
    releve_au_plancher = models.BooleanField(
        "indemnité du président relevée au plancher (18 000 €)",
        default=False,
        help_text="Proportions gardées entre le président, le secrétaire général et le trésorier.",
    )
    # Another split (annexe IV 3.2): all three or none; within the theoretical total, none above the président's.
    montant_president = argent("indemnité annuelle du président", null=True, blank=True)
    montant_secretaire_general = argent("indemnité annuelle du secrétaire général", null=True, blank=True)
    montant_tresorier = argent("indemnité annuelle du trésorier", null=True, blank=True)
    deliberation = models.ForeignKey(
        "gouvernance.Deliberation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repartitions_indemnites",
        verbose_name="délibération de la séance plénière",
    )
    enregistree_le = models.DateField("enregistrée le")
    enregistree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="enregistrée par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "décision sur les indemnités de responsabilité"
        verbose_name_plural = "décisions sur les indemnités de responsabilité"
        ordering = ["-annee"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(montant_president__isnull=True)
                    & Q(montant_secretaire_general__isnull=True)
                    & Q(montant_tresorier__isnull=True)
                )
                | (Q(montant_president__gt=0) & Q(montant_secretaire_general__gt=0) & Q(montant_tresorier__gt=0)),
                name="repartition_indemnites_trois_montants",
                violation_error_message="Une autre répartition fixe les trois indemnités, chacune supérieure à zéro.",
            ),
        ]

    def __str__(self):
        return f"Indemnités de responsabilité {self.annee}"

    @property
    def autre_repartition(self) -> bool:
        return self.montant_president is not None


class DureeVacation(models.TextChoices):
    HEURE = "heure", "À l'heure"
    DEMI_JOURNEE = "demi_journee", "Demi-journée (une vacation)"
    JOURNEE = "journee", "Journée (deux vacations)"


class NatureVacation(models.TextChoices):
    COMMISSION = "commission", "Commission"
    CONCILIATION = "conciliation", "Conciliation"
    MISSION = "mission", "Mission ponctuelle"
    SEANCE_PLENIERE = "seance_pleniere", "Séance plénière"
    DEPLACEMENT = "deplacement", "Temps de déplacement (plus de 3 heures par trajet)"


# How many of the day's two vacations a row takes (annexe IV 3.1.2: « Il ne peut être pris en charge que deux
# vacations par jour »; a day is two). A sitting paid by the hour is one vacation of the day.
VACATIONS_PAR_DUREE = {DureeVacation.HEURE: 1, DureeVacation.DEMI_JOURNEE: 1, DureeVacation.JOURNEE: 2}


class Vacation(models.Model):
    membre = models.ForeignKey(
        "gouvernance.Membre", on_delete=models.PROTECT, related_name="vacations", verbose_name="membre"
    )
    date = models.DateField("date")
    nature = models.CharField(
        "nature", max_length=20, choices=NatureVacation.choices, default=NatureVacation.COMMISSION
    )
    duree = models.CharField("durée", max_length=12, choices=DureeVacation.choices)
    heures = models.DecimalField(
        "heures",
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Pour une vacation à l'heure, ou la durée du trajet pour un temps de déplacement.",
    )
    nombre_vacations = models.PositiveSmallIntegerField("vacations décomptées")
    montant = argent("montant brut")
    seance = models.ForeignKey(
        "gouvernance.Seance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vacations",
        verbose_name="séance",
    )
    objet = models.CharField("objet", max_length=255, blank=True)
    saisie_le = models.DateField("saisie le")
    saisie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisie par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "vacation (indemnité de participation)"
        verbose_name_plural = "vacations (indemnités de participation)"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(montant__gte=0), name="vacation_montant_positif"),
            models.CheckConstraint(
                condition=Q(heures__isnull=True) | Q(heures__gt=0), name="vacation_heures_positives"
            ),
            models.CheckConstraint(
                condition=Q(nombre_vacations__gte=1) & Q(nombre_vacations__lte=2), name="vacation_une_ou_deux"
            ),
        ]
        indexes = [models.Index(fields=["membre", "date"], name="vacation_membre_date")]

    def __str__(self):
        return f"Vacation du {self.date:%d/%m/%Y} · {self.membre}"


class StructureOrdinale(models.TextChoices):
    REGIONAL = "regional", "Conseil régional ou interrégional"
    NATIONAL = "national", "Conseil national"
    CHAMBRE = "chambre", "Chambre disciplinaire ou section des assurances sociales"


class IndemniteAutreStructure(models.Model):
    """What a member declares he receives for the year from another ordinal structure: the three structures' total
    may not exceed 3 × PASS (Titre VI 1), so it counts in the yearly cap of his vacations here."""

    membre = models.ForeignKey(
        "gouvernance.Membre", on_delete=models.PROTECT, related_name="indemnites_autres_structures"
    )
    annee = models.PositiveSmallIntegerField("année")
    structure = models.CharField("structure", max_length=10, choices=StructureOrdinale.choices)
    montant = argent("montant brut de l'année")
    declaree_le = models.DateField("déclarée le")
    saisie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisie par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "indemnité perçue dans une autre structure"
        verbose_name_plural = "indemnités perçues dans d'autres structures"
        ordering = ["-annee", "membre", "structure"]
        constraints = [
            models.UniqueConstraint(fields=["membre", "annee", "structure"], name="indemnite_autre_structure_unique"),
            models.CheckConstraint(condition=Q(montant__gte=0), name="indemnite_autre_structure_positive"),
        ]

    def __str__(self):
        return f"{self.get_structure_display()} {self.annee} · {self.membre}"
