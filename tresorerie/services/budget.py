"""The budget prévisionnel (seed 002 L.II T.I 1.1, 2.3 a; T.IV 1): preparation by heading, adoption citing the
plenary's deliberation, sending to the CNOM by 20 October (a reminder before, lateness flagged), the dotation
principale and the adjusted budget, amendments voted in plenary, credit transfers (fongibilité).

Every service starts with the permission helper (tresorerie/perms.py); money arrives as Decimal (never a float)
and is checked to the cent; a refusal is a French ValidationError and writes nothing. A transfer and an amendment
lock the lines they move (`select_for_update`, in the order of their ids, so two transfers crossing the same two
lines cannot deadlock) before they count the available credit, as `engagement_engager` does."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from commun.formats import euros
from commun.models import NatureEnvoi
from commun.services import enregistrer, envois_programmer
from config.perms import exerce, exiger
from gouvernance.models import TYPES_PLENIERS, Deliberation, TypeFonction

from ..models import (
    Avenant,
    Budget,
    CompteComptable,
    LigneAvenant,
    LigneBudgetaire,
    NatureCompte,
    ParametreBudget,
    StatutBudget,
    Virement,
)
from ..selectors import (
    RUBRIQUE_DOTATION,
    date_limite_cnom,
    disponible,
    engage_sur_ligne,
    parametres_budget,
    virements_nets,
)

CENTIME = Decimal("0.01")


def montant_valider(valeur, champ: str = "montant", *, zero: bool = False, negatif: bool = False) -> Decimal:
    """Money as the services take it: a Decimal to the cent (a float is refused: it is not exact)."""
    if isinstance(valeur, bool) or not isinstance(valeur, Decimal):
        raise ValidationError({champ: ["Le montant doit être un nombre décimal en euros, au centime près."]})
    if not valeur.is_finite():
        raise ValidationError({champ: ["Le montant doit être un nombre décimal en euros, au centime près."]})
    if valeur != valeur.quantize(CENTIME):
        raise ValidationError({champ: ["Le montant se saisit au centime près (deux décimales au plus)."]})
    if valeur < 0 and not negatif:
        raise ValidationError({champ: ["Le montant ne peut pas être négatif."]})
    if valeur == 0 and not zero:
        raise ValidationError({champ: ["Le montant doit être différent de zéro."]})
    if abs(valeur) >= Decimal("10000000000"):
        raise ValidationError({champ: ["Le montant dépasse ce qu'un budget peut porter."]})
    return valeur


def _compte_budgetaire(rubrique: str, champ: str = "rubrique") -> CompteComptable:
    compte = CompteComptable.objects.filter(numero=str(rubrique).strip()).first()
    if compte is None:
        raise ValidationError({champ: [f"Le compte {rubrique} n'existe pas dans le plan comptable."]})
    if not compte.budgetaire or not compte.actif:
        raise ValidationError(
            {
                champ: [
                    f"Le compte {compte.numero} ({compte.libelle}) n'est pas une rubrique budgétaire : le budget se "
                    "vote sur les comptes de charges (classe 6) et de produits (classe 7) marqués « rubrique "
                    "budgétaire »."
                ]
            }
        )
    return compte


def _budget_verrouille(budget_id: int) -> Budget:
    try:
        return Budget.objects.select_for_update().get(pk=budget_id)
    except Budget.DoesNotExist:
        raise ValidationError({"budget": ["Ce budget n'existe pas."]}) from None


def _deliberation_pleniere(deliberation_id, *, acte: str) -> Deliberation:
    """The adopted deliberation of a plenary (or extraordinary) session that decided `acte`."""
    if deliberation_id is None:
        raise ValidationError({"deliberation": [f"Citez la délibération de la séance plénière qui {acte}."]})
    deliberation = Deliberation.objects.select_related("seance").filter(pk=deliberation_id).first()
    if deliberation is None:
        raise ValidationError({"deliberation": ["Cette délibération n'existe pas."]})
    if deliberation.seance.type not in TYPES_PLENIERS or not deliberation.adoptee:
        raise ValidationError(
            {
                "deliberation": [
                    f"La délibération {deliberation.numero} n'est pas une décision adoptée en séance plénière : seule "
                    f"l'assemblée plénière {acte}."
                ]
            }
        )
    return deliberation


# --- preparation ----------------------------------------------------------------------------------------------------


def budget_creer(
    *,
    annee: int,
    lignes: list[dict],
    par,
    today: datetime.date,
    plafond_depenses_urgentes: Decimal = Decimal("0.00"),
) -> Budget:
    """Create the budget prévisionnel of `annee` in preparation, with its lines (`{"rubrique", "montant",
    "libelle"}`), one per heading of the accounting plan, and the ceiling of the exceptional urgent expenses the
    plenary fixes in the same budget session (T.I 2.3 b)."""
    exiger(par, "tresorerie.budget_preparer", date=today)
    plafond = montant_valider(plafond_depenses_urgentes, "plafond_depenses_urgentes", zero=True)
    if not isinstance(annee, int) or not 2000 <= annee <= 2100:
        raise ValidationError({"annee": ["Indiquez l'exercice (une année sur quatre chiffres)."]})
    if annee < today.year:
        raise ValidationError({"annee": [f"L'exercice {annee} est passé : on ne prépare plus son budget."]})
    prepares = _lignes_valider(lignes)
    with transaction.atomic():
        if Budget.objects.select_for_update().filter(annee=annee).exists():
            raise ValidationError({"annee": [f"Le budget {annee} existe déjà : complétez ses lignes."]})
        budget = enregistrer(Budget(annee=annee, prepare_par=par, plafond_depenses_urgentes=plafond), par=par)
        for compte, montant, libelle in prepares:
            enregistrer(LigneBudgetaire(budget=budget, compte=compte, montant=montant, libelle=libelle), par=par)
    return budget


def _lignes_valider(lignes) -> list[tuple[CompteComptable, Decimal, str]]:
    prepares, vus, erreurs = [], set(), []
    for n, ligne in enumerate(lignes or [], start=1):
        try:
            compte = _compte_budgetaire(ligne.get("rubrique", ""))
            montant = montant_valider(ligne.get("montant"), zero=True)
        except ValidationError as exc:
            erreurs += [f"Ligne {n} : {m}" for m in exc.messages]
            continue
        if compte.numero in vus:
            erreurs.append(f"Ligne {n} : la rubrique {compte.numero} figure deux fois.")
            continue
        vus.add(compte.numero)
        prepares.append((compte, montant, (ligne.get("libelle") or "").strip()[:200]))
    if erreurs:
        raise ValidationError({"lignes": erreurs})
    return prepares


def budget_ligne_enregistrer(
    *, budget_id: int, rubrique: str, montant: Decimal, libelle: str = "", par, today: datetime.date
) -> LigneBudgetaire:
    """Set (or add) the credit of a heading while the budget is in preparation; afterwards only a transfer or an
    amendment changes it."""
    compte = _compte_budgetaire(rubrique)
    montant = montant_valider(montant, zero=True)
    with transaction.atomic():
        budget = _budget_verrouille(budget_id)
        exiger(par, "tresorerie.budget_ligne_enregistrer", objet=budget, date=today)
        ligne = LigneBudgetaire.objects.filter(budget=budget, compte=compte).first() or LigneBudgetaire(
            budget=budget, compte=compte
        )
        ligne.montant = montant
        ligne.libelle = (libelle or "").strip()[:200]
        return enregistrer(ligne, par=par)


# --- adoption, the CNOM, the dotation ---------------------------------------------------------------------------------


def budget_adopter(*, budget_id: int, deliberation_id, par, today: datetime.date) -> Budget:
    """Record the budget's adoption by the plenary in its budget session, citing its adopted deliberation."""
    with transaction.atomic():
        budget = _budget_verrouille(budget_id)
        exiger(par, "tresorerie.budget_adopter", objet=budget, date=today)
        deliberation = _deliberation_pleniere(deliberation_id, acte="adopte le budget prévisionnel")
        seance = deliberation.seance
        if seance.date > today:
            raise ValidationError({"deliberation": ["La séance de cette délibération n'a pas encore eu lieu."]})
        if seance.date.year > budget.annee:
            raise ValidationError(
                {
                    "deliberation": [
                        f"La délibération {deliberation.numero} est du {seance.date:%d/%m/%Y} : le budget {budget.annee} "
                        "s'adopte avant ou pendant son exercice."
                    ]
                }
            )
        autre = Budget.objects.filter(deliberation=deliberation).exclude(pk=budget.pk).first()
        if autre is not None:
            raise ValidationError(
                {"deliberation": [f"La délibération {deliberation.numero} a déjà adopté le budget {autre.annee}."]}
            )
        if not budget.lignes.exists():
            raise ValidationError("Le budget n'a aucune ligne : saisissez ses rubriques avant de le faire adopter.")
        budget.deliberation = deliberation
        budget.adopte_le = seance.date
        budget.statut = StatutBudget.ADOPTE
        return enregistrer(budget, par=par, update_fields=["deliberation", "adopte_le", "statut"])


