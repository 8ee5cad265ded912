"""The allowances of the elected members (seed 002 L.II T.VI 1; annexe IV 3.1-3.3; DOMAIN.md 3 « Allowances »).

Responsibility allowance (indemnité de fonction) — the président, the secrétaire général and the trésorier, and
only them (annexe IV 3.2):
- président = socle + 4 € per registered doctor up to 5 000 + 3 € beyond, the doctors counted on the tableau on
  1 October of the year before (or the figure the council recorded). « Beyond » is read as the seed's own example
  computes it (annexe IV, note 3: 5 501 registered → 7 000 + 4 × 5 000 + 3 × 500 = 28 500 €): the 3 € tranche counts
  the doctors after the 5 001st (n − 5 001), so that the seed's figure holds to the euro;
- SG = 2/3 and trésorier = 1/2 of it, rounded half-up to the cent; the plenary may vote another split (see
  `repartition_enregistrer`) within the theoretical total of the three (not above it: the scale is of maxima,
  Titre VI 1), none above the président's theoretical figure, each above zero (they are « obligatoirement
  indemnisés »);
- a council whose président figure is below 18 000 € may vote to raise it to 18 000 €, the proportions kept;
- the Paris council (settings.CDOM_DEPARTEMENT == "75") is capped at 80 000 €; no one above 3 × PASS;
- paid by the month (the yearly figure / 12, December taking the cents left), to the member who holds the function
  on the first day of the month; it stops from the first month that begins after more than three months of
  unavailability (gouvernance.selectors.indemnite_de_fonction_suspendue, on that first day).

Participation allowance (vacations) — every other member (annexe IV 3.1):
- 80.50 € an hour (fewer than 3 hours), 241.50 € a half-day from 3 hours (one vacation), 483 € a day (two);
- at most two vacations a day (an hourly sitting takes one of them);
- plenary attendance: at most one vacation (an hour or a half-day, once a day);
- travel time over 3 hours per trip: one vacation (a half-day);
- the month's total of a member ≤ the SG's responsibility allowance of the month, read as the SG's yearly allowance
  fixed for that year (the voted split if any) divided by 12, rounded half-up to the cent (19 000 € → 1 583.33 €);
- a member who receives a responsibility allowance on that date gets no vacation (Titre VI 1: never both kinds in
  one structure);
- the year's total per person ≤ 3 × PASS (the allowances of this council; what another structure pays is not
  known here).
Those caps span the member's rows: each recording locks `tresorerie.vacations.<membre id>` before it counts.

Who records a vacation: the accounting service (Comptabilité, from the attendance sheets) and the trésorier (or the
trésorier adjoint while he stands in); nobody records his own allowance by being a member.

CSG and CRDS are withheld (Titre VI 1) on the month's gross of each member: rate × base (% of the gross), each
rounded half-up to the cent; net = gross − CSG − CRDS."""

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import ExtractMonth

from commun.formats import euros as _euros
from commun.periodes import couvre_q
from commun.services import enregistrer, verrouiller
from config.perms import exiger
from gouvernance.models import TYPES_PLENIERS, Deliberation, Emargement, Fonction, Membre, Seance, TypeFonction
from gouvernance.selectors import fonction_titulaire, indemnite_de_fonction_suspendue

from ..models import (
    VACATIONS_PAR_DUREE,
    BaremeIndemnites,
    DureeVacation,
    IndemniteAutreStructure,
    NatureVacation,
    RepartitionIndemnites,
    StructureOrdinale,
    Vacation,
)
from ..selectors import inscrits_au

