"""The contracts doctors communicate to the council (article L4113-9 of the code de la santé publique; seed 000;
DOMAIN.md 1): exercise in a company, collaboration, association, employment, professional lease, replacement,
agreements with industry. Sent within a month of signing (flagged late otherwise), as a PDF judged by its content
and stored privately; the commission d'étude des contrats gives a motivated opinion (favorable, with reserves,
unfavourable), its members concerned by a contract stepping aside (seed 002 L.I T.II 5.1.2); the doctor is told
by e-mail and in his espace."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class TypeContrat(models.TextChoices):
    SOCIETE = "societe", "Exercice en société (SEL, SCP, SCM…)"
    COLLABORATION = "collaboration", "Collaboration libérale"
    ASSOCIATION = "association", "Association"
    SALARIAT = "salariat", "Contrat de travail (salariat)"
    BAIL = "bail", "Bail professionnel"
    REMPLACEMENT = "remplacement", "Remplacement"
    INDUSTRIE = "industrie", "Convention avec l'industrie"
    AUTRE = "autre", "Autre contrat"


class StatutContrat(models.TextChoices):
    RECU = "recu", "Reçu"
    EN_ETUDE = "en_etude", "À l'étude"
    AVIS_RENDU = "avis_rendu", "Avis rendu"


# The moves of a contract's status (an opinion may be given on a contract still « reçu »: it is studied then).
TRANSITIONS_CONTRAT = {
    StatutContrat.RECU: {StatutContrat.EN_ETUDE, StatutContrat.AVIS_RENDU},
    StatutContrat.EN_ETUDE: {StatutContrat.AVIS_RENDU},
    StatutContrat.AVIS_RENDU: set(),
}


class AvisContrat(models.TextChoices):
    FAVORABLE = "favorable", "Avis favorable"
    RESERVES = "reserves", "Avis favorable avec réserves"
    DEFAVORABLE = "defavorable", "Avis défavorable"


class Contrat(models.Model):
    medecin = models.ForeignKey(
        "tableau.Medecin", on_delete=models.PROTECT, related_name="contrats", verbose_name="médecin"
    )
    type = models.CharField("type de contrat", max_length=20, choices=TypeContrat.choices)
    date_signature = models.DateField("signé le")
    fichier = models.FileField("fichier", max_length=255)
    nom_original = models.CharField("nom du fichier", max_length=200)
    taille = models.PositiveIntegerField("taille (octets)")
    type_contenu = models.CharField("type", max_length=40)
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    date_reception = models.DateField("reçu le")
    hors_delai = models.BooleanField(
        "hors délai", default=False, help_text="Reçu plus d'un mois après sa signature (article L4113-9)."
    )
    statut = models.CharField("statut", max_length=20, choices=StatutContrat.choices, default=StatutContrat.RECU)
    avis = models.CharField("avis", max_length=20, choices=AvisContrat.choices, blank=True, default="")
    motivation = models.TextField("motivation de l'avis", blank=True, default="")
    avis_le = models.DateField("avis rendu le", null=True, blank=True)
    avis_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="avis enregistré par",
    )
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="déposé par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "contrat communiqué"
        verbose_name_plural = "contrats communiqués"
        ordering = ["-date_reception", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(statut="avis_rendu") | (~Q(avis="") & ~Q(motivation="") & Q(avis_le__isnull=False)),
                name="contrat_avis_motive",
                violation_error_message="Un avis rendu a sa nature, sa motivation et sa date.",
            )
        ]

    def __str__(self):
        return f"Contrat n°{self.pk} ({self.get_type_display()}, signé le {self.date_signature:%d/%m/%Y})"


class LienContrat(models.Model):
    """A member of the commission concerned by a contract (a party, a partner of its doctor, a family tie) declares
    it: he steps aside and may not give the commission's opinion on it (seed 002 L.I T.II 5.1.2)."""

    contrat = models.ForeignKey(Contrat, on_delete=models.PROTECT, related_name="liens")
    membre = models.ForeignKey("gouvernance.Membre", on_delete=models.PROTECT, related_name="+", verbose_name="membre")
    motif = models.CharField("lien déclaré", max_length=255)
    declare_le = models.DateField("déclaré le")
    declare_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="déclaré par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "lien déclaré avec un contrat"
        verbose_name_plural = "liens déclarés avec un contrat"
        ordering = ["contrat", "id"]
        constraints = [models.UniqueConstraint(fields=["contrat", "membre"], name="lien_contrat_unique")]

    def __str__(self):
        return f"{self.membre} – {self.contrat}"