def budget_transmettre(*, budget_id: int, par, today: datetime.date) -> Budget:
    """Record the sending of the adopted budget to the CNOM (the export of the admin, with the position at 30
    September and the Q4 forecast). The first date stays: a budget sent after 20 October stays flagged late."""
    with transaction.atomic():
        budget = _budget_verrouille(budget_id)
        exiger(par, "tresorerie.budget_transmettre", objet=budget, date=today)
        if budget.transmis_le is None:
            budget.transmis_le = today
        if budget.statut == StatutBudget.ADOPTE:
            budget.statut = StatutBudget.TRANSMIS
        return enregistrer(budget, par=par, update_fields=["transmis_le", "statut"])


def budget_dotation_enregistrer(
    *, budget_id: int, montant: Decimal, notifiee_le: datetime.date, par, today: datetime.date
) -> Budget:
    """Record the dotation principale the CNOM notified, and adjust the budget: its heading 7401 carries it
    (seed 002 L.II T.IV 1: « Il modifie son budget prévisionnel en conséquence »)."""
    montant = montant_valider(montant, zero=True)
    if notifiee_le is None or notifiee_le > today:
        raise ValidationError({"notifiee_le": ["Indiquez la date de la notification (pas dans le futur)."]})
    with transaction.atomic():
        budget = _budget_verrouille(budget_id)
        exiger(par, "tresorerie.budget_dotation_enregistrer", objet=budget, date=today)
        compte = _compte_budgetaire(RUBRIQUE_DOTATION)
        ligne = LigneBudgetaire.objects.select_for_update().filter(budget=budget, compte=compte).first()
        if ligne is None:
            ligne = LigneBudgetaire(budget=budget, compte=compte, libelle="Dotation principale du conseil national")
        ligne.montant = montant
        enregistrer(ligne, par=par)
        budget.dotation_principale = montant
        budget.dotation_notifiee_le = notifiee_le
        return enregistrer(budget, par=par, update_fields=["dotation_principale", "dotation_notifiee_le"])


