"""Models shared by every app: the dated-period base, the log of confidential reads."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q

from .periodes import couvre_q


class PeriodeDatee(models.Model):
    """A row that holds over an inclusive period, from `date_debut` to `date_fin` (open when empty): a mandate, a
    function, a delegation, a seat. Subclasses may redeclare the two fields with their own labels, and list
    `PeriodeDatee.contrainte_dates(...)` in their `Meta.constraints`."""

    date_debut = models.DateField("depuis le")
    date_fin = models.DateField("jusqu'au", null=True, blank=True)

    class Meta:
        abstract = True

    def couvre(self, date: datetime.date) -> bool:
        return self.date_debut <= date and (self.date_fin is None or date <= self.date_fin)

    @classmethod
    def couvrant(cls, date: datetime.date):
        """The rows whose period covers `date`."""
        return cls._default_manager.filter(couvre_q(date))

    @staticmethod
    def contrainte_dates(nom: str, message: str, *, debut_facultatif: bool = False) -> models.CheckConstraint:
        """The constraint of every dated row: it cannot end before it starts (held by the database too)."""
        condition = Q(date_fin__isnull=True) | Q(date_fin__gte=F("date_debut"))
        if debut_facultatif:
            condition |= Q(date_debut__isnull=True)
        return models.CheckConstraint(condition=condition, name=nom, violation_error_message=message)


class JournalAcces(models.Model):
    """One granted read of a confidential object (config.perms.exiger(..., lecture=True)): who, when, what.
    Not history-tracked: it is itself the trace, and nobody edits it."""

    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="utilisateur"
    )
    action = models.CharField("acte", max_length=100)
    type_objet = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", verbose_name="type")
    objet_id = models.CharField("identifiant", max_length=40)
    le = models.DateTimeField("le", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "consultation d'un dossier confidentiel"
        verbose_name_plural = "journal des consultations confidentielles"
        ordering = ["-le", "-id"]
        indexes = [models.Index(fields=["type_objet", "objet_id"], name="journal_acces_objet_idx")]

    def __str__(self):
        return f"{self.utilisateur} – {self.action} – {self.le:%d/%m/%Y %H:%M}"

    @classmethod
    def consigner(cls, *, utilisateur, action: str, objet) -> "JournalAcces":
        return cls.objects.create(
            utilisateur=utilisateur,
            action=action,
            type_objet=ContentType.objects.get_for_model(objet),
            objet_id=str(objet.pk),
        )


class Verrou(models.Model):
    """A named row that transactions lock to count rows under a shared ceiling (commun.services.verrouiller)."""

    cle = models.CharField("clé", max_length=150, unique=True)

    class Meta:
        verbose_name = "verrou"

    def __str__(self):
        return self.cle