CENTIME = Decimal("0.01")
ZERO = Decimal("0.00")
# Annexe IV 3.2: the SG's and the trésorier's shares of the président's allowance (the default split).
PART_SECRETAIRE_GENERAL = Fraction(2, 3)
PART_TRESORIER = Fraction(1, 2)
FONCTIONS_INDEMNISEES = (TypeFonction.PRESIDENT, TypeFonction.SECRETAIRE_GENERAL, TypeFonction.TRESORIER)
CLES = {
    TypeFonction.PRESIDENT: "president",
    TypeFonction.SECRETAIRE_GENERAL: "secretaire_general",
    TypeFonction.TRESORIER: "tresorier",
}
# Annexe IV 3.1.2: a half-day « à partir de 3 heures »; 3.3: travel time « dépasse 3 heures par trajet »; Titre VI 1:
# at most three times the PASS a year; 3.1.2: two vacations a day.
HEURES_DEMI_JOURNEE = Decimal("3")
MULTIPLE_PASS = 3
VACATIONS_PAR_JOUR = 2
DEPARTEMENT_PARIS = "75"
CHAMPS_BAREME = (
    "socle_president",
    "montant_par_inscrit",
    "seuil_inscrits",
    "montant_par_inscrit_au_dela",
    "plancher_president",
    "plafond_paris",
    "vacation_heure",
    "vacation_demi_journee",
    "vacation_journee",
    "plafond_annuel_securite_sociale",
    "taux_csg",
    "taux_crds",
    "assiette_csg_crds",
    "source",
)


def arrondi(valeur) -> Decimal:
    """To the cent, half up (a Fraction or a Decimal)."""
    if isinstance(valeur, Fraction):
        valeur = Decimal(valeur.numerator) / Decimal(valeur.denominator)
    return Decimal(valeur).quantize(CENTIME, rounding=ROUND_HALF_UP)


def _d(date: datetime.date) -> str:
    return f"{date:%d/%m/%Y}"


def _montant(valeur, champ: str) -> Decimal:
    if not isinstance(valeur, Decimal) or isinstance(valeur, bool):
        raise ValidationError({champ: ["Le montant doit être un nombre décimal (en euros, au centime près)."]})
    if valeur <= 0:
        raise ValidationError({champ: ["Le montant doit être supérieur à zéro."]})
    if valeur != valeur.quantize(CENTIME):
        raise ValidationError({champ: ["Le montant se saisit au centime près (deux décimales au plus)."]})
    return valeur


def bareme_de(annee: int) -> BaremeIndemnites:
    bareme = BaremeIndemnites.objects.filter(annee=annee).first()
    if bareme is None:
        raise ValidationError(
            {"annee": [f"Aucun barème des indemnités pour {annee} : enregistrez-le d'abord dans l'administration."]}
        )
    return bareme


def bareme_indemnites_enregistrer(*, annee: int, donnees: dict, par, today: datetime.date) -> BaremeIndemnites:
    """Add or correct the scale of a year (the admin's only way to write it)."""
    from .parametres import parametre_enregistrer

    return parametre_enregistrer(
        modele=BaremeIndemnites,
        cle={"annee": annee},
        donnees=donnees,
        champs=CHAMPS_BAREME,
        acte="tresorerie.bareme_indemnites_enregistrer",
        par=par,
        today=today,
    )


# --- responsibility allowances -------------------------------------------------------------------------------------


def paris() -> bool:
    return settings.CDOM_DEPARTEMENT == DEPARTEMENT_PARIS


def president_bareme(bareme: BaremeIndemnites, inscrits: int) -> Decimal:
    """The président's figure from the scale alone (annexe IV 3.2.1 and its note 3: 5 501 → 28 500 €)."""
    premiere = min(inscrits, bareme.seuil_inscrits)
    au_dela = max(0, inscrits - bareme.seuil_inscrits - 1)
    return bareme.socle_president + bareme.montant_par_inscrit * premiere + bareme.montant_par_inscrit_au_dela * au_dela


def president_theorique(bareme: BaremeIndemnites, inscrits: int, *, releve: bool = False) -> Decimal:
    """The président's theoretical figure: the scale's, raised to the floor when the plenary voted it, capped for
    Paris, and never above 3 × PASS."""
    montant = president_bareme(bareme, inscrits)
    if releve:
        montant = max(montant, bareme.plancher_president)
    if paris():
        montant = min(montant, bareme.plafond_paris)
    return min(montant, bareme.plafond_annuel_securite_sociale * MULTIPLE_PASS)


def repartition_par_defaut(president: Decimal) -> dict[str, Decimal]:
    return {
        "president": arrondi(president),
        "secretaire_general": arrondi(Fraction(president) * PART_SECRETAIRE_GENERAL),
        "tresorier": arrondi(Fraction(president) * PART_TRESORIER),
    }


