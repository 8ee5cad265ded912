"""The commission nationale d'entraide (issue 12 points 10-11; seed 002 L.II T.V 2-3).

- Every aid granted is reported to it (« Le conseil départemental informe la commission nationale d'entraide de
  chacune des aides attribuées »): one e-mail per aid to settings.ENTRAIDE_CNOM_EMAIL with the report's PDF,
  programmed with the aid (commun.services.envois_programmer: asking twice sends once), `Aide.signalee_cnom_le`
  set once it left (`aide_noter_signalement`, run by the task). `aides_signaler_cnom` programs the reports still
  missing (an aid recorded before the address was set, a report lost): idempotent.
- When the council can give only part of the aid, or the right aid is beyond it, it sends the file with its
  motivated opinion and the aid it proposes (`demande_transmettre`: the request becomes `transmise_cnom`); the
  commission nationale's decision and the amount it grants are recorded afterwards (`cnom_decision_enregistrer`).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commun.models import NatureEnvoi
from commun.services import enregistrer, envois_programmer
from config.perms import exiger
from entraide import tasks
from entraide.models import Aide, Demande, StatutDemande, TransmissionCnom

from .aides import CENTIME, demande_verrouillee, motivation_valider, passer

DECISION_MINIMUM = 10


def aide_signaler_cnom(*, aide: Aide, par) -> list:
    """Program the report of one aid to the commission nationale (inside the caller's transaction)."""
    return envois_programmer(
        nature=NatureEnvoi.AIDE_SIGNALEMENT_CNOM,
        objet=aide,
        adresses=[settings.ENTRAIDE_CNOM_EMAIL],
        tache=tasks.aide_signalement_cnom_envoyer,
        par=par,
    )


def aides_signaler_cnom(*, par, today: datetime.date, aides=None) -> int:
    """Program the report of every aid granted not yet reported (all, or those given). Returns the number of
    e-mails programmed: 0 when each already has its row (a second run writes nothing)."""
    exiger(par, "entraide.aides_signaler_cnom", objet=Aide(), date=today)
    with transaction.atomic():
        a_signaler = Aide.objects.select_for_update(of=("self",)).filter(signalee_cnom_le__isnull=True)
        if aides is not None:
            a_signaler = a_signaler.filter(pk__in=[a.pk for a in aides])
        return sum(len(aide_signaler_cnom(aide=aide, par=par)) for aide in a_signaler.order_by("id"))


def aide_noter_signalement(*, envoi, par) -> None:
    """Run by the sending task once the report left: the aid keeps the day it did (the first one)."""
    exiger(par, "entraide.aides_signaler_cnom", objet=Aide())
    jour = timezone.localdate(envoi.envoye_le)
    aide = Aide.objects.select_for_update().get(pk=envoi.objet_id)
    if aide.signalee_cnom_le is None:
        aide.signalee_cnom_le = jour
        enregistrer(aide, par=par, update_fields=["signalee_cnom_le"])


# --- the transmission of a file --------------------------------------------------------------------------------


def demande_transmettre(
    *, demande: Demande, avis: str, aide_proposee: str, par, today: datetime.date
) -> TransmissionCnom:
    """Send the file to the commission nationale with the council's motivated opinion and the aid it proposes."""
    exiger(par, "entraide.demande_transmettre", objet=demande, date=today)
    erreurs = {}
    try:
        avis = motivation_valider(avis, "avis")
    except ValidationError as exc:
        erreurs.update(exc.message_dict)
    aide_proposee = (aide_proposee or "").strip()
    if len(aide_proposee) < DECISION_MINIMUM:
        erreurs["aide_proposee"] = [
            "Indiquez l'aide que le conseil propose à la commission nationale (nature et montant)."
        ]
    if erreurs:
        raise ValidationError(erreurs)
    with transaction.atomic():
        demande = demande_verrouillee(demande.pk)
        exiger(par, "entraide.demande_transmettre", objet=demande, date=today)
        if demande.statut == StatutDemande.TRANSMISE_CNOM:
            raise ValidationError(
                f"La demande {demande.numero} est déjà transmise à la commission nationale d'entraide : "
                "enregistrez sa décision avant d'envisager un nouvel envoi."
            )
        transmission = enregistrer(
            TransmissionCnom(
                demande=demande, avis=avis, aide_proposee=aide_proposee, transmise_le=today, transmise_par=par
            ),
            par=par,
        )
        passer(demande, StatutDemande.TRANSMISE_CNOM, le=today, par=par)
    return transmission


def cnom_decision_enregistrer(
    *,
    transmission: TransmissionCnom,
    decision: str,
    decision_le: datetime.date,
    par,
    today: datetime.date,
    montant_accorde: Decimal | None = None,
) -> TransmissionCnom:
    """Record the commission nationale's answer: what it decided, the amount it grants (none when it refuses or
    orients), the date of its decision. An amount granted moves the request to `aide_accordee`."""
    exiger(par, "entraide.cnom_decision_enregistrer", objet=transmission.demande, date=today)
    erreurs = {}
    decision = (decision or "").strip()
    if len(decision) < DECISION_MINIMUM:
        erreurs["decision"] = ["Résumez la décision de la commission nationale (aide accordée, refus, orientation)."]
    if montant_accorde is not None:
        if isinstance(montant_accorde, bool) or not isinstance(montant_accorde, Decimal) or montant_accorde < 0:
            erreurs["montant_accorde"] = ["Le montant accordé est un nombre décimal positif, en euros."]
        elif montant_accorde != montant_accorde.quantize(CENTIME):
            erreurs["montant_accorde"] = ["Le montant se saisit au centime près (deux décimales au plus)."]
    if decision_le > today:
        erreurs["decision_le"] = ["La décision de la commission nationale ne peut pas être datée dans le futur."]
    elif decision_le < transmission.transmise_le:
        erreurs["decision_le"] = [
            f"Le dossier a été transmis le {transmission.transmise_le:%d/%m/%Y} : la décision ne peut le précéder."
        ]
    if erreurs:
        raise ValidationError(erreurs)
    with transaction.atomic():
        demande = demande_verrouillee(transmission.demande_id)
        transmission = TransmissionCnom.objects.select_for_update().get(pk=transmission.pk)
        if transmission.decision_le is not None:
            raise ValidationError(
                f"La décision de la commission nationale du {transmission.decision_le:%d/%m/%Y} est déjà "
                "enregistrée pour cette transmission."
            )
        transmission.decision = decision
        transmission.montant_accorde = montant_accorde
        transmission.decision_le = decision_le
        enregistrer(transmission, par=par, update_fields=["decision", "montant_accorde", "decision_le"])
        if montant_accorde and demande.statut == StatutDemande.TRANSMISE_CNOM:
            passer(demande, StatutDemande.AIDE_ACCORDEE, le=decision_le, par=par)
    return transmission
