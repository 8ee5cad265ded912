"""The expense chain (seed 002 L.II T.I 2.1-2.3): engagement → liquidation → ordonnancement → paiement.

Each step is one service: it checks the actor's role on the date of the act through the one permission helper
(tresorerie/perms.py), locks the engagement (and for the engagement itself, its budget line) before it reads,
checks the state against TRANSITIONS_ENGAGEMENT, writes the new state with its date and signatory. The database
holds the segregation of duties too (Engagement.Meta.constraints)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from commun.fichiers import TYPES_DOCUMENTS, stockage, verifier_fichier
from commun.formats import euros as _euros
from commun.services import enregistrer
from config.perms import exiger

from ..models import (
    TRANSITIONS_ENGAGEMENT,
    AutorisationDepenseUrgente,
    Budget,
    Engagement,
    LigneBudgetaire,
    ModeReglement,
    NatureDepenseUrgente,
    PieceJustificative,
    PlafondsRemplacement,
    StatutBudget,
    StatutEngagement,
)
from ..selectors import disponible, empeche, remplacements_engages, urgences_sous_plafond

CENTIME = Decimal("0.01")


BUDGETS_EXECUTOIRES = (StatutBudget.ADOPTE, StatutBudget.TRANSMIS)


def _montant(valeur, champ: str = "montant") -> Decimal:
    if isinstance(valeur, bool) or not isinstance(valeur, Decimal):
        raise ValidationError({champ: ["Le montant doit être un nombre décimal (en euros, au centime près)."]})
    if valeur <= 0:
        raise ValidationError({champ: ["Le montant doit être supérieur à zéro."]})
    if valeur != valeur.quantize(CENTIME):
        raise ValidationError({champ: ["Le montant se saisit au centime près (deux décimales au plus)."]})
    return valeur


def _signer(par, acte: str, *, objet=None, date: datetime.date) -> None:
    """The permission helper's answer, then: a holder prevented on the date does not sign (his substitute does)."""
    exiger(par, acte, objet=objet, date=date)
    if empeche(par, date=date):
        raise PermissionDenied(
            f"Vous êtes indisponible le {date:%d/%m/%Y} (indisponibilité enregistrée au conseil) : votre suppléant "
            "signe à votre place."
        )


def _verrouiller(engagement_id: int) -> Engagement:
    # of=("self",): the engagement's row only (its line, budget and account are read, not locked: a step never
    # takes credit, so it need not queue behind the engagements counting on the line).
    return (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("ligne__budget", "ligne__compte")
        .get(pk=engagement_id)
    )


def _passer(engagement: Engagement, statut: str) -> None:
    if statut not in TRANSITIONS_ENGAGEMENT[engagement.statut]:
        raise ValidationError(
            f"L'engagement {engagement.numero or engagement.pk} est « {engagement.get_statut_display()} » : il ne "
            f"peut pas passer à « {StatutEngagement(statut).label} »."
        )
    engagement.statut = statut


def _ligne_de_depense(ligne_id, *, today: datetime.date) -> LigneBudgetaire:
    """The line to spend on, locked: a charge heading of this year's executory budget. The budget row is locked
    first (the yearly ceilings count on it), then the line (its credit): always in that order."""
    budget_id = LigneBudgetaire.objects.filter(pk=ligne_id).values_list("budget_id", flat=True).first()
    if budget_id is None:
        raise ValidationError({"ligne": ["Cette ligne budgétaire n'existe pas."]})
    Budget.objects.select_for_update().filter(pk=budget_id).values_list("pk", flat=True).get()
    ligne = LigneBudgetaire.objects.select_for_update(of=("self",)).select_related("budget", "compte").get(pk=ligne_id)
    if ligne.compte.nature != "charge":
        raise ValidationError(
            {"ligne": [f"La rubrique {ligne.compte.numero} est une ligne de recettes : on n'y engage pas de dépense."]}
        )
    if ligne.budget.annee != today.year:
        raise ValidationError(
            {
                "ligne": [
                    f"La ligne est du budget {ligne.budget.annee} : une dépense du {today:%d/%m/%Y} s'engage "
                    f"sur le budget {today.year}."
                ]
            }
        )
    if ligne.budget.statut not in BUDGETS_EXECUTOIRES:
        raise ValidationError(
            {
                "ligne": [
                    f"Le budget {ligne.budget.annee} est « {ligne.budget.get_statut_display()} » : on n'engage que "
                    "sur un budget adopté en séance plénière."
                ]
            }
        )
    return ligne