def inscrits_retenus(annee: int, inscrits: int | None = None) -> int:
    """The registered doctors the year's allowances are computed on: the figure given, else the one the council
    recorded for that year, else the tableau counted on 1 October of the year before."""
    if inscrits is not None:
        return inscrits
    decision = RepartitionIndemnites.objects.filter(annee=annee).only("inscrits").first()
    if decision is not None and decision.inscrits is not None:
        return decision.inscrits
    return inscrits_au(datetime.date(annee - 1, 10, 1))


def _inscrits(inscrits) -> int | None:
    if inscrits is None:
        return None
    if isinstance(inscrits, bool) or not isinstance(inscrits, int) or inscrits < 0:
        raise ValidationError({"inscrits": ["Le nombre d'inscrits est un entier positif ou nul."]})
    return inscrits


def indemnites_responsabilite(*, annee: int, inscrits: int | None = None, par, today: datetime.date) -> dict:
    """{president, secretaire_general, tresorier}: the yearly responsibility allowances of `annee` in the default
    split (2/3, 1/2), on `inscrits` or the figure retained for the year (CONTRACT.md GET /api/tresorerie/indemnites/).
    The raise to the floor counts when the plenary voted it for that year."""
    exiger(par, "tresorerie.indemnites_consulter", date=today)
    inscrits = _inscrits(inscrits)
    bareme = bareme_de(annee)
    decision = RepartitionIndemnites.objects.filter(annee=annee).first()
    releve = bool(decision and decision.releve_au_plancher)
    return repartition_par_defaut(president_theorique(bareme, inscrits_retenus(annee, inscrits), releve=releve))


def indemnites_fixees(annee: int) -> dict[str, Decimal]:
    """The yearly responsibility allowances in force for `annee`: the plenary's other split if it voted one, else the
    default split (raised to the floor if voted)."""
    bareme = bareme_de(annee)
    decision = RepartitionIndemnites.objects.filter(annee=annee).first()
    if decision is not None and decision.autre_repartition:
        return {
            "president": decision.montant_president,
            "secretaire_general": decision.montant_secretaire_general,
            "tresorier": decision.montant_tresorier,
        }
    releve = bool(decision and decision.releve_au_plancher)
    return repartition_par_defaut(president_theorique(bareme, inscrits_retenus(annee), releve=releve))


def _verifier_deliberation(deliberation_id, annee: int) -> Deliberation:
    deliberation = (
        Deliberation.objects.select_related("seance").filter(pk=deliberation_id).first() if deliberation_id else None
    )
    if deliberation is None:
        raise ValidationError(
            {
                "deliberation": [
                    "Citez la délibération de la séance plénière qui a voté ce choix (relèvement ou autre répartition)."
                ]
            }
        )
    if deliberation.seance.type not in TYPES_PLENIERS or not deliberation.adoptee:
        raise ValidationError(
            {
                "deliberation": [
                    f"La délibération {deliberation.numero} n'est pas une décision adoptée en séance plénière : seule "
                    "la plénière fixe les indemnités (règlement de trésorerie, titre VI 1)."
                ]
            }
        )
    if deliberation.seance.date.year > annee:
        raise ValidationError(
            {
                "deliberation": [
                    f"La délibération {deliberation.numero} du {_d(deliberation.seance.date)} est postérieure à "
                    f"l'année {annee} : elle ne peut en fixer les indemnités."
                ]
            }
        )
    return deliberation