# --- amendments -----------------------------------------------------------------------------------------------------


def avenant_enregistrer(
    *,
    budget_id: int,
    deliberation_id,
    objet: str,
    variations: list[tuple[str, Decimal]],
    par,
    today: datetime.date,
) -> Avenant:
    """Record an amendment voted in plenary: each `(rubrique, variation)` adds to (or takes from) the voted credit
    of the heading (a heading not yet in the budget is added). A decrease never goes below what is engaged."""
    if not (objet or "").strip():
        raise ValidationError({"objet": ["Indiquez l'objet de l'avenant."]})
    prepares, vus = [], set()
    for rubrique, variation in variations or []:
        compte = _compte_budgetaire(rubrique)
        variation = montant_valider(variation, "variations", negatif=True)
        if compte.numero in vus:
            raise ValidationError({"variations": [f"La rubrique {compte.numero} figure deux fois."]})
        vus.add(compte.numero)
        prepares.append((compte, variation))
    with transaction.atomic():
        budget = _budget_verrouille(budget_id)
        exiger(par, "tresorerie.avenant_enregistrer", objet=budget, date=today)
        deliberation = _deliberation_pleniere(deliberation_id, acte="vote un avenant au budget")
        if deliberation.seance.date > today:
            raise ValidationError({"deliberation": ["La séance de cette délibération n'a pas encore eu lieu."]})
        if Avenant.objects.filter(deliberation=deliberation).exists() or budget.deliberation_id == deliberation.pk:
            raise ValidationError(
                {"deliberation": [f"La délibération {deliberation.numero} est déjà citée par un autre acte du budget."]}
            )
        numero = (budget.avenants.aggregate(n=Max("numero"))["n"] or 0) + 1
        avenant = enregistrer(
            Avenant(
                budget=budget,
                numero=numero,
                objet=objet.strip()[:255],
                deliberation=deliberation,
                adopte_le=deliberation.seance.date,
                enregistre_par=par,
            ),
            par=par,
        )
        existantes = {
            ligne.compte_id: ligne
            for ligne in LigneBudgetaire.objects.select_for_update()
            .filter(budget=budget, compte__in=[c for c, _ in prepares])
            .order_by("pk")
        }
        for compte, variation in prepares:
            ligne = existantes.get(compte.pk) or LigneBudgetaire(budget=budget, compte=compte, montant=Decimal("0"))
            nouveau = ligne.montant + variation
            if ligne.pk is not None:
                reste = nouveau + virements_nets(ligne.pk) - engage_sur_ligne(ligne.pk)
            else:
                reste = nouveau
            if nouveau < 0 or reste < 0:
                raise ValidationError(
                    {
                        "variations": [
                            f"La rubrique {compte.numero} ne peut pas perdre {euros(-variation)} : ses crédits "
                            f"disponibles sont de {euros(disponible(ligne) if ligne.pk else Decimal('0'))}."
                        ]
                    }
                )
            ligne.montant = nouveau
            enregistrer(ligne, par=par)
            enregistrer(LigneAvenant(avenant=avenant, ligne=ligne, variation=variation), par=par)
    return avenant


