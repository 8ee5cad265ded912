"""The council: members and mandates, functions over time, sessions, attendance, deliberations, elections,
declarations of interests (DOMAIN.md 4; seed 002, Livre I).

Rules live in services.py; this file holds tables, choices and constraints only. Dates are inclusive: a mandate,
a function or a delegation covers every day from `date_debut` to `date_fin` (open when `date_fin` is empty).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commun.models import PeriodeDatee
from tableau.models import Medecin

dates_ordonnees = PeriodeDatee.contrainte_dates


class Qualite(models.TextChoices):
    TITULAIRE = "titulaire", "Titulaire"
    SUPPLEANT = "suppleant", "Suppléant"


class Moitie(models.IntegerChoices):
    # The council is renewed by half every three years (seed 002, L.I T.II 1.3.2).
    PREMIERE = 1, "Première moitié"
    SECONDE = 2, "Seconde moitié"


class Membre(PeriodeDatee):
    """One mandate of one doctor on the council (a doctor re-elected gets a new row)."""

    medecin = models.ForeignKey(Medecin, on_delete=models.PROTECT, related_name="mandats", verbose_name="médecin")
    qualite = models.CharField("qualité", max_length=10, choices=Qualite.choices)
    binome = models.PositiveSmallIntegerField(
        "numéro de binôme", null=True, blank=True, help_text="Les membres sont élus par binômes (8 en Dordogne)."
    )
    moitie = models.PositiveSmallIntegerField(
        "moitié", choices=Moitie.choices, null=True, blank=True, help_text="La moitié renouvelée au même scrutin."
    )
    rang = models.PositiveSmallIntegerField(
        "rang de classement électoral",
        null=True,
        blank=True,
        help_text="Pour les suppléants : ordre dans lequel ils remplacent définitivement un titulaire de leur moitié.",
    )
    date_debut = models.DateField("début du mandat")
    date_fin = models.DateField("fin du mandat", null=True, blank=True)
    remplace_definitivement = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remplacants_definitifs",
        verbose_name="titulaire remplacé définitivement",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "membre du conseil"
        verbose_name_plural = "membres du conseil"
        ordering = ["qualite", "binome", "medecin__nom", "id"]
        constraints = [
            dates_ordonnees("membre_dates_ordonnees", "La fin du mandat ne peut précéder son début."),
        ]
        indexes = [models.Index(fields=["qualite", "date_debut", "date_fin"], name="membre_qualite_dates_idx")]

    def __str__(self):
        return f"{self.medecin.nom_complet} ({self.get_qualite_display().lower()})"


class TypeFonction(models.TextChoices):
    # The order matters: the bureau is the first six (CONTRACT.md gouvernance).
    PRESIDENT = "president", "Président"
    VICE_PRESIDENT = "vice_president", "Vice-président"
    SECRETAIRE_GENERAL = "secretaire_general", "Secrétaire général (ordonnateur)"
    SECRETAIRE_GENERAL_ADJOINT = "secretaire_general_adjoint", "Secrétaire général adjoint"
    TRESORIER = "tresorier", "Trésorier"
    TRESORIER_ADJOINT = "tresorier_adjoint", "Trésorier adjoint"
    LIQUIDATEUR = "liquidateur", "Liquidateur"
    ORDONNATEUR_SUPPLEANT = "ordonnateur_suppleant", "Ordonnateur suppléant"
    LIQUIDATEUR_SUPPLEANT = "liquidateur_suppleant", "Liquidateur suppléant"


# Not a post but a role of the expense chain: the SG orders the expenses, his substitute only while he is prevented
# (règlement de trésorerie, T.I 2.2; gouvernance.selectors.ordonnateur).
ROLE_ORDONNATEUR = "ordonnateur"

FONCTIONS_BUREAU = frozenset(
    {
        TypeFonction.PRESIDENT,
        TypeFonction.VICE_PRESIDENT,
        TypeFonction.SECRETAIRE_GENERAL,
        TypeFonction.SECRETAIRE_GENERAL_ADJOINT,
        TypeFonction.TRESORIER,
        TypeFonction.TRESORIER_ADJOINT,
    }
)
# Posts held by one person at a time; vice-presidents and SG adjoints may be several.
FONCTIONS_UNIQUES = frozenset(
    set(TypeFonction) - {TypeFonction.VICE_PRESIDENT, TypeFonction.SECRETAIRE_GENERAL_ADJOINT}
)
# Posts that require a titular mandate: the bureau, and the liquidateur (Livre II, Titre I 2.2: "membre titulaire
# pour les conseils départementaux"). The substitutes of ordonnateur and liquidateur may be any councillor.
FONCTIONS_TITULAIRE_REQUIS = FONCTIONS_BUREAU | {TypeFonction.LIQUIDATEUR}
# The expense chain keeps its three operators apart (Livre II, Titre I 2.2): one person cannot hold two of these
# groups at once (ordonnateur and its substitute / liquidateur and its substitute / trésorier and its adjoint).
GROUPES_INCOMPATIBLES = (
    frozenset({TypeFonction.SECRETAIRE_GENERAL, TypeFonction.ORDONNATEUR_SUPPLEANT}),
    frozenset({TypeFonction.LIQUIDATEUR, TypeFonction.LIQUIDATEUR_SUPPLEANT}),
    frozenset({TypeFonction.TRESORIER, TypeFonction.TRESORIER_ADJOINT}),
)


class Fonction(PeriodeDatee):
    """A function held by a member over a period; an interim holder is another row with `interim` set."""

    membre = models.ForeignKey(Membre, on_delete=models.PROTECT, related_name="fonctions", verbose_name="membre")
    fonction = models.CharField("fonction", max_length=30, choices=TypeFonction.choices)
    ordre = models.PositiveSmallIntegerField(
        "ordre de suppléance",
        null=True,
        blank=True,
        help_text="Pour les vice-présidents : 1 remplace le président empêché, puis 2…",
    )
    interim = models.BooleanField(
        "intérim", default=False, help_text="Élu pour assurer l'intérim d'un membre du bureau indisponible."
    )
    election = models.ForeignKey(
        "Election", on_delete=models.SET_NULL, null=True, blank=True, related_name="fonctions", verbose_name="élection"
    )
    deliberation = models.ForeignKey(
        "Deliberation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fonctions",
        verbose_name="délibération de désignation",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "fonction"
        ordering = ["-date_debut", "fonction", "ordre", "id"]
        constraints = [
            dates_ordonnees("fonction_dates_ordonnees", "La fin de la fonction ne peut précéder son début."),
        ]
        indexes = [models.Index(fields=["fonction", "date_debut", "date_fin"], name="fonction_dates_idx")]

    def __str__(self):
        suffixe = " (intérim)" if self.interim else ""
        return f"{self.get_fonction_display()}{suffixe} : {self.membre.medecin.nom_complet}"

    @property
    def est_bureau(self) -> bool:
        return self.fonction in FONCTIONS_BUREAU


class Indisponibilite(PeriodeDatee):
    """A period during which a member cannot act (seed 002 L.I 3.1: after 3 months, interim and no allowance)."""

    membre = models.ForeignKey(Membre, on_delete=models.CASCADE, related_name="indisponibilites")
    motif = models.CharField("motif", max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "indisponibilité"
        ordering = ["-date_debut", "id"]
        constraints = [
            dates_ordonnees(
                "indisponibilite_dates_ordonnees", "La fin de l'indisponibilité ne peut précéder son début."
            ),
        ]

    def __str__(self):
        return f"Indisponibilité de {self.membre.medecin.nom_complet} depuis le {self.date_debut:%d/%m/%Y}"


class Delegation(PeriodeDatee):
    """A delegation of attributions or of signature, given by the holder of a function, for the current mandate
    (seed 002 L.I 2.2: recorded in the mandate's file and published)."""

    class Type(models.TextChoices):
        ATTRIBUTION = "attribution", "Délégation d'attributions"
        SIGNATURE = "signature", "Délégation de signature"

    delegant = models.ForeignKey(
        Fonction, on_delete=models.PROTECT, related_name="delegations", verbose_name="fonction du délégant"
    )
    delegataire = models.ForeignKey(
        Membre, on_delete=models.PROTECT, related_name="delegations_recues", verbose_name="délégataire"
    )
    type = models.CharField("type", max_length=12, choices=Type.choices)
    objet = models.TextField("objet", help_text="Le secteur d'activité ou les actes délégués.")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "délégation"
        ordering = ["-date_debut", "id"]
        constraints = [
            dates_ordonnees("delegation_dates_ordonnees", "La fin de la délégation ne peut précéder son début."),
        ]

    def __str__(self):
        return f"{self.get_type_display()} à {self.delegataire.medecin.nom_complet}"


class NatureCommission(models.TextChoices):
    # Seed 002 L.I T.II 5.1: the statutory commissions, the others the council creates.
    CONCILIATION = "conciliation", "Commission de conciliation"
    ENTRAIDE = "entraide", "Commission d'entraide"
    ETUDE_CONTRATS = "etude_contrats", "Commission d'étude des contrats"
    VIGILANCE = "vigilance", "Commission vigilance – violence – sécurité"
    AUTRE = "autre", "Autre commission"


class Commission(PeriodeDatee):
    """A commission of the council (seed 002 L.I T.II 5.1). Its elected members are `SiegeCommission` rows; the
    président and the secrétaire général sit by right in every commission (read from their functions)."""

    nature = models.CharField("nature", max_length=15, choices=NatureCommission.choices)
    nom = models.CharField("nom", max_length=150, help_text="Par exemple « Commission de la permanence des soins ».")
    gestionnaire = models.ForeignKey(
        Membre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commissions_gerees",
        verbose_name="membre titulaire chargé de sa gestion",
    )
    date_debut = models.DateField("créée le")
    date_fin = models.DateField("supprimée le", null=True, blank=True)
    deliberation = models.ForeignKey(
        "Deliberation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commissions_creees",
        verbose_name="délibération de création",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "commission"
        ordering = ["nature", "nom", "id"]
        constraints = [
            dates_ordonnees(
                "commission_dates_ordonnees", "La suppression de la commission ne peut précéder sa création."
            ),
        ]

    def __str__(self):
        return self.nom


class RoleCommission(models.TextChoices):
    MEMBRE = "membre", "Membre élu"
    # Seed 002 L.I T.II 5.1.1: the délégué départemental à l'entraide, elected among the titulars, sits by right
    # in the entraide commission; 5.1.2: the référent sécurité in the vigilance commission.
    DELEGUE_ENTRAIDE = "delegue_entraide", "Délégué départemental à l'entraide"
    REFERENT_SECURITE = "referent_securite", "Référent sécurité"


class SiegeCommission(PeriodeDatee):
    """An elected member's seat in a commission, for a period, with the decision that elected him."""

    commission = models.ForeignKey(Commission, on_delete=models.PROTECT, related_name="sieges")
    membre = models.ForeignKey(Membre, on_delete=models.PROTECT, related_name="sieges_commission")
    role = models.CharField("rôle", max_length=20, choices=RoleCommission.choices, default=RoleCommission.MEMBRE)
    deliberation = models.ForeignKey(
        "Deliberation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sieges_commission",
        verbose_name="délibération d'élection",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "siège en commission"
        verbose_name_plural = "sièges en commission"
        ordering = ["commission", "role", "date_debut", "id"]
        constraints = [
            dates_ordonnees("siege_commission_dates_ordonnees", "La fin du siège ne peut précéder son début."),
        ]

    def __str__(self):
        return f"{self.membre.medecin.nom_complet} – {self.commission}"


class ActivitePrincipale(models.TextChoices):
    # Seed 002, annex "Déclaration d'intérêts des conseillers départementaux", 1.1.
    LIBERALE_CABINET = "liberale_cabinet", "Activité libérale en cabinet"
    LIBERALE_ETABLISSEMENT = "liberale_etablissement", "Activité libérale dans un établissement de soins"
    SALARIEE_HOSPITALIER = "salariee_hospitalier", "Activité salariée en établissement hospitalier"
    SALARIEE_AUTRE = "salariee_autre", "Activité salariée dans une autre structure"
    RETRAITE = "retraite", "Retraité"
    RETRAITE_ACTIF = "retraite_actif", "Retraité actif"


class DeclarationInterets(models.Model):
    """One version of a member's declaration of interests (seed 002 annex); a change adds a version, the latest
    is current and published. The JSON lists follow the annex's tables:
    - mandats_ordinaux: [{"conseil": "departemental"|"regional"|"national", "lieu": str, "duree": str}]
    - fonctions_assesseur: [{"instance": str, "precision": str}]  (chambres disciplinaires, sections, commissions)
    - activites_remunerees (5): [{"organisme": str, "fonction": str, "remuneration": "aucune"|"declarant"|"organisme",
      "remuneration_precision": str, "debut": "MM/AAAA", "fin": "MM/AAAA"}]
    - liens_parente (6): [{"organisme": str, "fonction": str, "lien": str}]
    """

    membre = models.ForeignKey(Membre, on_delete=models.PROTECT, related_name="declarations_interets")
    version = models.PositiveIntegerField("version")
    activite_principale = models.CharField(
        "activité principale", max_length=30, choices=ActivitePrincipale.choices, blank=True
    )
    activite_principale_precision = models.CharField("précision sur l'activité principale", max_length=255, blank=True)
    mandats_ordinaux = models.JSONField("mandats ordinaux", default=list, blank=True)
    fonctions_assesseur = models.JSONField("fonctions d'assesseur et instances ordinales", default=list, blank=True)
    autres_fonctions_electives = models.TextField("autres fonctions électives", blank=True)
    activites_remunerees = models.JSONField(
        "activités et participations des cinq dernières années", default=list, blank=True
    )
    liens_parente = models.JSONField("liens de parenté ou d'alliance", default=list, blank=True)
    certifie_exact = models.BooleanField("certifie l'exactitude des renseignements", default=False)
    fait_a = models.CharField("fait à", max_length=100, blank=True)
    date = models.DateField("date de la déclaration")
    attestation_signee = models.BooleanField(
        "attestation d'engagement signée",
        default=False,
        help_text="Attestation sur l'honneur de respecter les règlements de l'Ordre (annexe du règlement intérieur).",
    )
    attestation_signee_le = models.DateField("attestation signée le", null=True, blank=True)
    deposee_le = models.DateTimeField("déposée le", auto_now_add=True)
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="déposée par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "déclaration d'intérêts"
        verbose_name_plural = "déclarations d'intérêts"
        ordering = ["membre", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["membre", "version"], name="declaration_interets_version_unique"),
        ]

    def __str__(self):
        return f"Déclaration d'intérêts de {self.membre.medecin.nom_complet} (version {self.version})"


class TypeSeance(models.TextChoices):
    PLENIERE = "pleniere", "Séance plénière"
    EXTRAORDINAIRE = "extraordinaire", "Séance plénière extraordinaire"
    BUREAU = "bureau", "Réunion du bureau"
    COMMISSION = "commission", "Réunion de commission"


TYPES_PLENIERS = frozenset({TypeSeance.PLENIERE, TypeSeance.EXTRAORDINAIRE})


class ModeSeance(models.TextChoices):
    PRESENTIEL = "presentiel", "En présentiel"
    DISTANCE = "distance", "À distance (visioconférence ou échanges écrits)"
    HYBRIDE = "hybride", "Hybride (présentiel et visioconférence)"


class StatutSeance(models.TextChoices):
    PREVUE = "prevue", "Prévue"
    CONVOQUEE = "convoquee", "Convoquée"
    OUVERTE = "ouverte", "Ouverte"
    CLOSE = "close", "Close"


# The session's workflow as data. A past session may be recorded straight away (CONTRACT.md): attendance and
# deliberations are accepted until the session is closed.
TRANSITIONS_SEANCE: dict[str, frozenset[str]] = {
    StatutSeance.PREVUE: frozenset({StatutSeance.CONVOQUEE, StatutSeance.OUVERTE}),
    StatutSeance.CONVOQUEE: frozenset({StatutSeance.OUVERTE}),
    StatutSeance.OUVERTE: frozenset({StatutSeance.CLOSE}),
    StatutSeance.CLOSE: frozenset(),
}


class Seance(models.Model):
    date = models.DateField("date")
    heure = models.TimeField("heure", null=True, blank=True)
    type = models.CharField("type", max_length=15, choices=TypeSeance.choices, default=TypeSeance.PLENIERE)
    commission = models.CharField("commission", max_length=100, blank=True, help_text="Pour une réunion de commission.")
    commission_reunie = models.ForeignKey(
        Commission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reunions",
        verbose_name="commission réunie",
        help_text="Ses membres sont convoqués ; la réunion fait l'objet d'un compte rendu.",
    )
    lieu = models.CharField("lieu", max_length=200, blank=True)
    mode = models.CharField("mode", max_length=12, choices=ModeSeance.choices, default=ModeSeance.PRESENTIEL)
    urgence = models.BooleanField(
        "urgence", default=False, help_text="Délibération à distance en urgence : convocation 3 jours avant (6.4)."
    )
    ordre_du_jour = models.JSONField("ordre du jour", default=list, blank=True)
    suite_a = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seances_suivantes",
        verbose_name="à la suite de",
        help_text="La séance plénière dont le quorum a fait défaut (séance extraordinaire sans quorum, sous 15 jours).",
    )
    statut = models.CharField("statut", max_length=10, choices=StatutSeance.choices, default=StatutSeance.PREVUE)
    convocation_envoyee_le = models.DateField("convocation envoyée le", null=True, blank=True)
    ouverte_le = models.DateTimeField("ouverte le", null=True, blank=True)
    quorum_ouverture = models.BooleanField("quorum atteint à l'ouverture", null=True, blank=True)
    presents_ouverture = models.PositiveSmallIntegerField(
        "membres ayant voix délibérative présents à l'ouverture", null=True, blank=True
    )
    requis_ouverture = models.PositiveSmallIntegerField("quorum requis à l'ouverture", null=True, blank=True)
    election_bureau = models.BooleanField(
        "séance d'élection du bureau",
        default=False,
        help_text="Première séance après le renouvellement : seuls les titulaires sont convoqués ; le président est "
        "élu d'abord, puis les autres postes un à un (règlement intérieur, titre I, 3.1 et titre II, 3.2).",
    )
    resultats_proclames_le = models.DateField(
        "résultats des élections proclamés le",
        null=True,
        blank=True,
        help_text="Pour une séance d'élection du bureau : elle se tient au plus tard 21 jours après.",
    )
    demande_extraordinaire = models.OneToOneField(
        "DemandeSeanceExtraordinaire",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seance",
        verbose_name="demande du tiers des titulaires",
        help_text="Séance extraordinaire réunie à la demande du tiers des membres titulaires (sous quinze jours).",
    )
    close_le = models.DateTimeField("close le", null=True, blank=True)
    president_seance = models.ForeignKey(
        Membre,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seances_presidees",
        verbose_name="président de séance",
    )
    secretaire_seance = models.ForeignKey(
        Membre,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seances_secretariat",
        verbose_name="secrétaire de séance",
    )
    # The procès-verbal is adopted at a later session, with the observations recorded (seed 002 L.I 4.5).
    pv_adopte_en = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pv_adoptes",
        verbose_name="procès-verbal adopté en séance du",
    )
    pv_observations = models.TextField("observations sur le procès-verbal", blank=True)
    pv_envoye_le = models.DateField(
        "projet de procès-verbal envoyé aux membres le",
        null=True,
        blank=True,
        help_text="Le projet est communiqué aux membres avant son adoption à la séance suivante.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "séance"
        ordering = ["-date", "-heure", "-id"]
        indexes = [models.Index(fields=["type", "date"], name="seance_type_date_idx")]

    def __str__(self):
        libelle = self.get_type_display()
        if self.type == TypeSeance.COMMISSION and self.commission:
            libelle = f"{libelle} ({self.commission})"
        return f"{libelle} du {self.date:%d/%m/%Y}"

    @property
    def est_pleniere(self) -> bool:
        return self.type in TYPES_PLENIERS


class DemandeInscriptionPoint(models.Model):
    """A written request to put a question on a plenary's agenda; added of right when 2/5 of the councillors
    signed it at least 48 hours before (seed 002 L.I T.II 4.1.3)."""

    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="demandes_inscription")
    libelle = models.CharField("question demandée", max_length=500)
    recue_le = models.DateTimeField("reçue le")
    signataires = models.ManyToManyField(
        Membre, related_name="demandes_inscription_signees", verbose_name="signataires"
    )
    inscrite_de_droit = models.BooleanField("inscrite de droit", default=False)
    motif = models.CharField("motif", max_length=255, blank=True, help_text="Pourquoi la question n'est pas de droit.")

    history = HistoricalRecords(m2m_fields=[signataires])

    class Meta:
        verbose_name = "demande d'inscription à l'ordre du jour"
        verbose_name_plural = "demandes d'inscription à l'ordre du jour"
        ordering = ["seance", "recue_le", "id"]

    def __str__(self):
        return self.libelle