def repartition_enregistrer(
    *,
    annee: int,
    deliberation_id: int | None = None,
    inscrits: int | None = None,
    releve_au_plancher: bool = False,
    montant_president: Decimal | None = None,
    montant_secretaire_general: Decimal | None = None,
    montant_tresorier: Decimal | None = None,
    par,
    today: datetime.date,
) -> RepartitionIndemnites:
    """Record what the plenary decided for `annee`'s responsibility allowances: the registered-doctors figure
    retained (optional), the raise to the floor, another split. A raise or a split cites the adopted deliberation of
    a plenary; a split fixes the three amounts, each above zero and not above the président's theoretical figure,
    their sum not above the theoretical total (annexe IV 3.2)."""
    exiger(par, "tresorerie.repartition_indemnites_enregistrer", date=today)
    inscrits = _inscrits(inscrits)
    montants = {
        "montant_president": montant_president,
        "montant_secretaire_general": montant_secretaire_general,
        "montant_tresorier": montant_tresorier,
    }
    donnes = {k: v for k, v in montants.items() if v is not None}
    if donnes and len(donnes) != 3:
        raise ValidationError(
            {
                champ: ["Une autre répartition fixe les trois indemnités (président, secrétaire général, trésorier)."]
                for champ in montants
                if champ not in donnes
            }
        )
    for champ, valeur in donnes.items():
        _montant(valeur, champ)
    bareme = bareme_de(annee)
    with transaction.atomic():
        decision = RepartitionIndemnites.objects.select_for_update().filter(annee=annee).first()
        retenus = inscrits if inscrits is not None else inscrits_au(datetime.date(annee - 1, 10, 1))
        if releve_au_plancher and president_bareme(bareme, retenus) >= bareme.plancher_president:
            raise ValidationError(
                {
                    "releve_au_plancher": [
                        f"L'indemnité théorique du président ({_euros(president_bareme(bareme, retenus))}) atteint déjà "
                        f"{_euros(bareme.plancher_president)} : le relèvement ne concerne que les conseils en dessous."
                    ]
                }
            )
        # A raise or a split is the plenary's: its deliberation is required (and checked whenever one is cited).
        deliberation = None
        if releve_au_plancher or donnes or deliberation_id:
            deliberation = _verifier_deliberation(deliberation_id, annee)
        if donnes:
            theorique = president_theorique(bareme, retenus, releve=releve_au_plancher)
            defaut = repartition_par_defaut(theorique)
            total = sum(defaut.values())
            erreurs = {
                champ: [
                    f"{_euros(valeur)} dépasse l'indemnité théorique du président ({_euros(theorique)}) : aucun des "
                    "trois ne peut la dépasser (annexe IV 3.2)."
                ]
                for champ, valeur in donnes.items()
                if valeur > theorique
            }
            if erreurs:
                raise ValidationError(erreurs)
            somme = sum(donnes.values())
            if somme > total:
                raise ValidationError(
                    {
                        "montant_president": [
                            f"Les trois indemnités font {_euros(somme)}, au-delà de la somme théorique des trois "
                            f"({_euros(total)}) : la répartition reste dans ce total (annexe IV 3.2)."
                        ]
                    }
                )
        if decision is None:
            decision = RepartitionIndemnites(annee=annee)
        decision.inscrits = inscrits
        decision.releve_au_plancher = releve_au_plancher
        for champ, valeur in montants.items():
            setattr(decision, champ, valeur)
        decision.deliberation = deliberation
        decision.enregistree_le = today
        decision.enregistree_par = par
        return enregistrer(decision, par=par)


# --- participation allowances (vacations) --------------------------------------------------------------------------


def _heures(heures) -> Decimal | None:
    if heures is None:
        return None
    if not isinstance(heures, Decimal) or isinstance(heures, bool):
        raise ValidationError({"heures": ["Indiquez les heures en nombre décimal (par exemple 2 ou 1.5)."]})
    if heures <= 0:
        raise ValidationError({"heures": ["Le nombre d'heures doit être supérieur à zéro."]})
    if heures != heures.quantize(CENTIME) or heures >= 24:
        raise ValidationError({"heures": ["Le nombre d'heures est inférieur à 24, avec deux décimales au plus."]})
    return heures