def engagement_engager(
    *,
    ligne_id: int,
    objet: str,
    tiers: str,
    montant: Decimal,
    par,
    today: datetime.date,
    autorisation_id: int | None = None,
    remplacement_bien: bool = False,
) -> Engagement:
    """Engage an expense on a line, within its available credit (two requests at once included: the budget and
    the line are locked before the credit is counted).

    Two exceptions may take the line's available credit below zero (seed 002: « non prévues au budget et non
    dotées »), each flagged for the commission des dotations complémentaires: an exceptional urgent expense the
    président authorised (`autorisation_id`, engaged once, within its amount), and the replacement of an asset
    (`remplacement_bien`: each strictly below the year's unit threshold, at most the year's ceiling in total)."""
    montant = _montant(montant)
    if not (objet or "").strip():
        raise ValidationError({"objet": ["Indiquez l'objet de la dépense."]})
    if not (tiers or "").strip():
        raise ValidationError({"tiers": ["Indiquez le tiers (fournisseur ou bénéficiaire)."]})
    if autorisation_id is not None and remplacement_bien:
        raise ValidationError(
            "Une dépense est soit une dépense urgente autorisée par le président, soit le remplacement d'un bien : "
            "choisissez."
        )
    _signer(par, "tresorerie.engagement_engager", date=today)
    with transaction.atomic():
        ligne = _ligne_de_depense(ligne_id, today=today)
        autorisation = None
        if autorisation_id is not None:
            autorisation = _autorisation_a_engager(autorisation_id, ligne=ligne, montant=montant)
        elif remplacement_bien:
            _verifier_remplacement(ligne.budget, montant)
        else:
            reste = disponible(ligne)
            if montant > reste:
                raise ValidationError(
                    {
                        "montant": [
                            f"Le montant ({_euros(montant)}) dépasse le crédit disponible de la rubrique "
                            f"{ligne.compte.numero} ({_euros(reste)}). Demandez un virement de crédits ou un avenant."
                        ]
                    }
                )
        engagement = Engagement(
            ligne=ligne,
            objet=objet.strip(),
            tiers=tiers.strip(),
            montant=montant,
            engage_le=today,
            engage_par=par,
            urgente=autorisation is not None,
            autorisation=autorisation,
            autorisee_par_id=autorisation.autorisee_par_id if autorisation else None,
            remplacement_bien=remplacement_bien,
            demande_dotation_complementaire=autorisation is not None or remplacement_bien,
        )
        enregistrer(engagement, par=par)
        engagement.numero = f"{today.year}-{engagement.pk:05d}"
        enregistrer(engagement, par=par, update_fields=["numero"])
    return engagement


def _autorisation_a_engager(autorisation_id, *, ligne, montant) -> AutorisationDepenseUrgente:
    autorisation = (
        AutorisationDepenseUrgente.objects.select_for_update().filter(pk=autorisation_id, ligne=ligne).first()
    )
    if autorisation is None:
        raise ValidationError(
            {"autorisation": ["Aucune autorisation du président ne porte ce numéro sur cette ligne budgétaire."]}
        )
    if Engagement.objects.filter(autorisation=autorisation).exists():
        raise ValidationError(
            {"autorisation": ["Cette autorisation du président a déjà servi : une autorisation, un engagement."]}
        )
    if montant > autorisation.montant:
        raise ValidationError(
            {
                "montant": [
                    f"Le montant ({_euros(montant)}) dépasse celui que le président a autorisé "
                    f"({_euros(autorisation.montant)})."
                ]
            }
        )
    return autorisation


def _verifier_remplacement(budget: Budget, montant: Decimal) -> None:
    """Seed 002 L.II T.IV 2: each replacement strictly below the unit threshold, the year's total within its
    ceiling (the budget row is locked by the caller: two replacements at once cannot both pass)."""
    plafonds = PlafondsRemplacement.objects.filter(annee=budget.annee).first()
    if plafonds is None:
        raise ValidationError(
            f"Les plafonds du remplacement de biens de {budget.annee} ne sont pas saisis : renseignez-les dans le "
            "back-office (Trésorerie › Plafonds du remplacement de biens)."
        )
    if montant >= plafonds.seuil_unitaire:
        raise ValidationError(
            {
                "montant": [
                    f"Un remplacement de bien doit rester strictement inférieur à {_euros(plafonds.seuil_unitaire)} "
                    f"TTC ({_euros(montant)} demandés) : au-delà, le dossier passe d'abord devant la commission des "
                    "dotations complémentaires."
                ]
            }
        )
    deja = remplacements_engages(budget)
    if deja + montant > plafonds.plafond_annuel:
        raise ValidationError(
            {
                "montant": [
                    f"Les remplacements de biens de {budget.annee} atteindraient {_euros(deja + montant)} : le "
                    f"maximum de l'exercice est de {_euros(plafonds.plafond_annuel)} (déjà engagés : "
                    f"{_euros(deja)})."
                ]
            }
        )


