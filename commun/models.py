"""Models shared by every app (abstract bases and the rows of the sends)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords


class NatureEnvoi(models.TextChoices):
    """What a message is. An app that sends a new kind of e-mail adds its member here (the admin filters on it)."""

    CONVOCATION = "convocation", "Convocation à une séance"
    PROCES_VERBAL = "proces_verbal", "Projet de procès-verbal"
    NOTIFICATION_DECISION = "notification_decision", "Notification d'une décision individuelle"
    PERTE_ORDONNANCES_AVIS = "perte_ordonnances_avis", "Perte ou vol d'ordonnances : avis au service"
    PERTE_ORDONNANCES_ACCUSE = "perte_ordonnances_accuse", "Perte ou vol d'ordonnances : accusé de réception"


class EtatEnvoi(models.TextChoices):
    A_ENVOYER = "a_envoyer", "À envoyer"
    ENVOYE = "envoye", "Envoyé"
    ECHEC = "echec", "En échec"


class Envoi(models.Model):
    """One e-mail to send: what kind, about which object, to which address. The row is written by the service, in
    the transaction of the act that asks for the e-mail; a Celery task sends it and records the outcome
    (commun/tasks.py). The uniqueness constraint is the idempotency guard: a second request for the same message
    finds its row instead of creating one, and a task run twice finds the row already sent."""

    nature = models.CharField("nature", max_length=40, choices=NatureEnvoi.choices)
    tache = models.CharField(
        "tâche d'envoi", max_length=100, help_text="Nom de la tâche Celery qui compose et envoie ce courriel."
    )
    type_objet = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name="type d'objet")
    objet_id = models.PositiveBigIntegerField("identifiant de l'objet")
    objet = GenericForeignKey("type_objet", "objet_id")
    destinataire = models.EmailField("adresse du destinataire")
    lot = models.PositiveSmallIntegerField(
        "envoi n°",
        default=1,
        help_text="1 pour le premier envoi ; un nouvel envoi demandé exprès (un membre a perdu le projet de "
        "procès-verbal) porte le numéro suivant.",
    )
    etat = models.CharField("état", max_length=10, choices=EtatEnvoi.choices, default=EtatEnvoi.A_ENVOYER)
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    envoye_le = models.DateTimeField("envoyé le", null=True, blank=True)
    derniere_erreur = models.TextField("dernière erreur", blank=True)
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="demandé par",
    )
    cree_le = models.DateTimeField("programmé le", auto_now_add=True)
    modifie_le = models.DateTimeField("mis à jour le", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "envoi de courriel"
        verbose_name_plural = "envois de courriels"
        ordering = ["-cree_le", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nature", "type_objet", "objet_id", "destinataire", "lot"], name="envoi_unique_par_objet"
            ),
            models.CheckConstraint(
                condition=~models.Q(etat=EtatEnvoi.ENVOYE) | models.Q(envoye_le__isnull=False),
                name="envoi_envoye_a_sa_date",
                violation_error_message="Un courriel envoyé porte sa date d'envoi.",
            ),
        ]
        indexes = [
            models.Index(fields=["type_objet", "objet_id"], name="envoi_objet_idx"),
            models.Index(fields=["etat", "nature"], name="envoi_etat_idx"),
        ]
        permissions = [("renvoyer_envoi", "Peut renvoyer un courriel en échec")]

    def __str__(self):
        return f"{self.get_nature_display()} à {self.destinataire}"
