"""Models shared by every app: the dated-period base, the log of confidential reads, the lock rows, the e-mails to
send (Envoi)."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

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


class JournalInalterable(RuntimeError):
    """A log row of confidential reads is never changed nor deleted, except by the retention's purge."""

    MESSAGE = (
        "Le journal des consultations confidentielles ne se modifie ni ne se supprime : seule la purge à "
        "l'échéance de la durée de conservation (la purge annoncée, rgpd.purge_du_jour) en retire des lignes."
    )

    def __init__(self, message: str | None = None):
        super().__init__(message or self.MESSAGE)


class JournalAccesQuerySet(models.QuerySet):
    """Append-only: no bulk update nor delete (the PostgreSQL trigger of migration 0013 refuses them too)."""

    def update(self, **kwargs):
        raise JournalInalterable

    def delete(self):
        raise JournalInalterable

    def _purger(self) -> int:
        """The one deletion allowed, for the purge at the retention's end only (rgpd/purges.py, announced a month
        ahead to the secrétaire général and counted in rgpd.Purge)."""
        from django.db import connections, transaction

        with transaction.atomic(using=self.db):
            connexion = connections[self.db]
            if connexion.vendor == "postgresql":
                with connexion.cursor() as c:
                    c.execute("SET LOCAL cdom.journal_purge = 'oui'")
            return self._raw_delete(self.db)


class JournalAcces(models.Model):
    """One read of a confidential object (config.perms.exiger(..., lecture=True)): who, when, what, from which
    address; a refused attempt is written too (`accorde` false). Not history-tracked: it is itself the trace, and
    it is append-only (model, queryset and, on PostgreSQL, a trigger); rows older than the retention the council
    set (commun.Parametre « journal_acces_conservation_mois ») leave it through the RGPD purge, announced a month
    ahead (rgpd/purges.py)."""

    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="utilisateur"
    )
    action = models.CharField("acte", max_length=100)
    type_objet = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", verbose_name="type")
    objet_id = models.CharField("identifiant", max_length=40)
    le = models.DateTimeField("le", auto_now_add=True, db_index=True)
    adresse = models.GenericIPAddressField("adresse", null=True, blank=True)
    # entraide (issue 12, entraide-dossier): a refused read is logged too (the "Bad input").
    accorde = models.BooleanField("accès accordé", default=True)

    objects = JournalAccesQuerySet.as_manager()

    class Meta:
        verbose_name = "consultation d'un dossier confidentiel"
        verbose_name_plural = "journal des consultations confidentielles"
        ordering = ["-le", "-id"]
        indexes = [models.Index(fields=["type_objet", "objet_id"], name="journal_acces_objet_idx")]

    def __str__(self):
        return f"{self.utilisateur} – {self.action} – {self.le:%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise JournalInalterable
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise JournalInalterable

    @classmethod
    def consigner(cls, *, utilisateur, action: str, objet, accorde: bool = True) -> "JournalAcces":
        from commun.middleware import adresse_client

        return cls.objects.create(
            utilisateur=utilisateur,
            action=action,
            type_objet=ContentType.objects.get_for_model(objet),
            objet_id=str(objet.pk),
            adresse=adresse_client(),
            accorde=accorde,
        )

    @classmethod
    def consigner_plusieurs(cls, *, utilisateur, action: str, objets) -> int:
        """One row per object read in a list (one query)."""
        from commun.middleware import adresse_client

        objets = list(objets)
        if not objets:
            return 0
        adresse = adresse_client()
        type_objet = ContentType.objects.get_for_model(objets[0])
        cls.objects.bulk_create(
            [
                cls(utilisateur=utilisateur, action=action, type_objet=type_objet, objet_id=str(o.pk), adresse=adresse)
                for o in objets
            ]
        )
        return len(objets)


class Parametre(models.Model):
    """A setting of the council editable in the admin within its bounds (entraide, issue 12: the retention of the
    log of confidential reads, 6 to 12 months, CNIL délibération 2021-122). Loaded by a data migration."""

    cle = models.CharField("clé", max_length=60, unique=True)
    libelle = models.CharField("libellé", max_length=200)
    valeur = models.PositiveIntegerField("valeur")
    minimum = models.PositiveIntegerField("minimum")
    maximum = models.PositiveIntegerField("maximum")
    unite = models.CharField("unité", max_length=20, blank=True, default="")
    aide = models.TextField("explication", blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "paramètre"
        verbose_name_plural = "paramètres"
        ordering = ["cle"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valeur__gte=F("minimum")) & Q(valeur__lte=F("maximum")),
                name="parametre_dans_ses_bornes",
                violation_error_message="La valeur du paramètre sort de ses bornes.",
            )
        ]

    def __str__(self):
        return self.libelle

    def clean(self):
        if self.valeur is not None and self.minimum is not None and self.maximum is not None:
            if not self.minimum <= self.valeur <= self.maximum:
                from django.core.exceptions import ValidationError

                raise ValidationError(
                    {
                        "valeur": [
                            f"Choisissez une valeur entre {self.minimum} et {self.maximum} {self.unite}".rstrip()
                            + f" ({self.aide or self.libelle})."
                        ]
                    }
                )

    @classmethod
    def valeur_de(cls, cle: str, defaut: int) -> int:
        ligne = cls.objects.filter(cle=cle).values_list("valeur", flat=True).first()
        return defaut if ligne is None else ligne


