"""Factories for every app (les-emplois habit: traits rather than fixture files)."""

import datetime
import hashlib
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from commun.services import utilisateur_systeme
from tableau.models import Exercice, Medecin, Sexe, Societe, Statut
from tableau.validators import cle_luhn

User = get_user_model()
MOT_DE_PASSE = "motdepasse-de-test-42"


def rpps_valide(n: int) -> str:
    debut = f"1{n:09d}"
    return debut + cle_luhn(debut)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"agent{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@cdom.example")
    # Hashed before the insert: no second save after post-generation (deprecated by factory_boy).
    password = factory.django.Password(MOT_DE_PASSE)


class StaffFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def groupe(self, create, extracted, **kwargs):
        if extracted:
            from config.roles import groupes_synchroniser

            groupes_synchroniser()
            self.groups.add(Group.objects.get(name=_NOMS_GROUPES.get(extracted, extracted)))


_NOMS_GROUPES = {
    "accueil": "Accueil",
    "tableau": "Service du tableau",
    "comptabilite": "Comptabilité",
    "juridique": "Service juridique",
}


class MedecinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Medecin
        skip_postgeneration_save = True

    rpps = factory.Sequence(lambda n: rpps_valide(n + 1))
    nom = factory.Faker("last_name", locale="fr_FR")
    prenom = factory.Faker("first_name", locale="fr_FR")
    sexe = Sexe.F
    date_naissance = datetime.date(1975, 5, 12)
    email = factory.LazyAttribute(lambda o: f"dr.{o.rpps}@medecins.example")
    telephone = "05 53 00 00 00"
    adresse_professionnelle = "12 rue Wilson"
    code_postal_professionnel = "24000"
    ville_professionnelle = "Périgueux"
    statut = Statut.INSCRIT
    date_statut = datetime.date(2015, 9, 1)
    date_inscription = datetime.date(2015, 9, 1)
    premiere_inscription = False
    exercice = Exercice.LIBERAL

    class Params:
        avec_compte = factory.Trait(
            user=factory.SubFactory(
                UserFactory, username=factory.SelfAttribute("..rpps"), email=factory.SelfAttribute("..email")
            )
        )


class SocieteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Societe
        skip_postgeneration_save = True

    raison_sociale = factory.Sequence(lambda n: f"SELARL des médecins du Périgord n°{n}")
    forme = Societe.Forme.SEL
    statut = Societe.Statut.INSCRIT
    date_inscription = datetime.date(2018, 3, 1)
    gerant = factory.SubFactory(MedecinFactory)

    @factory.post_generation
    def associes(self, create, extracted, **kwargs):
        if create and extracted:
            self.associes.set(extracted)


# --- gouvernance -------------------------------------------------------------------------------------------------

_NOMS_GROUPES["secretariat"] = "Secrétariat du conseil"


class MembreFactory(factory.django.DjangoModelFactory):
    """A mandate on the council (titular by default, from 2025-06-01, open-ended)."""

    class Meta:
        model = "gouvernance.Membre"

    medecin = factory.SubFactory(MedecinFactory)
    qualite = "titulaire"
    moitie = 1
    date_debut = datetime.date(2025, 6, 1)
    date_fin = None

    class Params:
        suppleant = factory.Trait(qualite="suppleant")
        avec_compte = factory.Trait(medecin=factory.SubFactory(MedecinFactory, avec_compte=True))


class FonctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gouvernance.Fonction"

    membre = factory.SubFactory(MembreFactory)
    fonction = "president"
    date_debut = datetime.date(2025, 6, 1)


class SeanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gouvernance.Seance"

    date = datetime.date(2026, 3, 12)
    type = "pleniere"
    ordre_du_jour = factory.LazyFunction(lambda: ["Approbation du procès-verbal", "Inscriptions au tableau"])


class EmargementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gouvernance.Emargement"

    seance = factory.SubFactory(SeanceFactory)
    membre = factory.SubFactory(MembreFactory)


def systeme():
    """The system user, as the author of writes a test makes outside any door (commands and tasks act as it)."""
    return utilisateur_systeme()


# --- one factory per model that the admin, the API or a page lists (query budgets, authorization walk) -----------


