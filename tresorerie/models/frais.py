"""Expense claims of the elected members (notes de frais) and their yearly scales (seed 002 annexe III, 2.1-2.2):
reimbursement of real costs, capped, on receipts only — mileage on the fiscal scale (barème kilométrique fiscal)
from the member's address (professional for the active, correspondence for the retired; from the council's seat,
capped at 80 km return, for a member living outside the department), train in 1st class, a hotel night ≤ 200 €
breakfast included, a meal ≤ 35 €, a breakfast ≤ 15 € only when no hotel night precedes it.

A claim is filed as a draft by the member (or by the accounting service for him), each line with its receipts,
submitted, checked by the liquidateur (verified, or sent back for correction), then paid through the expense chain
on the line 6251 of the year's budget: its Engagement carries the receipts as supporting documents."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .commun import argent
from .engagement import Engagement


def _taux(libelle, **kwargs):
    """A rate in euros per km, as the fiscal scale prints it (three decimals)."""
    return models.DecimalField(libelle, max_digits=6, decimal_places=3, **kwargs)


class ParametresFrais(models.Model):
    """The caps of the year (seed 002 annexe III): yearly parameters, edited in the admin."""

    annee = models.PositiveSmallIntegerField("année", unique=True)
    plafond_hotel = argent("plafond d'une nuit d'hôtel (petit déjeuner compris)")
    plafond_repas = argent("plafond d'un repas (midi ou soir)")
    plafond_petit_dejeuner = argent("plafond d'un petit déjeuner (sans nuit d'hôtel la veille)")
    km_hors_departement = models.PositiveIntegerField(
        "kilomètres pris en charge hors du département (aller-retour)",
        help_text="Un élu domicilié hors du département est remboursé depuis le siège du conseil, dans cette limite.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "plafonds des frais de l'année"
        verbose_name_plural = "plafonds des frais"
        ordering = ["-annee"]
        constraints = [
            models.CheckConstraint(
                condition=Q(plafond_hotel__gte=0, plafond_repas__gte=0, plafond_petit_dejeuner__gte=0),
                name="parametres_frais_plafonds_positifs",
            ),
        ]

    def __str__(self):
        return f"Plafonds des frais {self.annee}"


class BaremeKilometrique(models.Model):
    """One row of the fiscal mileage scale of a year (voitures), for one fiscal horsepower: the yearly amount for
    a yearly distance d is d × taux_1 up to `limite_1` km, d × taux_2 + forfait_2 up to `limite_2` km, d × taux_3
    beyond. 3 CV stands for « 3 CV et moins », 7 CV for « 7 CV et plus »."""

    annee = models.PositiveSmallIntegerField("année")
    cv = models.PositiveSmallIntegerField("puissance fiscale (CV)")
    limite_1 = models.PositiveIntegerField("fin de la première tranche (km)", default=5000)
    taux_1 = _taux("taux de la première tranche (€/km)")
    limite_2 = models.PositiveIntegerField("fin de la deuxième tranche (km)", default=20000)
    taux_2 = _taux("taux de la deuxième tranche (€/km)")
    forfait_2 = argent("forfait de la deuxième tranche")
    taux_3 = _taux("taux au-delà (€/km)")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "barème kilométrique fiscal"
        verbose_name_plural = "barèmes kilométriques fiscaux"
        ordering = ["-annee", "cv"]
        constraints = [
            models.UniqueConstraint(fields=["annee", "cv"], name="bareme_km_un_par_annee_et_puissance"),
            models.CheckConstraint(condition=Q(cv__gte=3, cv__lte=7), name="bareme_km_puissance_3_a_7"),
            models.CheckConstraint(condition=Q(limite_1__lt=models.F("limite_2")), name="bareme_km_tranches"),
        ]

    def __str__(self):
        cv = {3: "3 CV et moins", 7: "7 CV et plus"}.get(self.cv, f"{self.cv} CV")
        return f"Barème kilométrique {self.annee} · {cv}"


class StatutNote(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    SOUMISE = "soumise", "Soumise au liquidateur"
    A_CORRIGER = "a_corriger", "À corriger"
    VERIFIEE = "verifiee", "Vérifiée par le liquidateur"
    ENGAGEE = "engagee", "Engagée"
    LIQUIDEE = "liquidee", "Liquidée"
    ORDONNANCEE = "ordonnancee", "Ordonnancée"
    PAYEE = "payee", "Payée"


# The claim's workflow, as data: the member files and submits, the liquidateur checks (or sends back), then the
# expense chain (engaged by the ordonnateur, liquidated, ordered, paid) moves it to the end.
TRANSITIONS_NOTE = {
    StatutNote.BROUILLON: {StatutNote.SOUMISE},
    StatutNote.SOUMISE: {StatutNote.VERIFIEE, StatutNote.A_CORRIGER},
    StatutNote.A_CORRIGER: {StatutNote.SOUMISE},
    StatutNote.VERIFIEE: {StatutNote.ENGAGEE},
    StatutNote.ENGAGEE: {StatutNote.LIQUIDEE},
    StatutNote.LIQUIDEE: {StatutNote.ORDONNANCEE},
    StatutNote.ORDONNANCEE: {StatutNote.PAYEE},
    StatutNote.PAYEE: set(),
}
# The states in which the member may still add or correct lines and receipts.
STATUTS_MODIFIABLES = frozenset({StatutNote.BROUILLON, StatutNote.A_CORRIGER})


class TypeFrais(models.TextChoices):
    HOTEL = "hotel", "Nuit d'hôtel (petit déjeuner compris)"
    REPAS = "repas", "Repas"
    PETIT_DEJEUNER = "petit_dejeuner", "Petit déjeuner (sans nuit d'hôtel la veille)"
    TRAIN = "train", "Train (1re classe)"
    KM = "km", "Indemnités kilométriques"


class NoteFrais(models.Model):
    membre = models.ForeignKey(
        "gouvernance.Membre", on_delete=models.PROTECT, related_name="notes_frais", verbose_name="membre du conseil"
    )
    numero = models.CharField("numéro", max_length=20, blank=True)
    objet = models.CharField("objet du déplacement", max_length=255, blank=True)
    statut = models.CharField("statut", max_length=12, choices=StatutNote.choices, default=StatutNote.BROUILLON)
    vehicule_cv = models.PositiveSmallIntegerField("puissance fiscale du véhicule (CV)", null=True, blank=True)
    # The reading of the règlement, kept with the claim: where the mileage counts from and whether it is capped.
    hors_departement = models.BooleanField("domicilié hors du département", default=False)
    adresse_depart = models.CharField("adresse de départ retenue", max_length=400, blank=True)
    montant_demande = argent("montant demandé", default=0)
    montant_rembourse = argent("montant remboursable", default=0)
    cree_le = models.DateField("créée le")
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisie par"
    )
    soumise_le = models.DateField("soumise le", null=True, blank=True)
    verifiee_le = models.DateField("vérifiée le", null=True, blank=True)
    verifiee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="vérifiée par (liquidateur)",
    )
    motif_correction = models.TextField("motif du renvoi pour correction", blank=True)
    engagement = models.OneToOneField(
        Engagement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="note_frais",
        verbose_name="engagement de dépense",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "note de frais"
        verbose_name_plural = "notes de frais"
        ordering = ["-cree_le", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant_rembourse__gte=0, montant_demande__gte=0), name="note_frais_montants_positifs"
            ),
            models.CheckConstraint(
                condition=Q(vehicule_cv__isnull=True) | Q(vehicule_cv__gte=1, vehicule_cv__lte=99),
                name="note_frais_puissance_plausible",
            ),
        ]
        indexes = [models.Index(fields=["statut", "cree_le"], name="note_frais_statut")]

    def __str__(self):
        return f"Note de frais {self.numero or self.pk}"

    @property
    def modifiable(self) -> bool:
        return self.statut in STATUTS_MODIFIABLES


class LigneFrais(models.Model):
    note = models.ForeignKey(NoteFrais, on_delete=models.CASCADE, related_name="lignes", verbose_name="note de frais")
    type = models.CharField("nature de la dépense", max_length=16, choices=TypeFrais.choices)
    date = models.DateField("date")
    libelle = models.CharField("précision", max_length=200, blank=True)
    montant = argent("montant demandé")
    # A mileage line whose amount the member left empty asks what the scale gives on the distance he declares.
    montant_au_bareme = models.BooleanField("montant demandé calculé sur le barème", default=False)
    km = models.PositiveIntegerField("distance déclarée (km aller-retour)", null=True, blank=True)
    km_retenus = models.PositiveIntegerField("distance retenue (km)", null=True, blank=True)
    montant_rembourse = argent("montant remboursable")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "ligne de note de frais"
        verbose_name_plural = "lignes de note de frais"
        ordering = ["note", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant__gte=0, montant_rembourse__gte=0), name="ligne_frais_montants_positifs"
            ),
            models.CheckConstraint(
                condition=~Q(type="km") | Q(km__gt=0, km_retenus__isnull=False), name="ligne_frais_km_declares"
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} du {self.date:%d/%m/%Y}"


def _chemin_justificatif(instance, filename):
    return f"tresorerie/frais/{uuid.uuid4().hex}"


class JustificatifFrais(models.Model):
    """A receipt of one line (the invoice, the ticket; for mileage, the convocation to the meeting or a route
    printout), judged by its content at upload, stored privately and streamed only to those entitled."""

    ligne = models.ForeignKey(LigneFrais, on_delete=models.CASCADE, related_name="justificatifs", verbose_name="ligne")
    fichier = models.FileField("fichier", upload_to=_chemin_justificatif, max_length=255)
    nom_original = models.CharField("nom du fichier", max_length=200)
    taille = models.PositiveIntegerField("taille (octets)")
    type_contenu = models.CharField("type", max_length=40)
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    depose_le = models.DateField("déposé le")
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="déposé par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "justificatif de frais"
        verbose_name_plural = "justificatifs de frais"
        ordering = ["ligne", "id"]

    def __str__(self):
        return self.nom_original
