"""Data protection (RGPD; DOMAIN.md 8; the secrétaire général is responsible): the purge of the files past their
retention, announced a month ahead (`AnnoncePurge`) and then counted (`Purge`).

The retention of each kind of file is not a constant: it is a row of `commun.Parametre` (key
`rgpd_conservation_<nature>`), loaded by migration 0002 with its bounds and the reason of its value in the row's
« explication », editable in the admin within those bounds and history-tracked. The log of confidential reads is
one of these kinds, with the row it had before (`commun.models.CONSERVATION_JOURNAL`, 6 to 12 months, CNIL
délibération 2021-122): announced a month ahead and counted like the others.

What each kind deletes, and from which date its retention runs, is declared in rgpd/purges.py."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class NaturePurge(models.TextChoices):
    ENTRAIDE_CLOSE = "entraide_close", "Demandes d'entraide closes"
    PLAINTE_CLOSE = "plainte_close", "Plaintes et doléances closes"
    INCIDENT = "incident", "Déclarations d'incidents de violence"
    ANNONCE_REFUSEE = "annonce_refusee", "Annonces refusées à la modération"
    JOURNAL_ACCES = "journal_acces", "Lignes du journal des consultations confidentielles"


class AnnoncePurge(models.Model):
    """What the purge will delete on `prevue_le` (a month after `annoncee_le`), told to the secrétaire général by
    e-mail. Unique per kind and planned date: announcing twice on the same day writes nothing more. Only the rows
    listed here, and still past their retention on the day, are deleted (`executee_par`: the purge that did it)."""

    nature = models.CharField("nature des dossiers", max_length=30, choices=NaturePurge.choices)
    annoncee_le = models.DateField("annoncée le")
    prevue_le = models.DateField("suppression prévue le")
    identifiants = models.JSONField("identifiants des dossiers", default=list)
    nombre = models.PositiveIntegerField("nombre de dossiers")
    conservation = models.CharField(
        "durée de conservation appliquée", max_length=60, help_text="La durée en vigueur le jour de l'annonce."
    )
    executee_par = models.ForeignKey(
        "rgpd.Purge",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="annonces",
        verbose_name="purge effectuée",
    )
    annoncee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="annoncée par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "annonce de purge"
        verbose_name_plural = "annonces de purge"
        ordering = ["-prevue_le", "nature"]
        constraints = [
            models.UniqueConstraint(fields=["nature", "prevue_le"], name="annonce_purge_unique_par_nature_et_date"),
            models.CheckConstraint(
                condition=models.Q(prevue_le__gt=models.F("annoncee_le")),
                name="annonce_purge_avant_la_suppression",
                violation_error_message="Une purge s'annonce avant le jour de la suppression.",
            ),
        ]

    def __str__(self):
        return f"{self.get_nature_display()} : {self.nombre} à supprimer le {self.prevue_le:%d/%m/%Y}"


class CanalDemande(models.TextChoices):
    COURRIER = "courrier", "Courrier postal"
    COURRIEL = "courriel", "Courriel"
    GUICHET = "guichet", "Au guichet du conseil"


class DemandeAcces(models.Model):
    """A doctor's request to access his data received outside the espace (a letter, an e-mail, at the desk: RGPD
    art. 15), answered within a month (art. 12.3) with the same export as the espace's (JSON and PDF), which the
    secrétariat downloads from this record: each download is a logged read. Who recorded it, when, and when it was
    answered stay in its history."""

    medecin = models.ForeignKey(
        "tableau.Medecin", on_delete=models.PROTECT, related_name="demandes_acces", verbose_name="médecin"
    )
    recue_le = models.DateField("reçue le")
    canal = models.CharField("reçue par", max_length=10, choices=CanalDemande.choices)
    precisions = models.TextField(
        "précisions", blank=True, help_text="Ce que le médecin demande, s'il précise (une partie de ses données…)."
    )
    repondue_le = models.DateField("réponse envoyée le", null=True, blank=True)
    reponse_canal = models.CharField("réponse envoyée par", max_length=10, choices=CanalDemande.choices, blank=True)
    enregistree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="enregistrée par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "demande d'accès à ses données"
        verbose_name_plural = "demandes d'accès à ses données"
        ordering = ["repondue_le", "recue_le", "id"]
        permissions = [("exporter_demandeacces", "Télécharger les données du médecin pour lui répondre")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(repondue_le__isnull=True) | models.Q(repondue_le__gte=models.F("recue_le")),
                name="demande_acces_reponse_apres_reception",
                violation_error_message="La réponse ne peut précéder la demande.",
            )
        ]

    def __str__(self):
        return f"Demande d'accès du Dr {self.medecin.nom_complet} reçue le {self.recue_le:%d/%m/%Y}"

    @property
    def echeance(self):
        """The answer is due within a month of receipt (RGPD art. 12.3)."""
        from gouvernance.selectors.membres import ajouter_mois

        return ajouter_mois(self.recue_le, 1)


class Purge(models.Model):
    """What the purge of one kind deleted on one day: counts only (the rows are gone, their history with them).
    Unique per kind and day: a re-run the same day deletes nothing more and writes no second row."""

    nature = models.CharField("nature des dossiers", max_length=30, choices=NaturePurge.choices)
    date = models.DateField("effectuée le")
    dossiers = models.PositiveIntegerField("dossiers supprimés")
    lignes = models.PositiveIntegerField(
        "lignes supprimées", help_text="Les dossiers et ce qui en dépend (pièces, aides, réunions, messages…)."
    )
    historique = models.PositiveIntegerField("versions d'historique supprimées")
    envois = models.PositiveIntegerField("courriels supprimés", default=0)
    fichiers = models.PositiveIntegerField("documents supprimés", default=0)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="par")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "purge effectuée"
        verbose_name_plural = "purges effectuées"
        ordering = ["-date", "nature"]
        constraints = [models.UniqueConstraint(fields=["nature", "date"], name="purge_unique_par_nature_et_jour")]

    def __str__(self):
        return f"{self.get_nature_display()} : {self.dossiers} supprimés le {self.date:%d/%m/%Y}"