class DemandeSeanceExtraordinaire(models.Model):
    """A written request of one third of the titular members to convene an extraordinary session, which must sit
    within fifteen days (seed 002 L.I T.II 4.1.2)."""

    objet = models.CharField("objet de la demande", max_length=500)
    recue_le = models.DateField("reçue le")
    signataires = models.ManyToManyField(
        Membre, related_name="demandes_extraordinaires_signees", verbose_name="signataires"
    )
    recevable = models.BooleanField("signée par le tiers des titulaires", default=False)
    motif = models.CharField("motif", max_length=255, blank=True, help_text="Pourquoi la demande n'est pas recevable.")

    history = HistoricalRecords(m2m_fields=[signataires])

    class Meta:
        verbose_name = "demande de séance extraordinaire"
        verbose_name_plural = "demandes de séance extraordinaire"
        ordering = ["-recue_le", "-id"]

    def __str__(self):
        return f"Demande du {self.recue_le:%d/%m/%Y} : {self.objet}"


class Emargement(models.Model):
    """The attendance register: one signature per member and session; a substitute names the titular replaced."""

    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="emargements")
    membre = models.ForeignKey(Membre, on_delete=models.PROTECT, related_name="emargements")
    remplace = models.ForeignKey(
        Membre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remplacements",
        verbose_name="titulaire remplacé",
    )
    distance = models.BooleanField("participe à distance", default=False)
    heure_arrivee = models.TimeField("arrivée", null=True, blank=True)
    heure_depart = models.TimeField("départ", null=True, blank=True)
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="saisi par"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "émargement"
        ordering = ["seance", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seance", "membre"],
                name="emargement_unique",
                violation_error_message="Ce membre a déjà émargé pour cette séance.",
            ),
            models.UniqueConstraint(
                fields=["seance", "remplace"],
                condition=Q(remplace__isnull=False),
                name="emargement_remplacement_unique",
                violation_error_message="Ce titulaire est déjà remplacé pour cette séance.",
            ),
        ]

    def __str__(self):
        return f"{self.membre} à la {self.seance}"