def _verifier_saisie(*, duree: str, nature: str, heures: Decimal | None, seance_id) -> None:
    """The shape of a vacation, before anything is read (annexe IV 3.1.1, 3.1.2, 3.3)."""
    if duree not in DureeVacation.values:
        raise ValidationError({"duree": ["La durée est « heure », « demi_journee » ou « journee »."]})
    if nature not in NatureVacation.values:
        raise ValidationError(
            {"nature": ["La nature est commission, conciliation, mission, seance_pleniere ou deplacement."]}
        )
    if nature == NatureVacation.DEPLACEMENT:
        if duree != DureeVacation.DEMI_JOURNEE:
            raise ValidationError(
                {
                    "duree": [
                        "Un temps de déplacement de plus de 3 heures par trajet ouvre droit à une vacation (une "
                        "demi-journée), pas davantage (annexe IV 3.3)."
                    ]
                }
            )
        if heures is None or heures <= HEURES_DEMI_JOURNEE:
            raise ValidationError(
                {
                    "heures": [
                        "Indiquez la durée du trajet : seul un trajet de plus de 3 heures est indemnisé "
                        "(annexe IV 3.3)."
                    ]
                }
            )
        return
    if nature == NatureVacation.SEANCE_PLENIERE and duree == DureeVacation.JOURNEE:
        raise ValidationError(
            {
                "duree": [
                    "La présence à une séance plénière est indemnisée au plus d'une vacation (une demi-journée), "
                    "pas d'une journée (annexe IV 3.1.1)."
                ]
            }
        )
    if seance_id is not None and nature != NatureVacation.SEANCE_PLENIERE:
        raise ValidationError({"seance": ["Seule une vacation de séance plénière se rattache à une séance."]})
    if duree == DureeVacation.HEURE:
        if heures is None:
            raise ValidationError({"heures": ["Indiquez le nombre d'heures d'une vacation à l'heure."]})
        if heures >= HEURES_DEMI_JOURNEE:
            raise ValidationError(
                {
                    "duree": [
                        "À partir de 3 heures, c'est une demi-journée (une vacation) : choisissez « demi_journee »."
                    ]
                }
            )
    elif duree == DureeVacation.DEMI_JOURNEE and heures is not None and heures < HEURES_DEMI_JOURNEE:
        raise ValidationError(
            {"heures": [f"Une demi-journée compte à partir de 3 heures ({heures} h saisies) : indemnisez à l'heure."]}
        )


def montant_vacation(bareme: BaremeIndemnites, duree: str, heures: Decimal | None) -> Decimal:
    if duree == DureeVacation.HEURE:
        return arrondi(bareme.vacation_heure * heures)
    if duree == DureeVacation.DEMI_JOURNEE:
        return bareme.vacation_demi_journee
    return bareme.vacation_journee


def plafond_mensuel(annee: int) -> Decimal:
    """The monthly cap of a member's vacations: the SG's yearly responsibility allowance of the year / 12."""
    return arrondi(indemnites_fixees(annee)["secretaire_general"] / 12)


def _mois(date: datetime.date) -> tuple[datetime.date, datetime.date]:
    return date.replace(day=1), date.replace(day=calendar.monthrange(date.year, date.month)[1])


def _total(qs) -> Decimal:
    return qs.aggregate(t=Sum("montant"))["t"] or ZERO


