"""The print run of a year's dues calls (issue 10 point 8): one print-ready PDF of every call, rendered in chunks
by Celery workers and merged at the end.

The letters of a run are fixed when it is asked for (each chunk keeps the ids of its dues, in the run's order), so
a dues record called later does not shift the chunks. A chunk is unique per (run, number): a worker killed in the
middle leaves its chunk "en cours", which the redelivered task (acks_late) or the run's resumption renders again;
a chunk marked done is never rendered again, and is counted once in the run's progress."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class EtatTirage(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    ASSEMBLAGE = "assemblage", "Assemblage du fichier"
    TERMINE = "termine", "Terminé"


class EtatLot(models.TextChoices):
    A_FAIRE = "a_faire", "À faire"
    EN_COURS = "en_cours", "En cours"
    FAIT = "fait", "Fait"


class Tirage(models.Model):
    """One print run: every dues call of a year, `total` letters, `faites` rendered so far."""

    annee = models.PositiveSmallIntegerField("année des cotisations")
    etat = models.CharField("état", max_length=12, choices=EtatTirage.choices, default=EtatTirage.EN_COURS)
    total = models.PositiveIntegerField("lettres à imprimer", default=0)
    faites = models.PositiveIntegerField("lettres faites", default=0)
    taille_lot = models.PositiveIntegerField("lettres par lot")
    debut = models.DateTimeField("commencé le")
    fin = models.DateTimeField("terminé le", null=True, blank=True)
    fichier = models.CharField("fichier", max_length=255, blank=True, help_text="Relatif à MEDIA_ROOT (privé).")
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="demandé par"
    )
    demande_le = models.DateField("demandé le")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "tirage des appels de cotisation"
        verbose_name_plural = "tirages des appels de cotisation"
        ordering = ["-debut", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(faites__lte=models.F("total")),
                name="tirage_faites_au_plus_total",
                violation_error_message="Un tirage ne peut compter plus de lettres faites que de lettres à faire.",
            )
        ]

    def __str__(self):
        return f"Tirage des appels {self.annee} n° {self.pk}"

    @property
    def pourcentage(self) -> int:
        return 100 if not self.total else int(self.faites * 100 / self.total)


class LotTirage(models.Model):
    """A chunk of a run: the letters `rang_debut`..`rang_fin` (1-based, in the run's order), whose dues ids are
    kept in `cotisations`; its PDF is stored under MEDIA_ROOT once rendered."""

    tirage = models.ForeignKey(Tirage, on_delete=models.CASCADE, related_name="lots", verbose_name="tirage")
    numero = models.PositiveIntegerField("numéro du lot")
    rang_debut = models.PositiveIntegerField("première lettre")
    rang_fin = models.PositiveIntegerField("dernière lettre")
    cotisations = models.JSONField("cotisations du lot", default=list)
    etat = models.CharField("état", max_length=10, choices=EtatLot.choices, default=EtatLot.A_FAIRE)
    essais = models.PositiveSmallIntegerField("rendus commencés", default=0)
    fichier = models.CharField("fichier", max_length=255, blank=True)
    fait_le = models.DateTimeField("fait le", null=True, blank=True)

    class Meta:
        verbose_name = "lot d'un tirage"
        verbose_name_plural = "lots des tirages"
        ordering = ["tirage", "numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["tirage", "numero"],
                name="lot_tirage_unique_numero",
                violation_error_message="Ce lot existe déjà pour ce tirage.",
            )
        ]

    def __str__(self):
        return f"Lot {self.numero} du tirage {self.tirage_id}"

    @property
    def nombre(self) -> int:
        return self.rang_fin - self.rang_debut + 1
