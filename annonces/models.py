"""The doctors' ads (issue 13 point 6, seed 001: « une annonce vérifiée par l'Ordre des médecins »; CONTRACT.md
annonces): a doctor posts a replacement, collaboration, assistanat, succession, association or installation ad, the
council moderates it before publication; a change to a published ad waits as a revision (`RevisionAnnonce`) while
the public keeps the published text; a doctor answers an ad by a message (`MessageAnnonce`) e-mailed to its author,
whose address the sender never sees."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


class Categorie(models.TextChoices):
    REMPLACEMENT = "remplacement", "Remplacement"
    COLLABORATION = "collaboration", "Collaboration"
    ASSISTANAT = "assistanat", "Assistanat"
    SUCCESSION = "succession", "Succession"
    ASSOCIATION = "association", "Association"
    INSTALLATION = "installation", "Installation"


class Sens(models.TextChoices):
    OFFRE = "offre", "Offre"
    RECHERCHE = "recherche", "Recherche"


class StatutAnnonce(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    SOUMISE = "soumise", "Soumise à la modération"
    PUBLIEE = "publiee", "Publiée"
    CORRECTION_DEMANDEE = "correction_demandee", "Correction demandée"
    REFUSEE = "refusee", "Refusée"
    RETIREE = "retiree", "Retirée par son auteur"
    EXPIREE = "expiree", "Expirée"


class StatutRevision(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    SOUMISE = "soumise", "Soumise à la modération"
    CORRECTION_DEMANDEE = "correction_demandee", "Correction demandée"
    PUBLIEE = "publiee", "Publiée"
    REFUSEE = "refusee", "Refusée"
    ABANDONNEE = "abandonnee", "Abandonnée (annonce retirée ou expirée)"


# The moves of an ad, as data (act -> (states it starts from, state it reaches)); the services read them.
TRANSITIONS_ANNONCE = {
    "soumettre": ({StatutAnnonce.BROUILLON, StatutAnnonce.CORRECTION_DEMANDEE}, StatutAnnonce.SOUMISE),
    "publier": ({StatutAnnonce.SOUMISE}, StatutAnnonce.PUBLIEE),
    "demander_correction": ({StatutAnnonce.SOUMISE}, StatutAnnonce.CORRECTION_DEMANDEE),
    "refuser": ({StatutAnnonce.SOUMISE}, StatutAnnonce.REFUSEE),
    "retirer": (
        {StatutAnnonce.BROUILLON, StatutAnnonce.SOUMISE, StatutAnnonce.PUBLIEE, StatutAnnonce.CORRECTION_DEMANDEE},
        StatutAnnonce.RETIREE,
    ),
    "expirer": ({StatutAnnonce.PUBLIEE}, StatutAnnonce.EXPIREE),
}
# The author edits the ad itself in these states; a published ad is changed through a revision.
STATUTS_MODIFIABLES = {StatutAnnonce.BROUILLON, StatutAnnonce.CORRECTION_DEMANDEE}
# A revision still open (at most one per ad, held by the database).
REVISIONS_EN_COURS = {StatutRevision.BROUILLON, StatutRevision.SOUMISE, StatutRevision.CORRECTION_DEMANDEE}
# The fields the author writes (on the ad, or on its revision once published).
CHAMPS_CONTENU = ("categorie", "sens", "titre", "texte", "commune", "date_debut", "date_fin")


class ContenuAnnonce(models.Model):
    """What an ad says: the published ad and its pending revision carry the same fields."""

    categorie = models.CharField("catégorie", max_length=20, choices=Categorie.choices)
    sens = models.CharField("sens", max_length=10, choices=Sens.choices, help_text="Offre ou recherche.")
    titre = models.CharField("titre", max_length=150)
    texte = models.TextField("texte", max_length=5000)
    commune = models.CharField("commune", max_length=100)
    date_debut = models.DateField("date de début")
    date_fin = models.DateField(
        "date de fin", null=True, blank=True, help_text="L'annonce n'est plus affichée après cette date."
    )
    motif = models.TextField("motif de la dernière modération", blank=True)
    cree_le = models.DateField("créée le")
    soumise_le = models.DateField("soumise le", null=True, blank=True)
    moderee_le = models.DateField("modérée le", null=True, blank=True)
    moderee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="modérée par",
    )

    class Meta:
        abstract = True


def _contraintes(prefixe: str, statuts_motif: list[str]) -> list:
    return [
        models.CheckConstraint(
            condition=Q(date_fin__isnull=True) | Q(date_fin__gte=F("date_debut")),
            name=f"{prefixe}_fin_apres_debut",
            violation_error_message="La date de fin ne peut précéder la date de début.",
        ),
        models.CheckConstraint(
            condition=~Q(statut__in=statuts_motif) | ~Q(motif=""),
            name=f"{prefixe}_motif_des_refus",
            violation_error_message="Un refus ou une demande de correction dit son motif.",
        ),
    ]


class Annonce(ContenuAnnonce):
    auteur = models.ForeignKey(
        "tableau.Medecin", on_delete=models.PROTECT, related_name="annonces", verbose_name="auteur"
    )
    statut = models.CharField(
        "statut", max_length=20, choices=StatutAnnonce.choices, default=StatutAnnonce.BROUILLON, db_index=True
    )
    publiee_le = models.DateField("publiée le", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "annonce"
        verbose_name_plural = "annonces"
        ordering = ["-publiee_le", "-id"]
        permissions = [("moderer_annonce", "Peut modérer les annonces (publier, demander une correction, refuser)")]
        indexes = [models.Index(fields=["statut", "date_fin"], name="annonce_publiques")]
        constraints = _contraintes("annonce", [StatutAnnonce.REFUSEE, StatutAnnonce.CORRECTION_DEMANDEE])

    def __str__(self):
        return f"{self.titre} ({self.get_categorie_display().lower()}, {self.commune})"


class RevisionAnnonce(ContenuAnnonce):
    """A change the author made to a published ad: it waits for a moderator while the public reads the ad."""

    annonce = models.ForeignKey(Annonce, on_delete=models.CASCADE, related_name="revisions", verbose_name="annonce")
    statut = models.CharField("statut", max_length=20, choices=StatutRevision.choices, default=StatutRevision.BROUILLON)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "modification d'une annonce publiée"
        verbose_name_plural = "modifications d'annonces publiées"
        ordering = ["-id"]
        constraints = [
            *_contraintes("revision_annonce", [StatutRevision.REFUSEE, StatutRevision.CORRECTION_DEMANDEE]),
            models.UniqueConstraint(
                fields=["annonce"],
                condition=Q(statut__in=sorted(REVISIONS_EN_COURS)),
                name="une_revision_en_cours_par_annonce",
                violation_error_message="Cette annonce a déjà une modification en cours.",
            ),
        ]

    def __str__(self):
        return f"Modification de « {self.annonce.titre} » ({self.get_statut_display().lower()})"


class MessageAnnonce(models.Model):
    """A doctor's answer to an ad, e-mailed to its author (commun.Envoi): the sender never sees the author's
    address, and his own is written only in the e-mail the author receives."""

    annonce = models.ForeignKey(Annonce, on_delete=models.CASCADE, related_name="messages", verbose_name="annonce")
    expediteur = models.ForeignKey(
        "tableau.Medecin", on_delete=models.PROTECT, related_name="messages_annonces", verbose_name="expéditeur"
    )
    texte = models.TextField("message", max_length=3000)
    envoye_le = models.DateField("écrit le")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "message en réponse à une annonce"
        verbose_name_plural = "messages en réponse aux annonces"
        ordering = ["-id"]

    def __str__(self):
        return f"Message sur « {self.annonce.titre} »"
