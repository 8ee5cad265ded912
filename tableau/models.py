"""The register (tableau) of doctors and companies of the department (DOMAIN.md 1; seed 002, Titre II)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from commun.models import PeriodeDatee

from .validators import valider_code_postal, valider_rpps, valider_telephone


class Statut(models.TextChoices):
    DEMANDE = "demande", "Demande reçue"
    EN_INSTRUCTION = "en_instruction", "En instruction"
    INSCRIT = "inscrit", "Inscrit"
    REFUSE = "refuse", "Refusé"
    TRANSFERE = "transfere", "Transféré (parti vers un autre département)"
    RADIE = "radie", "Radié"
    DECEDE = "decede", "Décédé"


# The register's workflow, declared as data: from a status, the statuses a decision may lead to.
# An incoming transfer is recorded as "inscrit" directly (premiere_inscription false); a doctor who comes
# back after a transfer, a removal or a refusal files a new request.
TRANSITIONS_STATUT: dict[str, frozenset[str]] = {
    Statut.DEMANDE: frozenset({Statut.EN_INSTRUCTION, Statut.REFUSE}),
    Statut.EN_INSTRUCTION: frozenset({Statut.INSCRIT, Statut.REFUSE}),
    Statut.INSCRIT: frozenset({Statut.TRANSFERE, Statut.RADIE, Statut.DECEDE}),
    Statut.REFUSE: frozenset({Statut.DEMANDE}),
    Statut.TRANSFERE: frozenset({Statut.DEMANDE}),
    Statut.RADIE: frozenset({Statut.DEMANDE}),
    Statut.DECEDE: frozenset(),
}


class Exercice(models.TextChoices):
    LIBERAL = "liberal", "Libéral"
    SALARIE = "salarie", "Salarié"
    HOSPITALIER = "hospitalier", "Hospitalier"
    MIXTE = "mixte", "Mixte (France et autre État de l'UE)"
    REMPLACANT = "remplacant", "Remplaçant"
    RETRAITE_ACTIF = "retraite_actif", "Retraité avec activité"
    RETRAITE_SANS_ACTIVITE = "retraite_sans_activite", "Retraité sans activité"
    RESERVISTE = "reserviste", "Réserviste sanitaire exclusif"
    HUMANITAIRE = "humanitaire", "Humanitaire quasi bénévole exclusif"
    NON_OBLIGATOIRE = "non_obligatoire", "Inscription non obligatoire (L4112-6) ou sans exercice"


class Sexe(models.TextChoices):
    F = "F", "Femme"
    M = "M", "Homme"


class Medecin(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="medecin",
        verbose_name="compte de connexion",
    )
    rpps = models.CharField("numéro RPPS", max_length=11, unique=True, validators=[valider_rpps])
    nom = models.CharField("nom", max_length=100)
    prenom = models.CharField("prénom", max_length=100)
    sexe = models.CharField("sexe", max_length=1, choices=Sexe.choices)
    # Plausible (18 to 120 years old on the day of entry): checked by the services, which know that day.
    date_naissance = models.DateField("date de naissance")
    lieu_naissance = models.CharField("lieu de naissance", max_length=100, blank=True)
    nationalite = models.CharField("nationalité", max_length=60, blank=True, default="française")

    email = models.EmailField("adresse électronique", blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True, validators=[valider_telephone])
    adresse_professionnelle = models.CharField("adresse professionnelle", max_length=255, blank=True)
    code_postal_professionnel = models.CharField(
        "code postal professionnel", max_length=5, blank=True, validators=[valider_code_postal]
    )
    ville_professionnelle = models.CharField("ville professionnelle", max_length=100, blank=True)
    adresse_correspondance = models.CharField("adresse de correspondance", max_length=255, blank=True)
    code_postal_correspondance = models.CharField(
        "code postal de correspondance", max_length=5, blank=True, validators=[valider_code_postal]
    )
    ville_correspondance = models.CharField("ville de correspondance", max_length=100, blank=True)

    statut = models.CharField("statut", max_length=20, choices=Statut.choices, default=Statut.DEMANDE)
    date_statut = models.DateField("date du statut", null=True, blank=True)
    date_inscription = models.DateField("date d'inscription au tableau", null=True, blank=True)
    premiere_inscription = models.BooleanField(
        "première inscription", default=False, help_text="Première inscription à un tableau de l'Ordre."
    )
    exercice = models.CharField("mode d'exercice", max_length=30, choices=Exercice.choices)
    opposition_annuaire = models.BooleanField(
        "opposition à la publication des coordonnées",
        default=False,
        help_text="Le médecin a fait valoir son droit de récusation : l'annuaire ne montre pas ses coordonnées.",
    )

    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "médecin"
        ordering = ["nom", "prenom", "id"]
        indexes = [
            models.Index(fields=["nom", "prenom"], name="medecin_nom_idx"),
            models.Index(fields=["statut", "nom"], name="medecin_statut_nom_idx"),
            models.Index(fields=["exercice"], name="medecin_exercice_idx"),
        ]

    def __str__(self):
        return f"Dr {self.prenom} {self.nom.upper()} ({self.rpps})"

    @property
    def nom_complet(self) -> str:
        return f"{self.prenom} {self.nom.upper()}"

    @property
    def est_inscrit(self) -> bool:
        return self.statut == Statut.INSCRIT


# The fields of a doctor's record on the API, in CONTRACT.md's order, then the contact details of the model. The
# CSV import and the admin's export use the same names, so an export can be re-imported.
CHAMPS_MEDECIN = (
    "id",
    "rpps",
    "nom",
    "prenom",
    "sexe",
    "date_naissance",
    "email",
    "statut",
    "date_inscription",
    "premiere_inscription",
    "exercice",
    "telephone",
    "adresse_professionnelle",
    "code_postal_professionnel",
    "ville_professionnelle",
    "adresse_correspondance",
    "code_postal_correspondance",
    "ville_correspondance",
    "opposition_annuaire",
)

# The columns an import file must have (CONTRACT.md import_tableau): the required fields of a new record.
COLONNES_OBLIGATOIRES_IMPORT = ("rpps", "nom", "prenom", "sexe", "date_naissance", "statut", "exercice")

# What a doctor may change on their own record (CONTRACT.md: email, phone and addresses).
CHAMPS_COORDONNEES = (
    "email",
    "telephone",
    "adresse_professionnelle",
    "code_postal_professionnel",
    "ville_professionnelle",
    "adresse_correspondance",
    "code_postal_correspondance",
    "ville_correspondance",
)

MESSAGE_CHAMP_RESERVE = "Ce champ ne peut pas être modifié par le médecin ; adressez-vous au service du tableau."


class ChangementStatut(models.Model):
    """The dated history of a doctor's registration status (DOMAIN.md 1: every status change is kept)."""

    medecin = models.ForeignKey(Medecin, on_delete=models.CASCADE, related_name="changements_statut")
    ancien_statut = models.CharField("ancien statut", max_length=20, choices=Statut.choices, blank=True)
    nouveau_statut = models.CharField("nouveau statut", max_length=20, choices=Statut.choices)
    date = models.DateField("date d'effet")
    motif = models.CharField("motif / décision", max_length=255, blank=True)
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="saisi par"
    )
    saisi_le = models.DateTimeField("saisi le", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "changement de statut"
        verbose_name_plural = "changements de statut"
        ordering = ["medecin", "date", "id"]

    def __str__(self):
        return f"{self.get_nouveau_statut_display()} le {self.date:%d/%m/%Y}"


class Qualification(models.Model):
    class Type(models.TextChoices):
        SPECIALITE = "specialite", "Spécialité"
        COMPETENCE = "competence", "Compétence"
        CAPACITE = "capacite", "Capacité"

    medecin = models.ForeignKey(Medecin, on_delete=models.CASCADE, related_name="qualifications")
    type = models.CharField("type", max_length=20, choices=Type.choices, default=Type.SPECIALITE)
    intitule = models.CharField("intitulé", max_length=150)
    date = models.DateField("date de la décision")
    decision = models.CharField(
        "décision", max_length=255, blank=True, help_text="Référence de la décision du conseil."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "qualification"
        ordering = ["medecin", "date"]

    def __str__(self):
        return f"{self.intitule} ({self.date:%d/%m/%Y})"


class LieuExercice(models.Model):
    medecin = models.ForeignKey(Medecin, on_delete=models.CASCADE, related_name="lieux")
    principal = models.BooleanField("lieu principal", default=False)
    intitule = models.CharField("intitulé", max_length=150, blank=True, help_text="Cabinet, établissement…")
    adresse = models.CharField("adresse", max_length=255)
    code_postal = models.CharField("code postal", max_length=5, validators=[valider_code_postal])
    ville = models.CharField("ville", max_length=100)
    date_debut = models.DateField("depuis le", null=True, blank=True)
    date_fin = models.DateField("jusqu'au", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "lieu d'exercice"
        verbose_name_plural = "lieux d'exercice"
        ordering = ["medecin", "-principal", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["medecin"],
                condition=models.Q(principal=True, date_fin__isnull=True),
                name="un_seul_lieu_principal_actif",
                violation_error_message="Le médecin a déjà un lieu d'exercice principal en cours.",
            ),
            PeriodeDatee.contrainte_dates(
                "lieu_exercice_dates_ordonnees",
                "La fin de l'exercice en ce lieu ne peut précéder son début.",
                debut_facultatif=True,
            ),
        ]

    def __str__(self):
        return f"{self.intitule or self.adresse}, {self.code_postal} {self.ville}"


class Societe(models.Model):
    class Forme(models.TextChoices):
        SEL = "SEL", "Société d'exercice libéral (SEL)"
        SCP = "SCP", "Société civile professionnelle (SCP)"
        SPFPL = "SPFPL", "Société de participation financière de professions libérales (SPFPL)"

    class Statut(models.TextChoices):
        DEMANDE = "demande", "Demande reçue"
        INSCRIT = "inscrit", "Inscrite"
        RADIE = "radie", "Radiée"

    raison_sociale = models.CharField("raison sociale", max_length=200)
    forme = models.CharField("forme", max_length=5, choices=Forme.choices)
    statut = models.CharField("statut", max_length=10, choices=Statut.choices, default=Statut.DEMANDE)
    date_inscription = models.DateField("date d'inscription au tableau", null=True, blank=True)
    # The dues of a year are owed by the companies on the tableau on 1 January (DOMAIN.md 2): a company struck off
    # after that day still owes that year's, whenever the call runs (cotisations.services.appel).
    date_radiation = models.DateField(
        "date de radiation", null=True, blank=True, help_text="Obligatoire quand la société est radiée."
    )
    siren = models.CharField("SIREN", max_length=9, blank=True)
    adresse = models.CharField("adresse du siège", max_length=255, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True, validators=[valider_code_postal])
    ville = models.CharField("ville", max_length=100, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    gerant = models.ForeignKey(
        Medecin, on_delete=models.PROTECT, related_name="societes_gerees", verbose_name="gérant", null=True, blank=True
    )
    associes = models.ManyToManyField(Medecin, related_name="societes", blank=True, verbose_name="associés")

    history = HistoricalRecords(m2m_fields=[associes])

    class Meta:
        verbose_name = "société"
        ordering = ["raison_sociale", "id"]

    def __str__(self):
        return f"{self.raison_sociale} ({self.forme})"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.statut == self.Statut.RADIE and self.date_radiation is None:
            raise ValidationError({"date_radiation": "Indiquez la date de radiation de la société."})
        if self.date_radiation and self.date_inscription and self.date_radiation < self.date_inscription:
            raise ValidationError(
                {"date_radiation": "La radiation ne peut précéder l'inscription de la société au tableau."}
            )


class Activite(PeriodeDatee):
    """An activity recorded on a doctor's file, such as a territorial solidarity mission (DOMAIN.md 7)."""

    class Type(models.TextChoices):
        SOLIDARITE_TERRITORIALE = "solidarite_territoriale", "Mission de solidarité territoriale"
        REMPLACEMENT = "remplacement", "Remplacement"
        AUTRE = "autre", "Autre activité"

    medecin = models.ForeignKey(Medecin, on_delete=models.CASCADE, related_name="activites")
    type = models.CharField("type", max_length=30, choices=Type.choices)
    libelle = models.CharField("libellé", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "activité"
        ordering = ["medecin", "-date_debut"]
        constraints = [
            PeriodeDatee.contrainte_dates(
                "activite_dates_ordonnees", "La fin de l'activité ne peut précéder son début."
            )
        ]

    def __str__(self):
        return self.libelle or self.get_type_display()


class RestrictionExercice(PeriodeDatee):
    """A bar to practice recorded on a doctor's file while he stays registered (seed 004: « vérifications d'usage
    (inscription ordinale, situation de carence professionnelle le cas échéant) »): a disciplinary temporary ban, a
    suspension for a pathological state or for professional insufficiency, the ARS's immediate suspension, a
    criminal court's ban. In force from `date_debut` to `date_fin` inclusive (open while not lifted). Read by the
    checks of territorial solidarity (solidarite.services.controler)."""

    class Nature(models.TextChoices):
        INTERDICTION_TEMPORAIRE = (
            "interdiction_temporaire",
            "Interdiction temporaire d'exercer (sanction disciplinaire, art. L4124-6 CSP)",
        )
        SUSPENSION_ETAT_PATHOLOGIQUE = (
            "suspension_etat_pathologique",
            "Suspension pour infirmité ou état pathologique (art. R4124-3 CSP)",
        )
        SUSPENSION_INSUFFISANCE = (
            "suspension_insuffisance",
            "Suspension pour insuffisance professionnelle (art. R4124-3-5 CSP)",
        )
        SUSPENSION_ARS = (
            "suspension_ars",
            "Suspension immédiate par le directeur général de l'ARS (art. L4113-14 CSP)",
        )
        INTERDICTION_PENALE = "interdiction_penale", "Interdiction d'exercer prononcée par une juridiction pénale"

    medecin = models.ForeignKey(Medecin, on_delete=models.CASCADE, related_name="restrictions")
    nature = models.CharField("nature", max_length=30, choices=Nature.choices)
    decision = models.CharField(
        "décision", max_length=255, help_text="Juridiction ou autorité, date et référence de la décision."
    )
    portee = models.CharField(
        "portée",
        max_length=255,
        blank=True,
        help_text="Vide : tout exercice. Sinon, les actes ou l'activité visés (l'interdiction partielle).",
    )
    date_debut = models.DateField("en vigueur du")
    date_fin = models.DateField("jusqu'au", null=True, blank=True, help_text="Vide : jusqu'à nouvelle décision.")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "restriction du droit d'exercer"
        verbose_name_plural = "restrictions du droit d'exercer"
        ordering = ["medecin", "-date_debut", "id"]
        constraints = [
            PeriodeDatee.contrainte_dates(
                "restriction_exercice_dates_ordonnees", "La fin de la restriction ne peut précéder son début."
            )
        ]

    def __str__(self):
        fin = f" au {self.date_fin:%d/%m/%Y}" if self.date_fin else ""
        return f"{self.get_nature_display()}, du {self.date_debut:%d/%m/%Y}{fin}"

    def en_clair(self) -> str:
        """« suspension … du 01/09/2026 jusqu'à nouvelle décision », as the checks and refusals say it."""
        fin = f"au {self.date_fin:%d/%m/%Y}" if self.date_fin else "jusqu'à nouvelle décision"
        return f"{self.get_nature_display().lower()} du {self.date_debut:%d/%m/%Y} {fin}"


class DocumentProfessionnel(models.Model):
    """Documents the service du tableau issues: vignettes urgence, professional cards, caducées (seed 000)."""

    class Type(models.TextChoices):
        VIGNETTE_URGENCE = "vignette_urgence", "Vignette urgence"
        CARTE_PROFESSIONNELLE = "carte_professionnelle", "Carte professionnelle"
        CADUCEE = "caducee", "Caducée"

    class Motif(models.TextChoices):
        ATTRIBUTION = "attribution", "Attribution"
        RENOUVELLEMENT = "renouvellement", "Renouvellement"
        REMPLACEMENT = "remplacement", "Remplacement (perte, vol, détérioration)"

    medecin = models.ForeignKey(Medecin, on_delete=models.CASCADE, related_name="documents")
    type = models.CharField("type", max_length=30, choices=Type.choices)
    motif = models.CharField("motif", max_length=20, choices=Motif.choices, default=Motif.ATTRIBUTION)
    numero = models.CharField("numéro", max_length=50, blank=True)
    date_delivrance = models.DateField("délivré le")
    date_expiration = models.DateField("valable jusqu'au", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "document professionnel délivré"
        verbose_name_plural = "documents professionnels délivrés"
        ordering = ["medecin", "-date_delivrance"]

    def __str__(self):
        return f"{self.get_type_display()} du {self.date_delivrance:%d/%m/%Y}"


class DeclarationPerteOrdonnances(models.Model):
    """A declaration of lost or stolen prescription pads (seed 000), made by the doctor or by staff."""

    class Nature(models.TextChoices):
        PERTE = "perte", "Perte"
        VOL = "vol", "Vol"

    medecin = models.ForeignKey(Medecin, on_delete=models.CASCADE, related_name="declarations_perte")
    nature = models.CharField("nature", max_length=5, choices=Nature.choices)
    date_faits = models.DateField("date des faits")
    lieu = models.CharField("lieu", max_length=200, blank=True)
    numeros = models.CharField(
        "numéros des ordonnances", max_length=255, blank=True, help_text="Numéros ou plage de numéros, si connus."
    )
    quantite = models.PositiveIntegerField("nombre d'ordonnances ou de carnets", null=True, blank=True)
    plainte_deposee = models.BooleanField("plainte déposée", default=False)
    circonstances = models.TextField("circonstances", blank=True)
    declaree_le = models.DateTimeField("déclarée le", auto_now_add=True)
    declaree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="déclarée par"
    )
    # Staff are told of each new declaration (e-mail and the admin's list of those to handle) and mark it handled.
    traitee_le = models.DateTimeField("traitée le", null=True, blank=True)
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="traitée par",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "déclaration de perte ou de vol d'ordonnances"
        verbose_name_plural = "déclarations de perte ou de vol d'ordonnances"
        ordering = ["-declaree_le"]

    def __str__(self):
        return f"{self.get_nature_display()} d'ordonnances du {self.date_faits:%d/%m/%Y}"
