"""Card payments from the espace médecin (django-payments): the doctor starts one for the amount he chooses, at
most the balance; the provider's verified notification confirms it and records the `Paiement` (mode `cb`) through
`paiement_enregistrer`, as the system user, under the dues row's lock. Idempotent: the provider's transaction id
is unique (on `PaiementCarte` and on `Paiement`) and a confirmed row is never confirmed again, so a replayed
notification records nothing more. A confirmation that would exceed the balance (two tabs paid the same balance)
records no payment: the card row is left « à rembourser » for the treasury, never silently lost."""

import datetime
import logging
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from payments import PaymentStatus

from commun.services import enregistrer
from config.perms import exiger

from ..models import DEVISE, Cotisation, ModePaiement, PaiementCarte, SuiteCarte
from .paiements import _verrouiller, paiement_enregistrer

journal = logging.getLogger(__name__)

CENTIME = Decimal("0.01")


def _euros(montant: Decimal) -> str:
    """« 1 234,50 € » for a message (the pages' filter lives in a template library the services do not import)."""
    return f"{montant:,.2f}".replace(",", "\u202f").replace(".", ",") + "\u00a0€"


def montant_lire(valeur) -> Decimal:
    """A Decimal of 2 places, or a French ValidationError on `montant`."""
    try:
        montant = Decimal(str(valeur).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({"montant": ["Indiquez un montant en euros, par exemple 120,50."]}) from None
    if not montant.is_finite() or montant != montant.quantize(CENTIME):
        raise ValidationError({"montant": ["Indiquez un montant en euros, au centime près (deux décimales)."]})
    return montant.quantize(CENTIME)


def paiement_carte_creer(*, cotisation: Cotisation, montant, par, today: datetime.date) -> PaiementCarte:
    """Start a card payment of `montant` (at most the balance, which is the default the page offers) on dues the
    user pays (his own, or his company's as its gérant). Nothing is paid yet: the provider's form follows."""
    exiger(par, "cotisations.payer_en_ligne", objet=cotisation, date=today)
    montant = montant_lire(montant)
    if montant <= 0:
        raise ValidationError({"montant": ["Le montant à payer doit être supérieur à zéro."]})
    variante = settings.CDOM_PAIEMENT_FOURNISSEUR
    if not variante:
        raise ValidationError(
            "Le paiement par carte n'est pas encore ouvert : payez par virement (avec la référence de l'appel) ou "
            "par chèque."
        )
    with transaction.atomic():
        cotisation = _verrouiller(cotisation)
        if cotisation.solde <= 0:  # paid meanwhile (the page was open in another tab)
            raise ValidationError(f"La cotisation {cotisation.annee} est soldée : il n'y a rien à payer.")
        if montant > cotisation.solde:
            raise ValidationError(
                {
                    "montant": [
                        f"Le montant dépasse ce qui reste dû ({_euros(cotisation.solde)}) : indiquez au plus ce solde."
                    ]
                }
            )
        redevable = cotisation.medecin
        carte = PaiementCarte(
            variant=variante,
            cotisation=cotisation,
            demande_par=par,
            total=montant,
            currency=DEVISE,
            description=f"Cotisation ordinale {cotisation.annee} – {cotisation.reference}",
            billing_email=(redevable.email if redevable else cotisation.societe.email) or "",
            billing_last_name=(redevable.nom if redevable else cotisation.societe.raison_sociale)[:256],
            billing_first_name=(redevable.prenom if redevable else "")[:256],
        )
        return enregistrer(carte, par=par)


def paiement_carte_confirmer(
    *, paiement_carte: PaiementCarte, transaction_id: str, montant: Decimal, par, today: datetime.date
) -> PaiementCarte:
    """The provider confirms that it took `montant` for this card payment, as transaction `transaction_id`
    (called by cotisations/fournisseurs.py once the notification's signature is verified). Records the payment
    once; a replay of the same transaction records nothing more."""
    exiger(par, "cotisations.paiement_carte_confirmer", objet=paiement_carte, date=today)
    transaction_id = (transaction_id or "").strip()
    if not transaction_id:
        raise ValidationError("La notification de la banque ne donne pas l'identifiant de la transaction.")
    with transaction.atomic():
        carte = PaiementCarte.objects.select_for_update().get(pk=paiement_carte.pk)
        if carte.transaction_id and carte.transaction_id != transaction_id:
            journal.warning(
                "Paiement par carte %s : transaction %s notifiée, %s déjà enregistrée ; rien n'est écrit",
                carte.pk,
                transaction_id,
                carte.transaction_id,
            )
            raise ValidationError("Une autre transaction est déjà enregistrée pour ce paiement par carte.")
        if carte.suite in (SuiteCarte.ENREGISTRE, SuiteCarte.A_REMBOURSER):
            journal.info("Paiement par carte %s : notification rejouée (%s), rien de plus", carte.pk, transaction_id)
            return carte
        if PaiementCarte.objects.filter(transaction_id=transaction_id).exclude(pk=carte.pk).exists():
            journal.warning("Transaction %s déjà enregistrée sur un autre paiement par carte", transaction_id)
            raise ValidationError("Cette transaction de la banque est déjà enregistrée.")
        carte.transaction_id = transaction_id
        carte.status = PaymentStatus.CONFIRMED
        carte.captured_amount = montant
        if montant != carte.total:
            carte.suite = SuiteCarte.A_REMBOURSER
            carte.motif_revue = (
                f"La banque a confirmé {montant} € pour un paiement demandé de {carte.total} € : à vérifier."
            )
        else:
            try:
                with transaction.atomic():
                    paiement = paiement_enregistrer(
                        cotisation=carte.cotisation,
                        montant=carte.total,
                        mode=ModePaiement.CB,
                        date=today,
                        par=par,
                        transaction_banque=transaction_id,
                    )
            except ValidationError as err:
                # The balance was paid meanwhile (another tab, a cheque): the money was taken, record why.
                carte.suite = SuiteCarte.A_REMBOURSER
                carte.motif_revue = " ".join(err.messages)
            else:
                carte.paiement = paiement
                carte.suite = SuiteCarte.ENREGISTRE
        if carte.suite == SuiteCarte.A_REMBOURSER:
            journal.warning("Paiement par carte %s à rembourser ou à vérifier : %s", carte.pk, carte.motif_revue)
        return enregistrer(carte, par=par)


def paiement_carte_refuser(*, paiement_carte: PaiementCarte, motif: str, par, today: datetime.date) -> PaiementCarte:
    """The provider refused the card or the doctor gave up: nothing is paid. A confirmed payment stays so."""
    exiger(par, "cotisations.paiement_carte_confirmer", objet=paiement_carte, date=today)
    with transaction.atomic():
        carte = PaiementCarte.objects.select_for_update().get(pk=paiement_carte.pk)
        if carte.suite != SuiteCarte.EN_ATTENTE:
            return carte
        carte.status = PaymentStatus.REJECTED
        carte.suite = SuiteCarte.REFUSE
        carte.message = motif[:2000]
        return enregistrer(carte, par=par)


def carte_rembourser(
    *, paiement_carte_id: int, date: datetime.date, reference: str, par, today: datetime.date
) -> PaiementCarte:
    """Record that the bank refunded a card payment kept « à rembourser » (taken beyond the balance, or for another
    amount than asked): on `date`, by the bank operation `reference`. Only such a payment, and once: the row is
    locked, so two clicks record one refund."""
    exiger(par, "cotisations.carte_rembourser", date=today)
    reference = (reference or "").strip()
    erreurs = {}
    if not reference:
        erreurs["reference"] = ["Indiquez la référence du remboursement (celle du virement ou de la banque)."]
    elif len(reference) > 100:
        erreurs["reference"] = ["La référence du remboursement tient en 100 caractères au plus."]
    if not isinstance(date, datetime.date):
        erreurs["date"] = ["Indiquez la date du remboursement."]
    elif date > today:
        erreurs["date"] = [f"Le remboursement ne peut être daté après aujourd'hui ({today:%d/%m/%Y})."]
    if erreurs:
        raise ValidationError(erreurs)
    with transaction.atomic():
        carte = PaiementCarte.objects.select_for_update().filter(pk=paiement_carte_id).first()
        if carte is None:
            raise ValidationError("Ce paiement par carte n'existe pas.")
        if carte.suite == SuiteCarte.REMBOURSE:
            raise ValidationError(
                f"Ce paiement par carte est déjà remboursé (le {carte.rembourse_le:%d/%m/%Y}, référence "
                f"{carte.reference_remboursement}) : rien n'est enregistré de plus."
            )
        if carte.suite != SuiteCarte.A_REMBOURSER:
            raise ValidationError(
                "Seul un paiement par carte « à rembourser » se rembourse ici : celui-ci est "
                f"« {carte.get_suite_display()} »."
            )
        commence = timezone.localdate(carte.created)
        if date < commence:
            raise ValidationError(
                {"date": [f"Le remboursement ne peut précéder le paiement (commencé le {commence:%d/%m/%Y})."]}
            )
        carte.suite = SuiteCarte.REMBOURSE
        carte.status = PaymentStatus.REFUNDED
        carte.rembourse_le = date
        carte.reference_remboursement = reference
        journal.info("Paiement par carte %s remboursé le %s (%s)", carte.pk, date, reference)
        return enregistrer(carte, par=par)