class Absence(models.Model):
    """An absence recorded for a session, excused (valid reason) or not (seed 002 L.I 1.1.1.1)."""

    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="absences")
    membre = models.ForeignKey(Membre, on_delete=models.PROTECT, related_name="absences")
    excusee = models.BooleanField("motif valable", default=True)
    motif = models.CharField("motif", max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "absence"
        ordering = ["seance", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seance", "membre"],
                name="absence_unique",
                violation_error_message="Une absence est déjà enregistrée pour ce membre à cette séance.",
            ),
        ]

    def __str__(self):
        return f"Absence de {self.membre} ({'excusée' if self.excusee else 'non excusée'})"


class ModeVote(models.TextChoices):
    MAIN_LEVEE = "main_levee", "À main levée"
    ELECTRONIQUE = "electronique", "Scrutin électronique"
    SECRET = "secret", "À bulletin secret"


class Majorite(models.TextChoices):
    SUFFRAGES_EXPRIMES = "suffrages_exprimes", "Majorité des suffrages exprimés"
    MEMBRES = "membres", "Majorité absolue des membres du conseil"


class TitreHonorifique(models.TextChoices):
    # Seed 002 L.I 1.2: président d'honneur for a former président, honorariat for a former member of the bureau.
    PRESIDENT_HONNEUR = "president_honneur", "Président d'honneur"
    HONORARIAT = "honorariat", "Honorariat"