CONSERVATION_JOURNAL = "journal_acces_conservation_mois"


class Verrou(models.Model):
    """A named row that transactions lock to count rows under a shared ceiling (commun.services.verrouiller)."""

    cle = models.CharField("clé", max_length=150, unique=True)

    class Meta:
        verbose_name = "verrou"

    def __str__(self):
        return self.cle


class NatureEnvoi(models.TextChoices):
    """What a message is. An app that sends a new kind of e-mail adds its member here (the admin filters on it)."""

    CONVOCATION = "convocation", "Convocation à une séance"
    PROCES_VERBAL = "proces_verbal", "Projet de procès-verbal"
    NOTIFICATION_DECISION = "notification_decision", "Notification d'une décision individuelle"
    PERTE_ORDONNANCES_AVIS = "perte_ordonnances_avis", "Perte ou vol d'ordonnances : avis au service"
    PERTE_ORDONNANCES_ACCUSE = "perte_ordonnances_accuse", "Perte ou vol d'ordonnances : accusé de réception"
    COMPTE_MEDECIN_LIEN = "compte_medecin_lien", "Ouverture de l'espace médecin : lien pour choisir le mot de passe"
    MOT_DE_PASSE_LIEN = "mot_de_passe_lien", "Mot de passe oublié : lien pour en choisir un nouveau"
    RECU_COTISATION = "recu_cotisation", "Reçu d'un paiement de cotisation"
    RELANCE_COTISATION = "relance_cotisation", "Relance de cotisation : copie de la lettre"
    EXONERATION_DECISION = "exoneration_decision", "Demande d'exonération de cotisation : décision du conseil"
    RAPPEL_BUDGET_CNOM = "rappel_budget_cnom", "Budget prévisionnel : rappel de la transmission au conseil national"
    # tresorerie, year-end (issue 11 point 7)
    CLOTURE_RAPPEL = "cloture_rappel", "Clôture de l'exercice : rappel au trésorier"
    CLOTURE_REFUS_CNOM = "cloture_refus_cnom", "Comptes non approuvés ou quitus refusé : information du CNOM"
    # conciliation, documents (issue 12 points 1, 2, 4, 5)
    CONCILIATION_ACCUSE = "conciliation_accuse", "Plainte : accusé de réception au plaignant"
    CONCILIATION_INFORMATION = "conciliation_information", "Plainte : information du médecin mis en cause"
    CONCILIATION_CONVOCATION = "conciliation_convocation", "Conciliation : convocation des parties"
    CONCILIATION_PROCES_VERBAL = "conciliation_proces_verbal", "Conciliation : procès-verbal aux parties"
    CONCILIATION_TRANSMISSION = "conciliation_transmission", "Plainte transmise : information des parties"
    CONCILIATION_TRANSMISSION_CHAMBRE = (
        "conciliation_transmission_chambre",
        "Plainte transmise : lettre et dossier à la chambre disciplinaire",
    )
    CONCILIATION_RAPPEL_ECHEANCE = "conciliation_rappel_echeance", "Plainte : rappel d'une échéance légale"
    # annonces (issue 13 point 6)
    REPONSE_ANNONCE = "reponse_annonce", "Annonce : message d'un médecin à son auteur"
    # incidents, contrats (issue 13 points 7-8)
    INCIDENT_AVIS = "incident_avis", "Déclaration d'incident : avis au référent sécurité et au service"
    CONTRAT_AVIS = "contrat_avis", "Contrat communiqué : avis de la commission d'étude des contrats au médecin"
    # solidarite (issue 13 point 2)
    SOLIDARITE_VOLONTAIRE = "solidarite_volontaire", "Solidarité territoriale : avis au conseil du lieu"
    # entraide-aides (issue 12 point 10): every aid granted, reported to the commission nationale d'entraide
    AIDE_SIGNALEMENT_CNOM = "aide_signalement_cnom", "Entraide : aide accordée signalée à la commission nationale"
    # rgpd (issue 13 point 9): a purge announced a month ahead to the secrétaire général
    RGPD_PURGE_ANNONCE = "rgpd_purge_annonce", "RGPD : annonce d'une purge au secrétaire général"


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