# --- credit transfers (fongibilité) -----------------------------------------------------------------------------------


def _proposant(propose_par, today: datetime.date):
    """The trésorier (or the trésorier adjoint standing in) who proposed the transfer; by default the one in
    office on the day."""
    if propose_par is None:
        from gouvernance.selectors import fonction_exercee_par

        membre = fonction_exercee_par(fonction=TypeFonction.TRESORIER, date=today)
        propose_par = getattr(getattr(membre, "medecin", None), "user", None)
        if propose_par is None:
            raise ValidationError(
                {"propose_par": [f"Aucun trésorier n'est en fonction le {today:%d/%m/%Y} : qui propose ce virement ?"]}
            )
    if not exerce(propose_par, TypeFonction.TRESORIER, today):
        raise ValidationError(
            {
                "propose_par": [
                    "Un virement de crédits se décide sur proposition du trésorier (ou du trésorier adjoint qui le "
                    f"supplée) : {propose_par} n'exerce pas cette fonction le {today:%d/%m/%Y}."
                ]
            }
        )
    return propose_par


def virement_decider(
    *,
    de_id: int,
    vers_id: int,
    montant: Decimal,
    par,
    today: datetime.date,
    propose_par=None,
    avenant_id: int | None = None,
    motif: str = "",
) -> Virement:
    """Move credit from one expense heading to another of the same budget (seed 002 L.II T.I 2.3 a): decided by
    the ordonnateur on the trésorier's proposal, the budget's total unchanged, within the source line's available
    credit (both lines locked, in the order of their ids, before it is counted); above the year's threshold only
    through an amendment voted in plenary, cited by `avenant_id` (one transfer per amendment)."""
    montant = montant_valider(montant)
    if de_id == vers_id:
        raise ValidationError({"vers": ["Choisissez deux rubriques différentes."]})
    with transaction.atomic():
        lignes = {
            ligne.pk: ligne
            for ligne in LigneBudgetaire.objects.select_for_update()
            .filter(pk__in=[de_id, vers_id])
            .select_related("compte")
            .order_by("pk")
        }
        if de_id not in lignes:
            raise ValidationError({"de": ["Cette ligne budgétaire n'existe pas."]})
        if vers_id not in lignes:
            raise ValidationError({"vers": ["Cette ligne budgétaire n'existe pas."]})
        de, vers = lignes[de_id], lignes[vers_id]
        budget = Budget.objects.get(pk=de.budget_id)
        exiger(par, "tresorerie.virement_decider", objet=budget, date=today)
        if vers.budget_id != de.budget_id:
            raise ValidationError(
                {
                    "vers": [
                        "Les deux rubriques doivent être du même budget : un virement entre deux budgets changerait "
                        "leur total."
                    ]
                }
            )
        for champ, ligne in (("de", de), ("vers", vers)):
            if ligne.compte.nature != NatureCompte.CHARGE:
                raise ValidationError(
                    {
                        champ: [
                            f"La rubrique {ligne.compte.numero} est une ligne de recettes : un virement de crédits se "
                            "fait entre rubriques de dépenses, pour que le total du budget ne change pas."
                        ]
                    }
                )
        proposant = _proposant(propose_par, today)
        reste = disponible(de)
        if montant > reste:
            raise ValidationError(
                {
                    "montant": [
                        f"Le virement ({euros(montant)}) dépasse le crédit disponible de la rubrique "
                        f"{de.compte.numero} ({euros(reste)})."
                    ]
                }
            )
        avenant = None
        seuil = parametres_budget(budget.annee).seuil_virement
        if avenant_id is not None:
            avenant = Avenant.objects.filter(pk=avenant_id, budget=budget).first()
            if avenant is None:
                raise ValidationError({"avenant": [f"Cet avenant n'est pas un avenant au budget {budget.annee}."]})
            if avenant.virements.exists():
                raise ValidationError(
                    {
                        "avenant": [
                            f"L'avenant n° {avenant.numero} a déjà autorisé un virement : un avenant, un virement."
                        ]
                    }
                )
        elif montant > seuil:
            raise ValidationError(
                {
                    "montant": [
                        f"Un virement de {euros(montant)} dépasse le seuil de {euros(seuil)} fixé pour {budget.annee} : "
                        "cette opération substantielle nécessite un avenant au budget voté en séance plénière "
                        "(citez-le)."
                    ]
                }
            )
        # The voted figures do not move (a transfer moves open credits from one expense heading to another of the
        # same budget): the budget's total is unchanged by construction.
        virement = enregistrer(
            Virement(
                budget=budget,
                de=de,
                vers=vers,
                montant=montant,
                date=today,
                motif=(motif or "").strip(),
                propose_par=proposant,
                decide_par=par,
                avenant=avenant,
            ),
            par=par,
        )
    return virement


