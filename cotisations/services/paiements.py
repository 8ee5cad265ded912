"""Payments of the dues and their counter-entries: gapless receipt numbers per year, the dues row locked before the
balance is counted (two payments of one balance sent at once: the second is refused)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from commun.models import NatureEnvoi
from commun.services import enregistrer, envois_programmer
from config.perms import exiger

from .. import tasks
from ..models import CompteurRecus, Cotisation, ModePaiement, Paiement, StatutCotisation


def _verrouiller(cotisation: Cotisation) -> Cotisation:
    return Cotisation.objects.select_for_update().get(pk=cotisation.pk)


def _statut(cotisation: Cotisation) -> str:
    if cotisation.montant_du == 0 and cotisation.montant_paye == 0 and cotisation.frais == 0:
        return StatutCotisation.EXONEREE
    return StatutCotisation.PAYEE if cotisation.solde <= 0 else StatutCotisation.DUE


# --- payments -------------------------------------------------------------------------------------------------------


def _numero_recu(annee: int) -> tuple[int, str]:
    """The next receipt number of `annee`, taken under the lock of the year's counter: allocated in the
    transaction that records the payment, it is given back if that transaction rolls back (no gap)."""
    CompteurRecus.objects.get_or_create(annee=annee)
    compteur = CompteurRecus.objects.select_for_update().get(annee=annee)
    compteur.dernier += 1
    compteur.save(update_fields=["dernier"])
    return compteur.dernier, f"{annee}-{compteur.dernier:06d}"


def _adresse_du_redevable(cotisation: Cotisation) -> str:
    """Where the receipt goes: the doctor's address; for a company, its own, else its gérant's."""
    if cotisation.medecin_id is not None:
        return cotisation.medecin.email
    societe = cotisation.societe
    return societe.email or (societe.gerant.email if societe.gerant_id else "")


def recu_programmer(*, paiement: Paiement, par) -> list:
    """E-mail the receipt of `paiement` (its PDF attached by the task) when the debtor has an address: call it in
    the payment's transaction. The Envoi row is written with the payment; its task leaves after the commit, and if
    the broker is down then, the row waits "à envoyer" until commun.envois_relancer queues it again."""
    return envois_programmer(
        nature=NatureEnvoi.RECU_COTISATION,
        objet=paiement,
        adresses=[_adresse_du_redevable(paiement.cotisation)],
        tache=tasks.recu_envoyer,
        par=par,
    )


def paiement_enregistrer(
    *, cotisation: Cotisation, montant: Decimal, mode: str, date: datetime.date, par, transaction_banque: str = ""
) -> Paiement:
    """Record a payment of `cotisation` and number its receipt. Partial payments are accepted; more than the
    balance, or a non-positive amount, is refused. The dues row is locked first: two payments of the same
    balance sent at once are counted one after the other, the second refused. `transaction_banque`: the card
    provider's transaction id, unique (a second payment with it is refused). The receipt is e-mailed to the
    debtor who has an address."""
    exiger(par, "cotisations.paiement_enregistrer", objet=cotisation, date=date)
    montant = Decimal(montant)
    if montant <= 0:
        raise ValidationError({"montant": ["Le montant d'un paiement doit être positif."]})
    if mode not in ModePaiement.values:
        raise ValidationError({"mode": ["Mode de paiement inconnu : cb, cheque, virement ou especes."]})
    with transaction.atomic():
        cotisation = _verrouiller(cotisation)
        if montant > cotisation.solde:
            raise ValidationError(
                {
                    "montant": [
                        f"Le montant dépasse le solde de la cotisation ({cotisation.solde} €) : un paiement "
                        "ne peut excéder ce qui reste dû."
                    ]
                }
            )
        _, numero = _numero_recu(date.year)
        paiement = Paiement(
            cotisation=cotisation,
            montant=montant,
            mode=mode,
            date=date,
            annee_recu=date.year,
            numero_recu=numero,
            saisi_par=par,
            transaction=transaction_banque,
        )
        enregistrer(paiement, par=par)
        cotisation.montant_paye += montant
        cotisation.statut = _statut(cotisation)
        enregistrer(cotisation, par=par, update_fields=["montant_paye", "statut"])
        recu_programmer(paiement=paiement, par=par)
    return paiement


def paiement_annuler(*, paiement: Paiement, motif: str, par, today: datetime.date) -> Paiement:
    """Cancel a wrong entry by its counter-entry (a negative payment citing it, with the reason): the payment and
    its receipt stay, never deleted."""
    exiger(par, "cotisations.paiement_annuler", objet=paiement, date=today)
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": ["Dites pourquoi le paiement est annulé."]})
    with transaction.atomic():
        cotisation = _verrouiller(paiement.cotisation)
        paiement = Paiement.objects.select_for_update().get(pk=paiement.pk)
        if paiement.annule_id is not None:
            raise ValidationError("Une annulation ne s'annule pas : enregistrez de nouveau le paiement.")
        if Paiement.objects.filter(annule=paiement).exists():
            raise ValidationError(f"Le paiement {paiement.numero_recu} est déjà annulé.")
        contre = Paiement(
            cotisation=cotisation,
            montant=-paiement.montant,
            mode=paiement.mode,
            date=today,
            annule=paiement,
            motif_annulation=motif,
            saisi_par=par,
        )
        enregistrer(contre, par=par)
        cotisation.montant_paye -= paiement.montant
        cotisation.statut = _statut(cotisation)
        enregistrer(cotisation, par=par, update_fields=["montant_paye", "statut"])
    return contre
