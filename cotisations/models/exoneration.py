"""The hardship exemption request (seed 002 L.II T.III 1.3, DOMAIN.md 2): a doctor asks the council to exempt his
dues of a year, in full or by half, for insufficient resources, with the documents he judges useful; the council
decides case by case in plenary session (the decision is in its minutes), may refuse if insufficiently informed,
and looks only at his professional situation.

The request's life, as data: déposée (waiting for the next plenary) → inscrite (on a plenary's agenda, under its
anonymous file number) → accordée | refusée | incomplète (the council asked for more; the doctor completes it and
it waits again for the next plenary)."""

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class StatutDemande(models.TextChoices):
    DEPOSEE = "deposee", "Déposée, en attente de la prochaine plénière"
    INSCRITE = "inscrite", "Inscrite à l'ordre du jour d'une plénière"
    ACCORDEE = "accordee", "Accordée"
    REFUSEE = "refusee", "Refusée"
    INCOMPLETE = "incomplete", "Incomplète : informations demandées"


STATUTS_OUVERTS = frozenset({StatutDemande.DEPOSEE, StatutDemande.INSCRITE, StatutDemande.INCOMPLETE})
STATUTS_DECIDES = frozenset({StatutDemande.ACCORDEE, StatutDemande.REFUSEE, StatutDemande.INCOMPLETE})

TRANSITIONS_DEMANDE: dict[str, frozenset[str]] = {
    StatutDemande.DEPOSEE: frozenset({StatutDemande.INSCRITE}),
    # Inscrite again: the plenary did not examine it, it goes to the next one.
    StatutDemande.INSCRITE: frozenset(
        {StatutDemande.INSCRITE, StatutDemande.ACCORDEE, StatutDemande.REFUSEE, StatutDemande.INCOMPLETE}
    ),
    StatutDemande.INCOMPLETE: frozenset({StatutDemande.DEPOSEE}),
    StatutDemande.ACCORDEE: frozenset(),
    StatutDemande.REFUSEE: frozenset(),
}


class TauxDemande(models.IntegerChoices):
    MOITIE = 50, "50 % (exonération partielle)"
    TOTAL = 100, "100 % (exonération totale)"


class DemandeExoneration(models.Model):
    """One request about one year's dues of one doctor. At most one open request per dues record."""

    numero = models.CharField("numéro de dossier", max_length=12, unique=True)
    annee_depot = models.PositiveSmallIntegerField("année du dépôt")
    sequence = models.PositiveIntegerField("numéro d'ordre dans l'année")
    cotisation = models.ForeignKey(
        "cotisations.Cotisation",
        on_delete=models.PROTECT,
        related_name="demandes_exoneration",
        verbose_name="cotisation",
    )
    taux_demande = models.PositiveSmallIntegerField("taux demandé", choices=TauxDemande.choices)
    expose = models.TextField(
        "exposé de la situation professionnelle",
        help_text="Le conseil n'apprécie que la situation professionnelle du demandeur.",
    )
    statut = models.CharField(
        "état", max_length=12, choices=StatutDemande.choices, default=StatutDemande.DEPOSEE, db_index=True
    )
    deposee_le = models.DateField("déposée le")
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="déposée par"
    )
    seance = models.ForeignKey(
        "gouvernance.Seance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demandes_exoneration",
        verbose_name="séance plénière",
        help_text="La plénière à l'ordre du jour de laquelle la demande est inscrite.",
    )
    inscrite_le = models.DateField("inscrite le", null=True, blank=True)
    deliberation = models.ForeignKey(
        "gouvernance.Deliberation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demandes_exoneration",
        verbose_name="délibération",
        help_text="La décision de la séance plénière sur la demande.",
    )
    taux_accorde = models.PositiveSmallIntegerField("taux accordé", choices=TauxDemande.choices, null=True, blank=True)
    motif_decision = models.TextField(
        "motif de la décision",
        blank=True,
        help_text="Le motif d'un refus, ou les informations et pièces que le conseil demande.",
    )
    decidee_le = models.DateField("décidée le", null=True, blank=True)
    completee_le = models.DateField("complétée le", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "demande d'exonération pour insuffisance de ressources"
        verbose_name_plural = "demandes d'exonération pour insuffisance de ressources"
        ordering = ["-annee_depot", "-sequence"]
        permissions = [
            ("inscrire_demandeexoneration", "Peut inscrire les demandes d'exonération à l'ordre du jour"),
            ("decider_demandeexoneration", "Peut enregistrer la décision de la plénière sur une demande"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["annee_depot", "sequence"], name="demande_exoneration_numero_unique"),
            models.UniqueConstraint(
                fields=["cotisation"],
                condition=Q(statut__in=["deposee", "inscrite", "incomplete"]),
                name="demande_exoneration_une_ouverte_par_cotisation",
                violation_error_message="Une demande d'exonération est déjà en cours pour cette cotisation.",
            ),
            models.CheckConstraint(
                condition=Q(taux_demande__in=[50, 100]),
                name="demande_exoneration_taux_demande",
                violation_error_message="L'exonération pour insuffisance de ressources est de 50 % ou de 100 %.",
            ),
            models.CheckConstraint(
                condition=Q(taux_accorde__isnull=True) | Q(taux_accorde__in=[50, 100]),
                name="demande_exoneration_taux_accorde",
                violation_error_message="L'exonération pour insuffisance de ressources est de 50 % ou de 100 %.",
            ),
            models.CheckConstraint(
                condition=~Q(statut__in=["accordee", "refusee", "incomplete"]) | Q(deliberation__isnull=False),
                name="demande_exoneration_decision_deliberee",
                violation_error_message="La décision sur une demande d'exonération est une délibération de la "
                "séance plénière.",
            ),
            models.CheckConstraint(
                condition=~Q(statut="accordee") | Q(taux_accorde__isnull=False),
                name="demande_exoneration_accordee_a_un_taux",
                violation_error_message="Une exonération accordée l'est à 50 % ou à 100 %.",
            ),
        ]

    def __str__(self):
        return f"Demande d'exonération {self.numero}"

    @property
    def ouverte(self) -> bool:
        return self.statut in STATUTS_OUVERTS


def _chemin_piece(piece, nom):
    """A random name under the requests' folder (the service stores through commun.fichiers.stockage, which names
    the same way; the user's name is kept in `nom_original` only)."""
    return f"cotisations/exonerations/{uuid.uuid4().hex}{os.path.splitext(nom)[1].lower()}"


class TypePiece(models.TextChoices):
    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "Image JPEG"
    PNG = "image/png", "Image PNG"


class PieceDemande(models.Model):
    """A document joined to a request, stored privately under MEDIA_ROOT (never served: streamed to the doctor
    and to staff after the permission check). Its type was judged by its content at upload."""

    demande = models.ForeignKey(DemandeExoneration, on_delete=models.PROTECT, related_name="pieces")
    fichier = models.FileField("fichier", upload_to=_chemin_piece, max_length=255)
    nom_original = models.CharField("nom du fichier", max_length=200)
    taille = models.PositiveIntegerField("taille (octets)")
    type_contenu = models.CharField("type", max_length=30, choices=TypePiece.choices)
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    deposee_le = models.DateField("déposée le")
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="déposée par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "pièce d'une demande d'exonération"
        verbose_name_plural = "pièces des demandes d'exonération"
        ordering = ["demande", "id"]

    def __str__(self):
        return self.nom_original