class Voix(models.TextChoices):
    POUR = "pour", "Pour"
    CONTRE = "contre", "Contre"


class VoieRecours(models.Model):
    """The means and delays of appeal written in the notification of an individual decision (seed 002 L.I 5.2: a
    notification is regular only if it states them). Legal texts change: rows edited in the admin, not code."""

    code = models.SlugField("code", max_length=30, unique=True)
    libelle = models.CharField("décisions concernées", max_length=150)
    texte = models.TextField(
        "voies et délais de recours", help_text="Le paragraphe reproduit tel quel dans la lettre de notification."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "voie de recours"
        verbose_name_plural = "voies de recours"
        ordering = ["libelle"]

    def __str__(self):
        return self.libelle


class Deliberation(models.Model):
    """A decision of the council, numbered "AAAA-NNN" per year; other apps reference it by foreign key."""

    seance = models.ForeignKey(Seance, on_delete=models.PROTECT, related_name="deliberations")
    annee = models.PositiveSmallIntegerField("année")
    sequence = models.PositiveIntegerField("numéro d'ordre dans l'année")
    numero = models.CharField("numéro", max_length=12, unique=True)
    objet = models.CharField("objet", max_length=255)
    motivation = models.TextField("motivation", help_text="Les éléments de droit et de fait qui fondent la décision.")
    vote = models.CharField("mode de vote", max_length=12, choices=ModeVote.choices, default=ModeVote.MAIN_LEVEE)
    secret_demande_par = models.ForeignKey(
        Membre,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="vote secret demandé par",
    )
    pour = models.PositiveIntegerField("pour", default=0)
    contre = models.PositiveIntegerField("contre", default=0)
    abstention = models.PositiveIntegerField("abstentions", default=0)
    non_participants = models.ManyToManyField(
        Membre,
        blank=True,
        related_name="deliberations_sans_participation",
        verbose_name="n'ont pas pris part (sortis de la salle)",
    )
    sortis_conflit_interets = models.ManyToManyField(
        Membre,
        blank=True,
        related_name="deliberations_conflit_interets",
        verbose_name="sortis pour un conflit d'intérêts",
        help_text="Parmi ceux qui n'ont pas pris part : ceux qui ont quitté la salle pour prévenir un conflit "
        "d'intérêts (règlement intérieur, titre I, 1.1.1.2 et 4.5).",
    )
    medecin_concerne = models.ForeignKey(
        Medecin,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliberations_le_concernant",
        verbose_name="médecin concerné",
        help_text="Pour une décision individuelle : anonymisé dans l'extrait publiable.",
    )
    titre_honorifique = models.CharField(
        "titre honorifique accordé", max_length=20, choices=TitreHonorifique.choices, blank=True
    )
    heure = models.TimeField(
        "heure du vote", null=True, blank=True, help_text="Les membres partis avant ne comptent plus parmi les votants."
    )
    voix_preponderante = models.CharField(
        "voix prépondérante du président", max_length=6, choices=Voix.choices, blank=True
    )
    majorite = models.CharField(
        "majorité requise", max_length=20, choices=Majorite.choices, default=Majorite.SUFFRAGES_EXPRIMES
    )
    adoptee = models.BooleanField("adoptée")
    confidentielle = models.BooleanField(
        "confidentielle", default=False, help_text="Hors de la partie publiable du procès-verbal."
    )
    voie_recours = models.ForeignKey(
        VoieRecours,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliberations",
        verbose_name="voies et délais de recours",
        help_text="Pour une décision individuelle : indiqués dans sa notification.",
    )
    notifiee_le = models.DateField("notifiée le", null=True, blank=True)
    notifiee_a = models.TextField("adresse de notification", blank=True)
    individuelle = models.BooleanField(
        "décision individuelle",
        default=False,
        help_text="Anonymisée dans la partie publiable ; notifiée à l'intéressé.",
    )
    saisie_le = models.DateTimeField("saisie le", auto_now_add=True)
    saisie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="saisie par"
    )

    history = HistoricalRecords(m2m_fields=[non_participants, sortis_conflit_interets])

    class Meta:
        verbose_name = "délibération"
        ordering = ["-annee", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["annee", "sequence"], name="deliberation_numero_annuel_unique"),
            models.CheckConstraint(
                condition=Q(voix_preponderante__in=["", "pour", "contre"]),
                name="deliberation_voix_preponderante_valide",
            ),
        ]

    def __str__(self):
        return f"Délibération n° {self.numero} : {self.objet}"

    @property
    def suffrages_exprimes(self) -> int:
        return self.pour + self.contre


