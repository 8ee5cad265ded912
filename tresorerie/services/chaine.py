"""The expense chain (seed 002 L.II T.I 2.1-2.3): engagement → liquidation → ordonnancement → paiement.

Each step is one service: it checks the actor's role on the date of the act through the one permission helper
(tresorerie/perms.py), locks the engagement (and for the engagement itself, its budget line) before it reads,
checks the state against TRANSITIONS_ENGAGEMENT, writes the new state with its date and signatory. The database
holds the segregation of duties too (Engagement.Meta.constraints)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from commun.fichiers import TYPES_DOCUMENTS, stockage, verifier_fichier
from commun.formats import euros as _euros
from commun.services import enregistrer
from config.perms import exiger

from ..models import (
    TRANSITIONS_ENGAGEMENT,
    Engagement,
    LigneBudgetaire,
    ModeReglement,
    PieceJustificative,
    StatutEngagement,
)
from ..selectors import disponible

CENTIME = Decimal("0.01")


def _montant(valeur, champ: str = "montant") -> Decimal:
    if not isinstance(valeur, Decimal):
        raise ValidationError({champ: ["Le montant doit être un nombre décimal (en euros, au centime près)."]})
    if valeur <= 0:
        raise ValidationError({champ: ["Le montant doit être supérieur à zéro."]})
    if valeur != valeur.quantize(CENTIME):
        raise ValidationError({champ: ["Le montant se saisit au centime près (deux décimales au plus)."]})
    return valeur


def _verrouiller(engagement_id: int) -> Engagement:
    return Engagement.objects.select_for_update().select_related("ligne__budget", "ligne__compte").get(pk=engagement_id)


def _passer(engagement: Engagement, statut: str) -> None:
    if statut not in TRANSITIONS_ENGAGEMENT[engagement.statut]:
        raise ValidationError(
            f"L'engagement {engagement.numero or engagement.pk} est « {engagement.get_statut_display()} » : il ne "
            f"peut pas passer à « {StatutEngagement(statut).label} »."
        )
    engagement.statut = statut


def engagement_engager(
    *,
    ligne_id: int,
    objet: str,
    tiers: str,
    montant: Decimal,
    par,
    today: datetime.date,
) -> Engagement:
    """Engage an expense on a line, within its available credit (two requests at once included: the line is
    locked before the credit is counted)."""
    montant = _montant(montant)
    if not (objet or "").strip():
        raise ValidationError({"objet": ["Indiquez l'objet de la dépense."]})
    if not (tiers or "").strip():
        raise ValidationError({"tiers": ["Indiquez le tiers (fournisseur ou bénéficiaire)."]})
    exiger(par, "tresorerie.engagement_engager", date=today)
    with transaction.atomic():
        try:
            ligne = LigneBudgetaire.objects.select_for_update().select_related("budget", "compte").get(pk=ligne_id)
        except LigneBudgetaire.DoesNotExist:
            raise ValidationError({"ligne": ["Cette ligne budgétaire n'existe pas."]}) from None
        if ligne.compte.nature != "charge":
            raise ValidationError(
                {
                    "ligne": [
                        f"La rubrique {ligne.compte.numero} est une ligne de recettes : on n'y engage pas de dépense."
                    ]
                }
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
            ligne=ligne, objet=objet.strip(), tiers=tiers.strip(), montant=montant, engage_le=today, engage_par=par
        )
        enregistrer(engagement, par=par)
        engagement.numero = f"{today.year}-{engagement.pk:05d}"
        enregistrer(engagement, par=par, update_fields=["numero"])
    return engagement


def engagement_liquider(*, engagement_id: int, montant: Decimal, par, today: datetime.date) -> Engagement:
    """The liquidateur checks the debt is real and the service done, and fixes the amount on the invoices: never
    above the engaged amount, never by the member who engaged, never without a supporting document."""
    montant = _montant(montant)
    with transaction.atomic():
        engagement = _verrouiller(engagement_id)
        exiger(par, "tresorerie.engagement_liquider", objet=engagement, date=today)
        if engagement.engage_par_id == par.pk:
            raise ValidationError(
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
        exiger(par, "tresorerie.engagement_ordonnancer", objet=engagement, date=today)
        if engagement.liquide_le and today < engagement.liquide_le:
            raise ValidationError({"date": ["L'ordonnancement ne peut précéder la liquidation."]})
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
        exiger(par, "tresorerie.engagement_payer", objet=engagement, date=date)
        if engagement.ordonnance_par_id == par.pk:
            raise ValidationError(
                "Vous avez ordonnancé cette dépense : c'est au trésorier de la payer (séparation des fonctions)."
            )
        if engagement.ordonnance_le and date < engagement.ordonnance_le:
            raise ValidationError({"date": ["Le paiement ne peut précéder l'ordonnancement."]})
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
        exiger(par, "tresorerie.engagement_annuler", objet=engagement, date=today)
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