# --- the CNOM deadline's calendar -------------------------------------------------------------------------------------


def budget_rappels_programmer(*, date: datetime.date, par) -> dict:
    """What beat runs every morning: from `delai_rappel_cnom` days before 20 October of N, while the budget N+1 is
    not sent to the CNOM, e-mail a reminder to the secrétaire général and the trésorier in office (once: the
    e-mail row's unique constraint, on the year's parameter row, is the guard; a missed day is caught up)."""
    exiger(par, "tresorerie.budget_rappels_programmer", date=date)
    from gouvernance.selectors import fonction_exercee_par, ordonnateur

    from .. import tasks

    annee = date.year + 1
    limite = date_limite_cnom(annee)
    with transaction.atomic():
        parametre = ParametreBudget.objects.select_for_update().filter(annee=annee).first()
        if parametre is None:
            parametres_budget(annee)  # raises its French message
        if date < limite - datetime.timedelta(days=parametre.delai_rappel_cnom):
            return {"annee": annee, "limite": limite, "programmes": 0, "motif": "trop tôt"}
        budget = Budget.objects.filter(annee=annee).first()
        if budget is not None and budget.transmis_le is not None:
            return {"annee": annee, "limite": limite, "programmes": 0, "motif": "déjà transmis"}
        membres = [ordonnateur(date=date), fonction_exercee_par(fonction=TypeFonction.TRESORIER, date=date)]
        adresses = [m.medecin.email for m in membres if m is not None and m.medecin.email]
        lignes = envois_programmer(
            nature=NatureEnvoi.RAPPEL_BUDGET_CNOM,
            objet=parametre,
            adresses=adresses,
            tache=tasks.rappel_budget_cnom_envoyer,
            par=par,
        )
    return {"annee": annee, "limite": limite, "programmes": len(lignes), "motif": ""}
