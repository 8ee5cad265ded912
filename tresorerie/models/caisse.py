"""The cash box (caisse) under the trésorier (seed 002 L.II T.I 2.3 c): « une caisse est ouverte, placée sous la
responsabilité du trésorier, au sein de laquelle les sommes sont répertoriées à chaque opération avec tous les
justificatifs correspondants. Le solde de cette caisse ne peut être supérieur à mille euros (1000 €). »

- `ParametreCaisse`: the ceiling of the balance, a yearly parameter (1 000 € for 2026 and 2027, migration
  0003_cloture), edited in the admin through `parametre_enregistrer`.
- `MouvementCaisse`: one entry (`entree`) or exit (`sortie`) with its counterpart account; never changed nor deleted:
  a wrong movement is cancelled by its counter-movement (`annule` points to the movement it cancels, once), with
  the reason. The balance never goes above the year's ceiling nor below zero, at any point of the cash book
  (services/caisse.py counts under one shared lock).
- `PieceCaisse`: the supporting document of a movement (PDF, JPEG, PNG judged by content, commun/fichiers.py).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .commun import argent
from .plan import CompteComptable


class ParametreCaisse(models.Model):
    annee = models.PositiveSmallIntegerField("année", unique=True)
    plafond = argent("plafond du solde de la caisse")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "plafond de la caisse"
        verbose_name_plural = "plafonds de la caisse"
        ordering = ["-annee"]
        constraints = [models.CheckConstraint(condition=Q(plafond__gte=0), name="caisse_plafond_positif")]

    def __str__(self):
        return f"Plafond de caisse {self.annee}"


class SensMouvement(models.TextChoices):
    ENTREE = "entree", "Entrée"
    SORTIE = "sortie", "Sortie"


class MouvementCaisse(models.Model):
    numero = models.CharField("numéro", max_length=20, blank=True)
    sens = models.CharField("sens", max_length=6, choices=SensMouvement.choices)
    montant = argent("montant")
    objet = models.CharField("objet", max_length=255)
    date = models.DateField("date")
    compte = models.ForeignKey(
        CompteComptable,
        on_delete=models.PROTECT,
        related_name="mouvements_caisse",
        verbose_name="compte de contrepartie",
        help_text="512 Banque pour un retrait ou un dépôt, un compte de charge (classe 6) pour une dépense payée en "
        "espèces, de produit (classe 7) pour une recette.",
    )
    annule = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contre_mouvement",
        verbose_name="annule le mouvement",
    )
    motif_annulation = models.TextField("motif de l'annulation", blank=True)
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par"
    )
    saisi_le = models.DateTimeField("saisi le", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mouvement de caisse"
        verbose_name_plural = "mouvements de caisse"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(montant__gt=0), name="caisse_montant_positif"),
            models.CheckConstraint(
                condition=Q(annule__isnull=True) | ~Q(motif_annulation=""), name="caisse_annulation_motivee"
            ),
        ]
        indexes = [models.Index(fields=["date", "id"], name="caisse_date_idx")]

    def __str__(self):
        return f"Caisse {self.numero or self.pk} · {self.get_sens_display()} {self.montant} € · {self.objet}"

    @property
    def montant_signe(self):
        return self.montant if self.sens == SensMouvement.ENTREE else -self.montant


def _chemin_piece(instance, filename):
    return f"tresorerie/caisse/{uuid.uuid4().hex}"


class PieceCaisse(models.Model):
    mouvement = models.ForeignKey(MouvementCaisse, on_delete=models.PROTECT, related_name="pieces")
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
        verbose_name = "justificatif de caisse"
        verbose_name_plural = "justificatifs de caisse"
        ordering = ["mouvement", "id"]

    def __str__(self):
        return self.nom_original