def vacation_enregistrer(
    *,
    membre_id: int,
    date: datetime.date,
    duree: str,
    heures: Decimal | None = None,
    nature: str = NatureVacation.COMMISSION,
    seance_id: int | None = None,
    objet: str = "",
    par,
    today: datetime.date,
) -> Vacation:
    """Record a vacation of a member and fix its gross amount from the year's scale, within the caps of the day
    (two vacations), of the month (the SG's allowance / 12) and of the year (3 × PASS); two recordings at once for
    the same member are serialised by a lock taken before counting."""
    heures = _heures(heures)
    _verifier_saisie(duree=duree, nature=nature, heures=heures, seance_id=seance_id)
    exiger(par, "tresorerie.vacation_enregistrer", date=today)
    with transaction.atomic():
        membre = Membre.objects.select_related("medecin").filter(pk=membre_id).first()
        if membre is None:
            raise ValidationError({"membre": ["Ce membre du conseil n'existe pas."]})
        if not membre.couvre(date):
            raise ValidationError(
                {"membre": [f"Le mandat de {membre.medecin.nom_complet} ne couvre pas le {_d(date)}."]}
            )
        verrouiller(f"tresorerie.vacations.{membre.pk}")
        fonctions = set(
            Fonction.objects.filter(couvre_q(date), membre=membre, fonction__in=FONCTIONS_INDEMNISEES).values_list(
                "fonction", flat=True
            )
        )
        if fonctions:
            libelle = TypeFonction(sorted(fonctions)[0]).label.split(" (")[0].lower()
            raise ValidationError(
                {
                    "membre": [
                        f"{membre.medecin.nom_complet} est {libelle} le {_d(date)} et perçoit à ce titre l'indemnité "
                        "de responsabilité : les deux indemnités ne se cumulent pas (règlement de trésorerie, titre VI 1)."
                    ]
                }
            )
        seance = None
        if seance_id is not None:
            seance = Seance.objects.filter(pk=seance_id).first()
            if seance is None or seance.type not in TYPES_PLENIERS or seance.date != date:
                raise ValidationError({"seance": [f"Citez une séance plénière du {_d(date)}."]})
            if not Emargement.objects.filter(seance=seance, membre=membre).exists():
                raise ValidationError(
                    {"seance": [f"{membre.medecin.nom_complet} n'a pas émargé à la séance du {_d(date)}."]}
                )
        bareme = bareme_de(date.year)
        montant = montant_vacation(bareme, duree, heures)
        du_membre = Vacation.objects.filter(membre=membre)
        du_jour = du_membre.filter(date=date)
        nombre = VACATIONS_PAR_DUREE[duree]
        deja = du_jour.aggregate(n=Sum("nombre_vacations"))["n"] or 0
        if deja + nombre > VACATIONS_PAR_JOUR:
            raise ValidationError(
                {
                    "duree": [
                        f"{membre.medecin.nom_complet} a déjà {deja} vacation(s) le {_d(date)} : au plus deux "
                        "vacations sont prises en charge par jour (annexe IV 3.1.2)."
                    ]
                }
            )
        if nature == NatureVacation.SEANCE_PLENIERE and du_jour.filter(nature=NatureVacation.SEANCE_PLENIERE).exists():
            raise ValidationError(
                {
                    "nature": [
                        f"La présence à la séance plénière du {_d(date)} est déjà indemnisée : au plus une vacation "
                        "(annexe IV 3.1.1)."
                    ]
                }
            )
        debut, fin = _mois(date)
        plafond = plafond_mensuel(date.year)
        du_mois = _total(du_membre.filter(date__range=(debut, fin)))
        if du_mois + montant > plafond:
            raise ValidationError(
                {
                    "date": [
                        f"Avec cette vacation ({_euros(montant)}), les indemnités de {membre.medecin.nom_complet} en "
                        f"{date:%m/%Y} atteindraient {_euros(du_mois + montant)}, au-delà de l'indemnité mensuelle du "
                        f"secrétaire général ({_euros(plafond)}, annexe IV 3.1.2)."
                    ]
                }
            )
        annuel = bareme.plafond_annuel_securite_sociale * MULTIPLE_PASS
        de_l_annee = _total(du_membre.filter(date__year=date.year)) + autres_structures(membre.pk, date.year)
        if de_l_annee + montant > annuel:
            raise ValidationError(
                {
                    "date": [
                        f"Avec cette vacation, les indemnités de {membre.medecin.nom_complet} en {date.year} "
                        "(celles déclarées dans les autres structures ordinales comprises) atteindraient "
                        f"{_euros(de_l_annee + montant)}, au-delà de trois fois le plafond annuel de la "
                        f"sécurité sociale ({_euros(annuel)}, titre VI 1)."
                    ]
                }
            )
        vacation = Vacation(
            membre=membre,
            date=date,
            nature=nature,
            duree=duree,
            heures=heures,
            nombre_vacations=nombre,
            montant=montant,
            seance=seance,
            objet=(objet or "").strip(),
            saisie_le=today,
            saisie_par=par,
        )
        return enregistrer(vacation, par=par)


def autres_structures(membre_id: int, annee: int) -> Decimal:
    return _total(IndemniteAutreStructure.objects.filter(membre_id=membre_id, annee=annee))


def autre_structure_declarer(
    *, membre_id: int, annee: int, structure: str, montant: Decimal, par, today: datetime.date
) -> IndemniteAutreStructure:
    """Record (or correct) what a member receives for the year from another ordinal structure (Titre VI 1: the
    three structures' total ≤ 3 × PASS). Locks the member's vacations while it writes, as a vacation does."""
    exiger(par, "tresorerie.vacation_enregistrer", date=today)
    if structure not in StructureOrdinale.values:
        raise ValidationError({"structure": ["La structure est regional, national ou chambre."]})
    if not isinstance(montant, Decimal) or montant < 0 or montant != montant.quantize(CENTIME):
        raise ValidationError({"montant": ["Le montant est un nombre décimal positif ou nul, au centime près."]})
    with transaction.atomic():
        membre = Membre.objects.filter(pk=membre_id).first()
        if membre is None:
            raise ValidationError({"membre": ["Ce membre du conseil n'existe pas."]})
        verrouiller(f"tresorerie.vacations.{membre.pk}")
        ligne = IndemniteAutreStructure.objects.filter(membre=membre, annee=annee, structure=structure).first()
        ligne = ligne or IndemniteAutreStructure(membre=membre, annee=annee, structure=structure)
        ligne.montant = montant
        ligne.declaree_le = today
        ligne.saisie_par = par
        return enregistrer(ligne, par=par)