class Election(models.Model):
    """The election of one post at a plenary, chaired by the doyen d'âge (seed 002 L.I 3.1)."""

    seance = models.ForeignKey(Seance, on_delete=models.PROTECT, related_name="elections")
    poste = models.CharField("poste", max_length=30, choices=TypeFonction.choices)
    ordre = models.PositiveSmallIntegerField(
        "ordre de suppléance", null=True, blank=True, help_text="Pour un vice-président."
    )
    interim = models.BooleanField("élection d'un intérimaire", default=False)
    candidats = models.ManyToManyField(Membre, related_name="candidatures", verbose_name="candidats")
    president_de_seance = models.ForeignKey(
        Membre,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="elections_presidees",
        verbose_name="président de séance (doyen d'âge)",
    )
    elu = models.ForeignKey(
        Membre, on_delete=models.SET_NULL, null=True, blank=True, related_name="elections_gagnees", verbose_name="élu"
    )
    creee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="saisie par"
    )

    history = HistoricalRecords(m2m_fields=[candidats])

    class Meta:
        verbose_name = "élection"
        ordering = ["seance", "id"]

    def __str__(self):
        return f"Élection : {self.get_poste_display()} ({self.seance})"


class TourElection(models.Model):
    """One round of a secret ballot: counts only, never who voted what, and no history table (ARCHITECTURE.md)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="tours")
    numero = models.PositiveSmallIntegerField("tour", choices=[(1, "Premier tour"), (2, "Second tour")])
    voix = models.JSONField("voix par candidat", default=dict, help_text='{"<id du membre>": nombre de voix}')
    blancs_nuls = models.PositiveIntegerField("bulletins blancs ou nuls", default=0)
    elu = models.ForeignKey(
        Membre, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="élu"
    )
    saisi_le = models.DateTimeField("saisi le", auto_now_add=True)

    class Meta:
        verbose_name = "tour de scrutin"
        verbose_name_plural = "tours de scrutin"
        ordering = ["election", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["election", "numero"], name="tour_election_unique"),
            models.CheckConstraint(condition=Q(numero__in=[1, 2]), name="tour_election_deux_tours_au_plus"),
        ]

    def __str__(self):
        return f"{self.get_numero_display()} : {self.election}"

    @property
    def suffrages_exprimes(self) -> int:
        return sum(int(v) for v in self.voix.values())