class _FicheDuMedecin(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    medecin = factory.SubFactory(MedecinFactory)


class QualificationFactory(_FicheDuMedecin):
    class Meta:
        model = "tableau.Qualification"

    intitule = "Pédiatrie"
    date = datetime.date(2010, 1, 1)


class LieuExerciceFactory(_FicheDuMedecin):
    class Meta:
        model = "tableau.LieuExercice"

    adresse = "3 place Bugeaud"
    code_postal = "24000"
    ville = "Périgueux"


class ActiviteFactory(_FicheDuMedecin):
    class Meta:
        model = "tableau.Activite"

    type = "autre"
    libelle = "Médecin coordonnateur d'EHPAD"
    date_debut = datetime.date(2020, 1, 1)


class RestrictionExerciceFactory(_FicheDuMedecin):
    class Meta:
        model = "tableau.RestrictionExercice"

    nature = "interdiction_temporaire"
    decision = "Chambre disciplinaire de première instance, décision du 2 mars 2026"
    date_debut = datetime.date(2026, 10, 1)
    date_fin = datetime.date(2026, 12, 31)


class DocumentProfessionnelFactory(_FicheDuMedecin):
    class Meta:
        model = "tableau.DocumentProfessionnel"

    type = "caducee"
    date_delivrance = datetime.date(2020, 1, 1)


class ChangementStatutFactory(_FicheDuMedecin):
    class Meta:
        model = "tableau.ChangementStatut"

    ancien_statut = Statut.EN_INSTRUCTION
    nouveau_statut = Statut.INSCRIT
    date = datetime.date(2015, 9, 1)
    motif = "Séance plénière"
    saisi_par = factory.SubFactory(StaffFactory)


class DeclarationPerteOrdonnancesFactory(_FicheDuMedecin):
    class Meta:
        model = "tableau.DeclarationPerteOrdonnances"

    nature = "vol"
    date_faits = datetime.date(2026, 1, 2)


class IndisponibiliteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gouvernance.Indisponibilite"

    membre = factory.SubFactory(MembreFactory)
    date_debut = datetime.date(2026, 1, 5)
    motif = "Congé"


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gouvernance.Delegation"

    delegant = factory.SubFactory(FonctionFactory)
    delegataire = factory.SubFactory(MembreFactory)
    type = "signature"
    objet = "Autorisations de remplacement"
    date_debut = datetime.date(2025, 7, 1)


class CommissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gouvernance.Commission"

    nature = "autre"
    nom = factory.Sequence(lambda n: f"Commission de la permanence des soins n°{n}")
    date_debut = datetime.date(2025, 7, 1)


class SiegeCommissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gouvernance.SiegeCommission"

    commission = factory.SubFactory(CommissionFactory)
    membre = factory.SubFactory(MembreFactory)
    date_debut = datetime.date(2025, 7, 1)


class DeclarationInteretsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gouvernance.DeclarationInterets"

    membre = factory.SubFactory(MembreFactory)
    version = 1
    activite_principale = "liberale_cabinet"
    certifie_exact = True
    fait_a = "Périgueux"
    date = datetime.date(2025, 7, 1)


class _AvecSignataires(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def signataires(self, create, extracted, **kwargs):
        if create and extracted:
            self.signataires.set(extracted)


class DemandeInscriptionPointFactory(_AvecSignataires):
    class Meta:
        model = "gouvernance.DemandeInscriptionPoint"

    seance = factory.SubFactory(SeanceFactory)
    libelle = "Permanence des soins de l'été"
    recue_le = factory.LazyFunction(lambda: datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC))


class DemandeSeanceExtraordinaireFactory(_AvecSignataires):
    class Meta:
        model = "gouvernance.DemandeSeanceExtraordinaire"

    objet = "Budget rectificatif"
    recue_le = datetime.date(2026, 3, 2)
    recevable = True


class AbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gouvernance.Absence"

    seance = factory.SubFactory(SeanceFactory)
    membre = factory.SubFactory(MembreFactory)
    motif = "Congrès"


class VoieRecoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gouvernance.VoieRecours"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"recours-{n}")
    libelle = factory.Sequence(lambda n: f"Décisions de la catégorie {n}")
    texte = "Recours devant le conseil régional dans un délai de trente jours."


class DeliberationFactory(factory.django.DjangoModelFactory):
    """A decision numbered far above what the services number (they take the year's next free sequence)."""

    class Meta:
        model = "gouvernance.Deliberation"
        skip_postgeneration_save = True

    seance = factory.SubFactory(SeanceFactory)
    annee = factory.LazyAttribute(lambda o: o.seance.date.year)
    sequence = factory.Sequence(lambda n: 500 + n)
    numero = factory.LazyAttribute(lambda o: f"{o.annee}-{o.sequence:03d}")
    objet = "Inscription au tableau"
    motivation = "Vu le dossier complet et l'avis de la commission."
    pour = 9
    adoptee = True

    @factory.post_generation
    def non_participants(self, create, extracted, **kwargs):
        if create and extracted:
            self.non_participants.set(extracted)


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gouvernance.Election"
        skip_postgeneration_save = True

    seance = factory.SubFactory(SeanceFactory)
    poste = "vice_president"

    @factory.post_generation
    def candidats(self, create, extracted, **kwargs):
        if create and extracted:
            self.candidats.set(extracted)


class TourElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gouvernance.TourElection"

    election = factory.SubFactory(ElectionFactory)
    numero = 1
    voix = factory.LazyFunction(dict)


# --- cotisations -------------------------------------------------------------------------------------------------


class BaremeFactory(factory.django.DjangoModelFactory):
    """The scale of a year with the round figures of the tests, replacing the one migration 0002 loaded."""

    class Meta:
        model = "cotisations.Bareme"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        annee = kwargs.pop("annee")
        return model_class.objects.update_or_create(annee=annee, defaults=kwargs)[0]

    annee = 2026
    montant_plein = Decimal("340.00")
    montant_retraite = Decimal("100.00")
    montant_societe = Decimal("300.00")
    montant_liste_etrangers = Decimal("170.00")
    frais_lrar = Decimal("7.00")
    taux_interet_legal_s1 = Decimal("2.76")
    taux_interet_legal_s2 = Decimal("2.76")


def _reference(annee, rpps):
    from cotisations.services import reference_medecin

    return reference_medecin(annee, rpps)


class CotisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cotisations.Cotisation"

    annee = 2026
    medecin = factory.SubFactory(MedecinFactory)
    categorie = "plein"
    montant_bareme = Decimal("340.00")
    montant_du = Decimal("340.00")
    reference = factory.LazyAttribute(lambda o: _reference(o.annee, o.medecin.rpps))
    appelee_le = datetime.date(2026, 1, 5)


class PaiementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cotisations.Paiement"

    cotisation = factory.SubFactory(CotisationFactory)
    montant = Decimal("100.00")
    mode = "cheque"
    date = datetime.date(2026, 2, 1)
    annee_recu = 2026
    numero_recu = factory.Sequence(lambda n: f"2026-9{n:05d}")
    saisi_par = factory.LazyFunction(utilisateur_systeme)


# --- cotisations: carte (card payments) ---------------------------------------------------------------------------


class PaiementCarteFactory(factory.django.DjangoModelFactory):
    """A card payment started from the espace, waiting for the (simulated) bank."""

    class Meta:
        model = "cotisations.PaiementCarte"

    cotisation = factory.SubFactory(CotisationFactory)
    demande_par = factory.LazyAttribute(lambda o: o.cotisation.medecin.user if o.cotisation.medecin else systeme())
    variant = "test"
    total = Decimal("120.00")
    currency = "EUR"


# --- cotisations, banque ---------------------------------------------------------------------------------------------


class ReleveBancaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cotisations.ReleveBancaire"

    nom_fichier = factory.Sequence(lambda n: f"releve-{n}.ofx")
    empreinte = factory.Sequence(lambda n: f"{n:064d}")
    format = "ofx"
    compte = "FR7699999000010000000000115"
    debut = datetime.date(2026, 3, 1)
    fin = datetime.date(2026, 3, 31)
    importe_par = factory.LazyFunction(utilisateur_systeme)


class LigneReleveFactory(factory.django.DjangoModelFactory):
    """A credit waiting for a person (non rapprochée) unless told otherwise."""

    class Meta:
        model = "cotisations.LigneReleve"
        skip_postgeneration_save = True

    releve = factory.SubFactory(ReleveBancaireFactory)
    compte = factory.SelfAttribute("releve.compte")
    reference_banque = factory.Sequence(lambda n: f"FIT-{n:06d}")
    date = datetime.date(2026, 3, 10)
    montant = Decimal("340.00")
    libelle = "VIR SEPA COTISATION"
    nom_debiteur = "DR INCONNU"
    etat = "non_rapprochee"

    @factory.post_generation
    def propositions(self, create, extracted, **kwargs):
        if create and extracted:
            self.propositions.set(extracted)


class BordereauRemiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cotisations.BordereauRemise"

    numero = factory.Sequence(lambda n: f"BR-2026-{n + 1:04d}")
    date = datetime.date(2026, 3, 3)
    total = Decimal("100.00")
    nombre = 1
    cree_par = factory.LazyFunction(utilisateur_systeme)


class ChequeRemisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cotisations.ChequeRemis"

    bordereau = factory.SubFactory(BordereauRemiseFactory)
    paiement = factory.SubFactory(PaiementFactory)


class VersementCNOMFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cotisations.VersementCNOM"

    mois = factory.Sequence(lambda n: datetime.date(2000 + n // 12, n % 12 + 1, 1))
    montant = Decimal("490.00")
    detail = factory.LazyFunction(lambda: {"categories": {"plein": "490.00"}})
    fichier = '<?xml version="1.0" encoding="UTF-8"?><Document/>'
    identifiant_message = factory.Sequence(lambda n: f"MSG-{n}")
    genere_par = factory.LazyFunction(utilisateur_systeme)


class RelanceFactory(factory.django.DjangoModelFactory):
    """A first registered letter of the calendar (relances), as the run writes it: its postage is already in the
    dues' `frais` when it is made through the service; this one does not touch the dues."""

    class Meta:
        model = "cotisations.Relance"

    cotisation = factory.SubFactory(CotisationFactory)
    etape = "lrar1"
    date = datetime.date(2026, 6, 1)
    frais = Decimal("7.00")


# --- exonération pour insuffisance de ressources ------------------------------------------------------------------

PDF_MINIMAL = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
PDF_MINIMAL += b"trailer<</Root 1 0 R>>\n%%EOF\n"


def fichier_pdf(nom="avis-imposition.pdf", contenu=PDF_MINIMAL):
    return SimpleUploadedFile(nom, contenu, content_type="application/pdf")


class DemandeExonerationFactory(factory.django.DjangoModelFactory):
    """A filed request (numbered far above what the service numbers), with one stored PDF document."""

    class Meta:
        model = "cotisations.DemandeExoneration"
        skip_postgeneration_save = True

    cotisation = factory.SubFactory(CotisationFactory)
    annee_depot = 2026
    sequence = factory.Sequence(lambda n: 900 + n)
    numero = factory.LazyAttribute(lambda o: f"D-{o.annee_depot}-{o.sequence:03d}")
    taux_demande = 100
    expose = "Activité libérale interrompue six mois en 2025 après un accident ; reprise à mi-temps."
    deposee_le = datetime.date(2026, 2, 10)
    deposee_par = factory.LazyFunction(utilisateur_systeme)

    @factory.post_generation
    def pieces(self, create, extracted, **kwargs):
        if create and extracted is not False:
            PieceDemandeFactory(demande=self)


class PieceDemandeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cotisations.PieceDemande"

    demande = factory.SubFactory(DemandeExonerationFactory, pieces=False)
    nom_original = "avis-imposition-2025.pdf"
    taille = len(PDF_MINIMAL)
    type_contenu = "application/pdf"
    sha256 = factory.LazyFunction(lambda: hashlib.sha256(PDF_MINIMAL).hexdigest())
    deposee_le = datetime.date(2026, 2, 10)
    deposee_par = factory.LazyFunction(utilisateur_systeme)
    fichier = factory.LazyFunction(lambda: ContentFile(PDF_MINIMAL, name="piece.pdf"))


# --- cotisations: impression (the print run) ---------------------------------------------------------------------


class TirageFactory(factory.django.DjangoModelFactory):
    """A print run of 2026 with one chunk of its letters (none rendered yet)."""

    class Meta:
        model = "cotisations.Tirage"

    annee = 2026
    total = 0
    taille_lot = 250
    debut = factory.LazyFunction(lambda: datetime.datetime(2026, 1, 6, 9, 0, tzinfo=datetime.UTC))
    demande_par = factory.LazyFunction(utilisateur_systeme)
    demande_le = datetime.date(2026, 1, 6)


# --- tresorerie ------------------------------------------------------------------------------------------------------


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.Budget"
        django_get_or_create = ("annee",)

    annee = 2027


def compte(numero: str):
    """An account of the plan loaded by migration 0002 (tresorerie/donnees/plan_comptable.py)."""
    from tresorerie.models import CompteComptable

    return CompteComptable.objects.get(numero=numero)


class CompteComptableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.CompteComptable"

    numero = factory.Sequence(lambda n: f"6068{n:02d}")
    libelle = factory.Sequence(lambda n: f"Fournitures diverses {n}")
    nature = "charge"
    budgetaire = True


class LigneBudgetaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.LigneBudgetaire"
        django_get_or_create = ("budget", "compte")

    budget = factory.SubFactory(BudgetFactory)
    compte = factory.LazyFunction(lambda: compte("6064"))
    montant = Decimal("10000.00")


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.Engagement"

    ligne = factory.SubFactory(LigneBudgetaireFactory)
    numero = factory.Sequence(lambda n: f"2027-{n + 1:05d}")
    objet = "Ramettes de papier"
    tiers = "Papeterie du Périgord"
    montant = Decimal("120.00")
    engage_le = datetime.date(2027, 3, 1)
    engage_par = factory.SubFactory(UserFactory)
    # A step past engagement is signed (the database says so: engagement_*_signe constraints): each later step gets
    # its own signatory and the engagement's date unless the test gives them.
    liquide_par = factory.Maybe(
        factory.LazyAttribute(lambda o: o.statut in ("liquide", "ordonnance", "paye")),
        factory.SubFactory(UserFactory),
        None,
    )
    liquide_le = factory.LazyAttribute(lambda o: o.engage_le if o.statut in ("liquide", "ordonnance", "paye") else None)
    montant_liquide = factory.LazyAttribute(
        lambda o: o.montant if o.statut in ("liquide", "ordonnance", "paye") else None
    )
    ordonnance_par = factory.Maybe(
        factory.LazyAttribute(lambda o: o.statut in ("ordonnance", "paye")), factory.SubFactory(UserFactory), None
    )
    ordonnance_le = factory.LazyAttribute(lambda o: o.engage_le if o.statut in ("ordonnance", "paye") else None)
    paye_par = factory.Maybe(factory.LazyAttribute(lambda o: o.statut == "paye"), factory.SubFactory(UserFactory), None)
    paye_le = factory.LazyAttribute(lambda o: o.engage_le if o.statut == "paye" else None)
    statut = "engage"


class PieceJustificativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.PieceJustificative"

    engagement = factory.SubFactory(EngagementFactory)
    fichier = factory.django.FileField(filename="facture.pdf", data=PDF_MINIMAL)
    nom_original = "facture.pdf"
    taille = len(PDF_MINIMAL)
    type_contenu = "application/pdf"
    sha256 = "0" * 64
    deposee_le = datetime.date(2027, 3, 2)
    deposee_par = factory.SubFactory(UserFactory)


# --- tresorerie, budget (issue 11 points 1, 3): amendments, transfers, yearly parameters ---
class ParametreBudgetFactory(factory.django.DjangoModelFactory):
    """The rows of 2026 and 2027 come with migration 0004; other years get the same figures."""

    class Meta:
        model = "tresorerie.ParametreBudget"
        django_get_or_create = ("annee",)

    annee = 2027
    seuil_virement = Decimal("10000.00")
    delai_rappel_cnom = 15


class AvenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.Avenant"

    budget = factory.SubFactory(BudgetFactory, statut="adopte")
    numero = factory.Sequence(lambda n: n + 1)
    objet = "Avenant n° 1 : renfort des frais de déplacement"
    deliberation = factory.SubFactory(DeliberationFactory, objet="Avenant au budget")
    adopte_le = factory.LazyAttribute(lambda o: o.deliberation.seance.date)
    enregistre_par = factory.SubFactory(UserFactory)


class LigneAvenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.LigneAvenant"

    avenant = factory.SubFactory(AvenantFactory)
    ligne = factory.LazyAttribute(lambda o: LigneBudgetaireFactory(budget=o.avenant.budget, compte=compte("6251")))
    variation = Decimal("500.00")


class VirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.Virement"

    budget = factory.SubFactory(BudgetFactory, statut="adopte")
    de = factory.LazyAttribute(lambda o: LigneBudgetaireFactory(budget=o.budget, compte=compte("6064")))
    vers = factory.LazyAttribute(lambda o: LigneBudgetaireFactory(budget=o.budget, compte=compte("6251")))
    montant = Decimal("250.00")
    date = datetime.date(2027, 3, 10)
    propose_par = factory.SubFactory(UserFactory)
    decide_par = factory.SubFactory(UserFactory)


# --- tresorerie: the expense chain (issue 11 points 2 and 4) ----------------------------------------------------------


class AutorisationDepenseUrgenteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.AutorisationDepenseUrgente"

    ligne = factory.SubFactory(LigneBudgetaireFactory, compte=factory.LazyFunction(lambda: compte("671")))
    objet = "Bâchage de la toiture"
    nature = "travaux"
    motif = "Infiltrations dans la salle des archives après la tempête."
    montant = Decimal("1800.00")
    autorisee_le = datetime.date(2027, 3, 1)
    autorisee_par = factory.SubFactory(UserFactory)


class PlafondsRemplacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.PlafondsRemplacement"
        django_get_or_create = ("annee",)

    annee = 2030
    seuil_unitaire = Decimal("5000.00")
    plafond_annuel = Decimal("10000.00")


# --- tresorerie, indemnités (issue 11 point 8) ---


class BaremeIndemnitesFactory(factory.django.DjangoModelFactory):
    """The scale of a year (2026 and 2027 are loaded by migration 0004: get_or_create keeps them)."""

    class Meta:
        model = "tresorerie.BaremeIndemnites"
        django_get_or_create = ("annee",)

    annee = 2027
    socle_president = Decimal("7000.00")
    montant_par_inscrit = Decimal("4.00")
    seuil_inscrits = 5000
    montant_par_inscrit_au_dela = Decimal("3.00")
    plancher_president = Decimal("18000.00")
    plafond_paris = Decimal("80000.00")
    vacation_heure = Decimal("80.50")
    vacation_demi_journee = Decimal("241.50")
    vacation_journee = Decimal("483.00")
    plafond_annuel_securite_sociale = Decimal("48060.00")
    taux_csg = Decimal("9.20")
    taux_crds = Decimal("0.50")
    assiette_csg_crds = Decimal("98.25")


class RepartitionIndemnitesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.RepartitionIndemnites"
        django_get_or_create = ("annee",)

    annee = 2027
    inscrits = 5501
    enregistree_le = datetime.date(2026, 11, 20)
    enregistree_par = factory.SubFactory(UserFactory)


class VacationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.Vacation"

    membre = factory.SubFactory(MembreFactory)
    date = datetime.date(2027, 3, 10)
    nature = "commission"
    duree = "demi_journee"
    nombre_vacations = 1
    montant = Decimal("241.50")
    saisie_le = datetime.date(2027, 3, 11)
    saisie_par = factory.SubFactory(UserFactory)


class IndemniteAutreStructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.IndemniteAutreStructure"

    membre = factory.SubFactory(MembreFactory)
    annee = 2027
    structure = "regional"
    montant = Decimal("12000.00")
    declaree_le = datetime.date(2027, 1, 15)
    saisie_par = factory.SubFactory(UserFactory)


# --- tresorerie: cash box, fixed assets, year-end (issue 11 points 5-7) ---------------------------------------------


class ParametreCaisseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.ParametreCaisse"
        django_get_or_create = ("annee",)

    annee = 2027
    plafond = Decimal("1000.00")


class MouvementCaisseFactory(factory.django.DjangoModelFactory):
    """A movement written as is (no ceiling check: the services' tests go through the service)."""

    class Meta:
        model = "tresorerie.MouvementCaisse"

    numero = factory.Sequence(lambda n: f"C2026-9{n:04d}")
    sens = "entree"
    montant = Decimal("10.00")
    objet = "Photocopies"
    date = datetime.date(2026, 6, 15)
    compte = factory.LazyFunction(lambda: compte("758"))
    saisi_par = factory.SubFactory(UserFactory)


class PieceCaisseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.PieceCaisse"

    mouvement = factory.SubFactory(MouvementCaisseFactory)
    fichier = factory.django.FileField(filename="recu.pdf", data=PDF_MINIMAL)
    nom_original = "recu.pdf"
    taille = len(PDF_MINIMAL)
    type_contenu = "application/pdf"
    sha256 = "0" * 64
    deposee_le = datetime.date(2026, 6, 15)
    deposee_par = factory.SubFactory(UserFactory)


def categorie_immobilisation(code: str):
    """A category of migration 0004_cloture_donnees (tresorerie/donnees/cloture.py)."""
    from tresorerie.models import CategorieImmobilisation

    return CategorieImmobilisation.objects.get(code=code)


class CategorieImmobilisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.CategorieImmobilisation"

    code = factory.Sequence(lambda n: f"categorie_{n}")
    libelle = factory.Sequence(lambda n: f"Catégorie {n}")
    duree_annees = 3
    compte_immobilisation = factory.LazyFunction(lambda: compte("2183"))
    compte_amortissement = factory.LazyFunction(lambda: compte("28183"))


class ImmobilisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.Immobilisation"

    numero = factory.Sequence(lambda n: f"I2026-9{n:03d}")
    designation = "Ordinateur portable"
    categorie = factory.LazyFunction(lambda: categorie_immobilisation("materiel_informatique"))
    duree_annees = 5
    valeur_origine = Decimal("1500.00")
    date_acquisition = datetime.date(2026, 7, 1)
    date_mise_en_service = datetime.date(2026, 7, 1)
    enregistree_par = factory.SubFactory(UserFactory)


class ClotureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.Cloture"
        django_get_or_create = ("annee",)

    annee = 2025


class RappelClotureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.RappelCloture"

    annee = factory.Sequence(lambda n: 2000 + n)
    etape = "etats_1"
    date = factory.LazyAttribute(lambda o: datetime.date(o.annee + 1, 1, 15))


# --- tresorerie: notes de frais (issue 11 point 9) -----------------------------------------------------------------


class ParametresFraisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.ParametresFrais"
        django_get_or_create = ("annee",)

    annee = 2027
    plafond_hotel = Decimal("200.00")
    plafond_repas = Decimal("35.00")
    plafond_petit_dejeuner = Decimal("15.00")
    km_hors_departement = 80


class BaremeKilometriqueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.BaremeKilometrique"
        django_get_or_create = ("annee", "cv")

    annee = 2027
    cv = 6
    taux_1 = Decimal("0.665")
    taux_2 = Decimal("0.374")
    forfait_2 = Decimal("1457.00")
    taux_3 = Decimal("0.447")


class NoteFraisFactory(factory.django.DjangoModelFactory):
    """A draft of a council member (no line: add LigneFraisFactory rows)."""

    class Meta:
        model = "tresorerie.NoteFrais"

    membre = factory.SubFactory(MembreFactory)
    numero = factory.Sequence(lambda n: f"NF-2027-{n + 90000:05d}")
    objet = "Séance plénière du 10 mars"
    montant_demande = Decimal("30.00")
    montant_rembourse = Decimal("30.00")
    cree_le = datetime.date(2027, 3, 12)
    cree_par = factory.LazyFunction(utilisateur_systeme)


class LigneFraisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.LigneFrais"

    note = factory.SubFactory(NoteFraisFactory)
    type = "repas"
    date = datetime.date(2027, 3, 10)
    montant = Decimal("30.00")
    montant_rembourse = Decimal("30.00")


class JustificatifFraisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tresorerie.JustificatifFrais"

    ligne = factory.SubFactory(LigneFraisFactory)
    fichier = factory.django.FileField(filename="ticket.pdf", data=PDF_MINIMAL)
    nom_original = "ticket-restaurant.pdf"
    taille = len(PDF_MINIMAL)
    type_contenu = "application/pdf"
    sha256 = "0" * 64
    depose_le = datetime.date(2027, 3, 12)
    depose_par = factory.LazyFunction(utilisateur_systeme)


# --- conciliation (issue 12) ------------------------------------------------------------------------------------------


class PlainteFactory(factory.django.DjangoModelFactory):
    """A complaint registered on 2 March 2026 by a patient (t0: conciliation by 2 April, transmission by 2 June)."""

    class Meta:
        model = "conciliation.Plainte"

    numero = factory.Sequence(lambda n: f"PL-2026-{9000 + n}")
    nature = "plainte"
    nature_initiale = factory.LazyAttribute(lambda o: o.nature)
    medecin = factory.SubFactory(MedecinFactory)
    plaignant_nom = "Mme Claire Fontaine"
    plaignant_qualite = "patient"
    plaignant_email = "claire.fontaine@patients.example"
    plaignant_adresse = "4 place du Marché\n24000 Périgueux"
    objet = "Refus de communiquer le dossier médical après une consultation."
    recue_le = datetime.date(2026, 3, 2)
    date_enregistrement = datetime.date(2026, 3, 2)
    statut = "enregistree"
    enregistree_par = factory.LazyFunction(utilisateur_systeme)


class PiecePlainteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "conciliation.PiecePlainte"

    plainte = factory.SubFactory(PlainteFactory)
    fichier = factory.Sequence(lambda n: f"conciliation/pieces/fabrique-{n}.chiffre")
    nom_original = "courrier.pdf"
    taille = 1024
    type_contenu = "application/pdf"
    sha256 = "0" * 64
    deposee_le = datetime.date(2026, 3, 2)
    deposee_par = factory.LazyFunction(utilisateur_systeme)


class ConciliateurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "conciliation.Conciliateur"

    plainte = factory.SubFactory(PlainteFactory)
    membre = factory.SubFactory(MembreFactory)
    designe_le = datetime.date(2026, 3, 5)
    designe_par = factory.LazyFunction(utilisateur_systeme)


class LienDeclareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "conciliation.LienDeclare"

    plainte = factory.SubFactory(PlainteFactory)
    membre = factory.SubFactory(MembreFactory)
    description = "Médecin traitant de la plaignante"
    declare_le = datetime.date(2026, 3, 5)
    declare_par = factory.LazyFunction(utilisateur_systeme)


class ReunionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "conciliation.Reunion"

    plainte = factory.SubFactory(PlainteFactory, statut="convoquee")
    date = datetime.date(2026, 3, 26)
    heure = datetime.time(14, 30)
    lieu = "Siège du conseil départemental, salle de conciliation"
    fixee_le = datetime.date(2026, 3, 6)
    fixee_par = factory.LazyFunction(utilisateur_systeme)


class ProcesVerbalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "conciliation.ProcesVerbal"

    reunion = factory.SubFactory(ReunionFactory)
    issue = "echec"
    desaccords = "Le médecin conteste avoir refusé la communication du dossier."
    etabli_le = datetime.date(2026, 3, 26)
    etabli_par = factory.LazyFunction(utilisateur_systeme)


# --- entraide (issue 12) ----------------------------------------------------------------------------------------------


class DemandeEntraideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "entraide.Demande"

    numero = factory.Sequence(lambda n: f"EN-2026-{9000 + n}")
    medecin = factory.SubFactory(MedecinFactory)
    beneficiaire = "medecin"
    natures = factory.LazyFunction(lambda: ["financiere"])
    situation = "Cabinet fermé trois mois après un accident ; charges fixes impayées depuis février."
    questionnaire = factory.LazyFunction(dict)
    date_depot = datetime.date(2026, 3, 2)
    statut = "deposee"
    statut_le = datetime.date(2026, 3, 2)
    deposee_par = factory.LazyFunction(utilisateur_systeme)


class PieceDemandeEntraideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "entraide.PieceDemande"

    demande = factory.SubFactory(DemandeEntraideFactory)
    fichier = factory.Sequence(lambda n: f"entraide/pieces/fabrique-{n}.chiffre")
    nom_original = "avis-imposition.pdf"
    taille = 1024
    type_contenu = "application/pdf"
    sha256 = "0" * 64
    deposee_le = datetime.date(2026, 3, 2)
    deposee_par = factory.LazyFunction(utilisateur_systeme)


class AideEntraideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "entraide.Aide"

    demande = factory.SubFactory(DemandeEntraideFactory, statut="aide_accordee")
    type = "orientation"
    montant = None
    date = datetime.date(2026, 3, 20)
    motivation = "Orientation vers la CARMF pour les indemnités journalières, la situation relevant de son régime."
    organisme = "CARMF"
    decidee_par = factory.LazyFunction(utilisateur_systeme)


class TransmissionCnomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "entraide.TransmissionCnom"

    demande = factory.SubFactory(DemandeEntraideFactory, statut="transmise_cnom")
    avis = "Avis favorable : charges de 18 000 € au-delà des moyens du conseil, situation documentée."
    aide_proposee = "Aide exceptionnelle de 6 000 € de la commission nationale."
    transmise_le = datetime.date(2026, 3, 25)
    transmise_par = factory.LazyFunction(utilisateur_systeme)


class ReferentEntraideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "entraide.ReferentEntraide"

    membre = factory.SubFactory(MembreFactory)
    date_debut = datetime.date(2025, 7, 1)


class ContactEntraideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "entraide.Contact"

    nom = factory.Sequence(lambda n: f"Ligne d'écoute n°{n}")
    telephone = "0800 000 000"
    description = "Écoute et orientation."
    ordre = 50


# --- conciliation, documents (issue 12 point 2) -------------------------------------------------------------------


class ParametreConciliationFactory(factory.django.DjangoModelFactory):
    """The one parameter row (the migration 0003 loads it): this returns it, or creates it in a flushed database."""

    class Meta:
        model = "conciliation.ParametreConciliation"
        django_get_or_create = ("courriel_service_juridique",)

    delai_rappel_jours = 7
    courriel_service_juridique = "juridique@cdom.example"
    chambre_disciplinaire = "Chambre disciplinaire de première instance de Nouvelle-Aquitaine"


class RappelEcheanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "conciliation.RappelEcheance"

    plainte = factory.SubFactory(PlainteFactory)
    type = "conciliation"
    echeance = factory.LazyAttribute(lambda o: o.plainte.echeance_conciliation)
    programme_le = datetime.date(2026, 3, 26)


# --- annonces (issue 13 point 6) ------------------------------------------------------------------------------------


class AnnonceFactory(factory.django.DjangoModelFactory):
    """A published ad (seed 001), without end date: the public reads it."""

    class Meta:
        model = "annonces.Annonce"

    auteur = factory.SubFactory(MedecinFactory, avec_compte=True)
    categorie = "remplacement"
    sens = "offre"
    titre = factory.Sequence(lambda n: f"Remplacement en médecine générale n°{n}")
    texte = "Cabinet de groupe cherche un remplaçant pour l'été, secrétariat sur place."
    commune = "Sarlat-la-Canéda"
    date_debut = datetime.date(2026, 6, 1)
    date_fin = None
    statut = "publiee"
    cree_le = datetime.date(2026, 5, 4)
    soumise_le = datetime.date(2026, 5, 5)
    publiee_le = datetime.date(2026, 5, 6)


class RevisionAnnonceFactory(factory.django.DjangoModelFactory):
    """The author's change to a published ad, submitted to the moderators."""

    class Meta:
        model = "annonces.RevisionAnnonce"

    annonce = factory.SubFactory(AnnonceFactory)
    categorie = factory.SelfAttribute("annonce.categorie")
    sens = factory.SelfAttribute("annonce.sens")
    titre = factory.LazyAttribute(lambda o: f"{o.annonce.titre} (logement fourni)")
    texte = factory.SelfAttribute("annonce.texte")
    commune = factory.SelfAttribute("annonce.commune")
    date_debut = factory.SelfAttribute("annonce.date_debut")
    date_fin = None
    statut = "soumise"
    cree_le = datetime.date(2026, 6, 1)
    soumise_le = datetime.date(2026, 6, 1)


class MessageAnnonceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "annonces.MessageAnnonce"

    annonce = factory.SubFactory(AnnonceFactory)
    expediteur = factory.SubFactory(MedecinFactory, avec_compte=True)
    texte = "Bonjour, je suis disponible en juillet et août. Bien confraternellement."
    envoye_le = datetime.date(2026, 6, 2)


# --- incidents, contrats (issue 13 points 7-8) -------------------------------------------------------------------


class IncidentFactory(factory.django.DjangoModelFactory):
    """A verbal assault by a patient in the surgery on 12 March 2026, declared on 13 March, no complaint filed."""

    class Meta:
        model = "incidents.Incident"

    declarant = factory.SubFactory(MedecinFactory)
    date = datetime.date(2026, 3, 12)
    commune = "Périgueux"
    lieu = "cabinet"
    types = factory.LazyFunction(lambda: ["agression_verbale"])
    auteur = "patient"
    plainte_deposee = False
    main_courante = False
    description = "Un patient mécontent d'attendre m'a insulté dans la salle d'attente devant d'autres patients."
    declare_le = datetime.date(2026, 3, 13)
    declare_par = factory.LazyFunction(utilisateur_systeme)


class ContratFactory(factory.django.DjangoModelFactory):
    """A collaboration contract signed on 2 March 2026, received on 16 March (in time)."""

    class Meta:
        model = "contrats.Contrat"

    medecin = factory.SubFactory(MedecinFactory)
    type = "collaboration"
    date_signature = datetime.date(2026, 3, 2)
    fichier = factory.django.FileField(filename="contrat.pdf", data=PDF_MINIMAL)
    nom_original = "contrat-collaboration.pdf"
    taille = len(PDF_MINIMAL)
    type_contenu = "application/pdf"
    sha256 = hashlib.sha256(PDF_MINIMAL).hexdigest()
    date_reception = datetime.date(2026, 3, 16)
    hors_delai = False
    statut = "recu"
    depose_par = factory.LazyFunction(utilisateur_systeme)


class LienContratFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contrats.LienContrat"

    contrat = factory.SubFactory(ContratFactory)
    membre = factory.SubFactory(MembreFactory)
    motif = "Associé du médecin dans la même SCP."
    declare_le = datetime.date(2026, 3, 20)
    declare_par = factory.LazyFunction(utilisateur_systeme)


# --- solidarite (issue 13 points 1-5) ---------------------------------------------------------------------------


class LieuSolidariteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "solidarite.Lieu"

    nom = factory.Sequence(lambda n: f"Maison de santé de solidarité n°{n}")
    adresse = "2 place de la Mairie"
    code_postal = "24310"
    commune = "Brantôme"
    departement = "24"


class ConseilDepartementalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "solidarite.ConseilDepartemental"
        django_get_or_create = ("departement",)

    departement = "19"
    nom = "Conseil départemental de l'Ordre des médecins de la Corrèze"
    email = "cdom19@ordre-temoin.example"


class VolontaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "solidarite.Volontaire"
        skip_postgeneration_save = True

    medecin = factory.SubFactory(MedecinFactory)
    creneaux_souhaites = "Un samedi par mois"
    statut = "validee"
    date_depot = datetime.date(2026, 9, 18)

    @factory.post_generation
    def lieux(self, create, extracted, **kwargs):
        if create:
            self.lieux.set(extracted if extracted is not None else [LieuSolidariteFactory()])


class ChangementStatutVolontaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "solidarite.ChangementStatutVolontaire"

    volontaire = factory.SubFactory(VolontaireFactory)
    ancien_statut = "en_verification"
    nouveau_statut = "validee"
    date = datetime.date(2026, 9, 25)


class VerificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "solidarite.Verification"

    volontaire = factory.SubFactory(VolontaireFactory)
    critere = "inscrit"
    conforme = True
    constat = "Statut au tableau : inscrit."
    occasion = "validation"
    date = datetime.date(2026, 9, 25)


class ParametreIndemniteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "solidarite.ParametreIndemnite"
        django_get_or_create = ("annee",)

    annee = 2030
    montant_journalier = Decimal("200.00")


class PaiementIndemniteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "solidarite.PaiementIndemnite"

    medecin = factory.SubFactory(MedecinFactory)
    mois = datetime.date(2026, 10, 1)
    jours = 1
    montant = Decimal("200.00")
    date_paiement = datetime.date(2026, 11, 15)


class JourneeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "solidarite.Journee"

    volontaire = factory.SubFactory(VolontaireFactory)
    medecin = factory.SelfAttribute("volontaire.medecin")
    lieu = factory.LazyAttribute(lambda o: o.volontaire.lieux.first())
    date = datetime.date(2026, 10, 24)
    debut = datetime.time(9, 0)
    fin = datetime.time(17, 0)


class DemandeAccesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "rgpd.DemandeAcces"

    medecin = factory.SubFactory(MedecinFactory)
    recue_le = datetime.date(2026, 3, 2)
    canal = "courrier"
    enregistree_par = factory.LazyFunction(lambda: systeme())