# --- the yearly statement per member ------------------------------------------------------------------------------


def retenues(bareme: BaremeIndemnites, brut: Decimal) -> dict[str, Decimal]:
    """CSG and CRDS withheld on a gross amount, and the net (Titre VI 1)."""
    assiette = brut * bareme.assiette_csg_crds / 100
    csg = arrondi(assiette * bareme.taux_csg / 100)
    crds = arrondi(assiette * bareme.taux_crds / 100)
    return {"brut": brut, "csg": csg, "crds": crds, "net": brut - csg - crds}


def _mensualites(annuel: Decimal) -> list[Decimal]:
    """Twelve monthly instalments of a yearly amount, December taking the cents left (their sum is the year's)."""
    mensuel = arrondi(annuel / 12)
    return [mensuel] * 11 + [annuel - mensuel * 11]


def indemnites_rapport(*, annee: int, membre_id: int | None = None, par, today: datetime.date) -> dict:
    """The allowances of `annee` per member and per month: gross, CSG, CRDS, net; the responsibility allowances to
    whoever holds the function on each month's first day (none once suspended), the vacations by their date."""
    exiger(par, "tresorerie.indemnites_rapport", date=today)
    bareme = bareme_de(annee)
    bruts: dict[int, list[Decimal]] = {}
    titres: dict[int, set[str]] = {}
    membres: dict[int, Membre] = {}
    fixees = indemnites_fixees(annee)
    for fonction in FONCTIONS_INDEMNISEES:
        mensualites = _mensualites(fixees[CLES[fonction]])
        for mois in range(1, 13):
            jour = datetime.date(annee, mois, 1)
            titulaire = fonction_titulaire(fonction=fonction, date=jour)
            if titulaire is None or (membre_id is not None and titulaire.pk != membre_id):
                continue
            if indemnite_de_fonction_suspendue(membre=titulaire, date=jour):
                continue
            membres[titulaire.pk] = titulaire
            bruts.setdefault(titulaire.pk, [ZERO] * 12)[mois - 1] += mensualites[mois - 1]
            titres.setdefault(titulaire.pk, set()).add(TypeFonction(fonction).label.split(" (")[0])
    vacations = Vacation.objects.filter(date__year=annee)
    if membre_id is not None:
        vacations = vacations.filter(membre_id=membre_id)
    for ligne in vacations.annotate(mois=ExtractMonth("date")).values("membre_id", "mois").annotate(t=Sum("montant")):
        bruts.setdefault(ligne["membre_id"], [ZERO] * 12)[ligne["mois"] - 1] += ligne["t"]
        titres.setdefault(ligne["membre_id"], set()).add("Vacations")
    manquants = set(bruts) - set(membres)
    membres.update(Membre.objects.select_related("medecin").in_bulk(manquants))
    lignes = []
    for pk in sorted(bruts, key=lambda pk: (membres[pk].medecin.nom, membres[pk].medecin.prenom, pk)):
        mois = [{"mois": i + 1, **retenues(bareme, brut)} for i, brut in enumerate(bruts[pk])]
        total = {cle: sum((m[cle] for m in mois), ZERO) for cle in ("brut", "csg", "crds", "net")}
        lignes.append(
            {
                "membre": pk,
                "nom": membres[pk].medecin.nom_complet,
                "indemnites": sorted(titres[pk]),
                "mois": mois,
                "total": total,
            }
        )
    general = {cle: sum((ligne["total"][cle] for ligne in lignes), ZERO) for cle in ("brut", "csg", "crds", "net")}
    return {"annee": annee, "lignes": lignes, "total": general}
