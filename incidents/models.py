"""Violence incidents declared to the council for the CNOM's safety observatory (seed 001; DOMAIN.md 8).

A doctor declares what happened (date, town, place, types, author, whether he filed a complaint or a main
courante, his account). The declaration is confidential: read by its declarant, by the members of the vigilance
commission on the date of the read (the référent sécurité by right) and by staff with the app's permissions; every
read is logged (incidents/perms.py, commun.JournalAcces). The account is encrypted at rest (history included).
The observatory receives anonymous yearly figures only (incidents.selectors.statistiques)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from commun.chiffrement import TexteChiffre


class LieuIncident(models.TextChoices):
    CABINET = "cabinet", "Cabinet médical"
    DOMICILE_PATIENT = "domicile_patient", "Domicile du patient"
    ETABLISSEMENT_SANTE = "etablissement_sante", "Établissement de santé"
    VOIE_PUBLIQUE = "voie_publique", "Voie publique"
    AUTRE = "autre", "Autre lieu"


class TypeIncident(models.TextChoices):
    AGRESSION_VERBALE = "agression_verbale", "Agression verbale, insultes"
    AGRESSION_PHYSIQUE = "agression_physique", "Agression physique"
    MENACE = "menace", "Menaces"
    HARCELEMENT = "harcelement", "Harcèlement"
    VOL = "vol", "Vol, tentative de vol"
    DEGRADATION = "degradation", "Dégradation, vandalisme"
    AUTRE = "autre", "Autre"


class AuteurIncident(models.TextChoices):
    PATIENT = "patient", "Un patient"
    PROCHE = "proche", "Un proche ou accompagnant du patient"
    AUTRE = "autre", "Une autre personne"
    INCONNU = "inconnu", "Auteur inconnu"


class Incident(models.Model):
    declarant = models.ForeignKey(
        "tableau.Medecin", on_delete=models.PROTECT, related_name="incidents", verbose_name="déclarant"
    )
    date = models.DateField("date des faits")
    commune = models.CharField("commune", max_length=200)
    lieu = models.CharField("lieu", max_length=30, choices=LieuIncident.choices)
    types = models.JSONField("types de violence", default=list)
    auteur = models.CharField("auteur", max_length=20, choices=AuteurIncident.choices)
    plainte_deposee = models.BooleanField("plainte déposée", default=False)
    main_courante = models.BooleanField("main courante déposée", default=False)
    description = TexteChiffre("récit des faits")
    declare_le = models.DateField("déclaré le")
    declare_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="déclaré par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "déclaration d'incident"
        verbose_name_plural = "déclarations d'incidents"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["date"], name="incident_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date__lte=models.F("declare_le")),
                name="incident_date_pas_apres_declaration",
                violation_error_message="Les faits ne peuvent pas être postérieurs à leur déclaration.",
            )
        ]

    def __str__(self):
        return f"Incident n°{self.pk} du {self.date:%d/%m/%Y}"

    def types_libelles(self) -> list[str]:
        return [TypeIncident(t).label for t in self.types if t in TypeIncident.values]