def depense_urgente_autoriser(
    *,
    ligne_id: int,
    objet: str,
    nature: str,
    motif: str,
    montant: Decimal,
    par,
    today: datetime.date,
    deliberation_id: int | None = None,
) -> AutorisationDepenseUrgente:
    """The président authorises the ordonnateur to engage an exceptional urgent expense not in the budget or
    beyond its credits (seed 002 L.II T.I 2.3 b), within the ceiling the plenary fixed for the year in the budget
    session (Budget.plafond_depenses_urgentes, counted over the year's authorisations given under it); beyond it,
    the adopted deliberation of an extraordinary session is cited (and the authorisation does not count against
    the ceiling)."""
    montant = _montant(montant)
    if not (objet or "").strip():
        raise ValidationError({"objet": ["Indiquez l'objet de la dépense."]})
    if nature not in NatureDepenseUrgente.values:
        raise ValidationError(
            {"nature": [f"Nature inconnue : choisissez parmi {', '.join(NatureDepenseUrgente.values)}."]}
        )
    if not (motif or "").strip():
        raise ValidationError(
            {"motif": ["Expliquez la nécessité de la dépense en urgence (elle accompagne la demande de financement)."]}
        )
    _signer(par, "tresorerie.depense_urgente_autoriser", date=today)
    with transaction.atomic():
        ligne = _ligne_de_depense(ligne_id, today=today)
        budget = ligne.budget
        deliberation = None
        deja = urgences_sous_plafond(budget)
        if deliberation_id is not None:
            deliberation = _deliberation_extraordinaire(deliberation_id, today=today)
        elif deja + montant > budget.plafond_depenses_urgentes:
            raise ValidationError(
                {
                    "deliberation": [
                        f"Les dépenses urgentes autorisées par le président en {budget.annee} atteindraient "
                        f"{_euros(deja + montant)} : le plafond fixé en session budgétaire est de "
                        f"{_euros(budget.plafond_depenses_urgentes)} (déjà autorisées : {_euros(deja)}). Au-delà, "
                        "citez la délibération adoptée en séance plénière extraordinaire."
                    ]
                }
            )
        autorisation = AutorisationDepenseUrgente(
            ligne=ligne,
            objet=objet.strip(),
            nature=nature,
            motif=motif.strip(),
            montant=montant,
            deliberation=deliberation,
            autorisee_le=today,
            autorisee_par=par,
        )
        return enregistrer(autorisation, par=par)


def _deliberation_extraordinaire(deliberation_id, *, today):
    from gouvernance.models import Deliberation, TypeSeance

    deliberation = Deliberation.objects.select_related("seance").filter(pk=deliberation_id).first()
    if deliberation is None:
        raise ValidationError({"deliberation": ["Cette délibération n'existe pas."]})
    if deliberation.seance.type != TypeSeance.EXTRAORDINAIRE or not deliberation.adoptee:
        raise ValidationError(
            {
                "deliberation": [
                    f"La délibération {deliberation.numero} n'est pas une décision adoptée en séance plénière "
                    "extraordinaire : au-delà du plafond, seule une séance extraordinaire autorise la dépense."
                ]
            }
        )
    if deliberation.seance.date > today:
        raise ValidationError({"deliberation": [f"La délibération {deliberation.numero} est d'une séance à venir."]})
    return deliberation


def engagement_liquider(*, engagement_id: int, montant: Decimal, par, today: datetime.date) -> Engagement:
    """The liquidateur checks the debt is real and the service done, and fixes the amount on the invoices: never
    above the engaged amount, never by the member who engaged, never without a supporting document."""
    montant = _montant(montant)
    with transaction.atomic():
        engagement = _verrouiller(engagement_id)
        _signer(par, "tresorerie.engagement_liquider", objet=engagement, date=today)
        if engagement.engage_par_id == par.pk:
            raise PermissionDenied(
                "Vous avez engagé cette dépense : un autre membre doit la liquider (séparation des fonctions, "
                "règlement de trésorerie, titre I, 2.2)."
            )
        if not engagement.pieces.exists():
            raise ValidationError(
                "Joignez d'abord la facture ou le mémoire : on ne liquide pas une dépense sans pièce justificative."
            )
        if montant > engagement.montant:
            raise ValidationError(
                {
                    "montant": [
                        f"Le montant liquidé ({_euros(montant)}) dépasse le montant engagé "
                        f"({_euros(engagement.montant)}) : engagez le complément d'abord."
                    ]
                }
            )
        if today < engagement.engage_le:
            raise ValidationError({"date": ["La liquidation ne peut précéder l'engagement."]})
        _passer(engagement, StatutEngagement.LIQUIDE)
        engagement.montant_liquide = montant
        engagement.liquide_le = today
        engagement.liquide_par = par
        enregistrer(engagement, par=par, update_fields=["statut", "montant_liquide", "liquide_le", "liquide_par"])
    return engagement


def engagement_ordonnancer(*, engagement_id: int, par, today: datetime.date) -> Engagement:
    """The ordonnateur orders the trésorier to pay a liquidated expense."""
    with transaction.atomic():
        engagement = _verrouiller(engagement_id)
        _signer(par, "tresorerie.engagement_ordonnancer", objet=engagement, date=today)
        if engagement.liquide_le and today < engagement.liquide_le:
            raise ValidationError({"date": ["L'ordonnancement ne peut précéder la liquidation."]})
        if engagement.liquide_par_id == par.pk:
            raise PermissionDenied(
                "Vous avez liquidé cette dépense : un autre membre (l'ordonnateur) doit l'ordonnancer (séparation "
                "des fonctions)."
            )
        _passer(engagement, StatutEngagement.ORDONNANCE)
        engagement.ordonnance_le = today
        engagement.ordonnance_par = par
        enregistrer(engagement, par=par, update_fields=["statut", "ordonnance_le", "ordonnance_par"])
    return engagement


def engagement_payer(
    *, engagement_id: int, mode: str, date: datetime.date, par, today: datetime.date | None = None
) -> Engagement:
    """The trésorier pays an ordered expense (never the member who ordered it)."""
    if mode not in ModeReglement.values:
        raise ValidationError(
            {"mode": [f"Mode de règlement inconnu : choisissez parmi {', '.join(ModeReglement.values)}."]}
        )
    with transaction.atomic():
        engagement = _verrouiller(engagement_id)
        _signer(par, "tresorerie.engagement_payer", objet=engagement, date=date)
        if par.pk in (engagement.ordonnance_par_id, engagement.engage_par_id):
            raise PermissionDenied(
                "Vous avez engagé ou ordonnancé cette dépense : c'est au trésorier de la payer (séparation des "
                "fonctions)."
            )
        if engagement.ordonnance_le and date < engagement.ordonnance_le:
            raise ValidationError({"date": ["Le paiement ne peut précéder l'ordonnancement."]})
        if today is not None and date > today:
            raise ValidationError(
                {"date": [f"Le paiement se date du jour où il est fait : pas après le {today:%d/%m/%Y}."]}
            )
        _passer(engagement, StatutEngagement.PAYE)
        engagement.paye_le = date
        engagement.paye_par = par
        engagement.mode_reglement = mode
        enregistrer(engagement, par=par, update_fields=["statut", "paye_le", "paye_par", "mode_reglement"])
    return engagement


def engagement_annuler(*, engagement_id: int, motif: str, par, today: datetime.date) -> Engagement:
    """The ordonnateur cancels an engagement not yet liquidated, with its reason: its credit returns to the line."""
    if not (motif or "").strip():
        raise ValidationError({"motif": ["Indiquez le motif de l'annulation."]})
    with transaction.atomic():
        engagement = _verrouiller(engagement_id)
        _signer(par, "tresorerie.engagement_annuler", objet=engagement, date=today)
        _passer(engagement, StatutEngagement.ANNULE)
        engagement.annule_le = today
        engagement.annule_par = par
        engagement.motif_annulation = motif.strip()
        enregistrer(engagement, par=par, update_fields=["statut", "annule_le", "annule_par", "motif_annulation"])
    return engagement


def piece_deposer(*, engagement_id: int, fichier, par, today: datetime.date) -> PieceJustificative:
    """Attach a supporting document (PDF, JPEG, PNG judged by its content, size-capped) to an engagement."""
    verifie = verifier_fichier(fichier, types=TYPES_DOCUMENTS, champ="fichier")
    with stockage("tresorerie/pieces") as ranger, transaction.atomic():
        engagement = _verrouiller(engagement_id)
        exiger(par, "tresorerie.piece_deposer", objet=engagement, date=today)
        if engagement.statut in (StatutEngagement.PAYE, StatutEngagement.ANNULE):
            raise ValidationError(
                f"L'engagement est « {engagement.get_statut_display()} » : on n'y joint plus de pièce."
            )
        piece = PieceJustificative(
            engagement=engagement,
            fichier=ranger(verifie),
            nom_original=verifie.nom,
            taille=verifie.taille,
            type_contenu=verifie.type.type_contenu,
            sha256=verifie.sha256,
            deposee_le=today,
            deposee_par=par,
        )
        enregistrer(piece, par=par)
    return piece
