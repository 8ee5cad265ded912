"""The conciliation meeting (within 1 month of t0, L4123-2 CSP) and its procès-verbal, whose outcome moves the
file. A late meeting is recorded and flagged (`hors_delai`), never refused: the register tells the truth."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from commun.services import enregistrer
from conciliation.models import (
    ISSUES_AVEC_DESACCORDS,
    IssueConciliation,
    ProcesVerbal,
    Reunion,
    StatutPlainte,
)
from config.perms import exiger

from . import courriers
from .conciliateurs import sans_conciliation_refus
from .plaintes import _verrouiller, passer

STATUT_APRES_PV = {
    IssueConciliation.TOTALE: StatutPlainte.CONCILIEE,
    IssueConciliation.PARTIELLE: StatutPlainte.A_TRANSMETTRE,
    IssueConciliation.ECHEC: StatutPlainte.A_TRANSMETTRE,
    IssueConciliation.ABSENCE: StatutPlainte.A_TRANSMETTRE,
    IssueConciliation.DESISTEMENT: StatutPlainte.RETIREE,
}


def reunion_fixer(
    *, plainte_id: int, date: datetime.date, heure: datetime.time, lieu: str, par, today: datetime.date
) -> Reunion:
    """Set the meeting (a postponed one may be set again while no PV closed the conciliation); both parties are
    convened, the letter naming the conciliators."""
    with transaction.atomic():
        plainte = _verrouiller(plainte_id)
        exiger(par, "conciliation.reunion_fixer", objet=plainte, date=today)
        motif = sans_conciliation_refus(plainte, "réunion de conciliation")
        if motif:
            raise ValidationError({"detail": [motif]})
        if plainte.statut not in (StatutPlainte.ENREGISTREE, StatutPlainte.CONVOQUEE):
            raise ValidationError(
                {
                    "detail": [
                        f"Le dossier {plainte.numero} est « {plainte.get_statut_display()} » : la conciliation est "
                        "close par son procès-verbal, aucune réunion ne se fixe plus."
                    ]
                }
            )
        if not plainte.conciliateurs.filter(retire_le__isnull=True).exists():
            raise ValidationError(
                {
                    "detail": [
                        "Désignez d'abord les conciliateurs : la convocation des parties les nomme "
                        "(POST …/plaintes/{id}/conciliateurs/)."
                    ]
                }
            )
        lieu = (lieu or "").strip()
        if not lieu:
            raise ValidationError({"lieu": ["Indiquez le lieu de la réunion de conciliation."]})
        if date < plainte.date_enregistrement:
            raise ValidationError({"date": ["La réunion ne peut pas précéder l'enregistrement de la plainte."]})
        reunion = Reunion(
            plainte=plainte,
            date=date,
            heure=heure,
            lieu=lieu,
            hors_delai=date > plainte.echeance_conciliation,
            fixee_le=today,
            fixee_par=par,
        )
        enregistrer(reunion, par=par)
        passer(plainte, StatutPlainte.CONVOQUEE)
        enregistrer(plainte, par=par, update_fields=["statut"])
        courriers.courriers_convocation(reunion, par=par, today=today)
    return reunion


def proces_verbal_etablir(
    *, reunion_id: int, issue: str, desaccords: str = "", accord: str = "", par, today: datetime.date
) -> ProcesVerbal:
    """The PV of the meeting (one per meeting): total conciliation → conciliee; partial, failed or a party absent
    → a_transmettre (the points left listed with partielle and echec); withdrawal → retiree."""
    reunion = Reunion.objects.filter(pk=reunion_id).only("plainte_id").first()
    if reunion is None:
        raise ValidationError({"reunion": ["Cette réunion de conciliation n'existe pas."]})
    with transaction.atomic():
        plainte = _verrouiller(reunion.plainte_id)
        exiger(par, "conciliation.proces_verbal_etablir", objet=plainte, date=today)
        reunion = Reunion.objects.select_for_update().get(pk=reunion_id)
        if ProcesVerbal.objects.filter(reunion=reunion).exists():
            raise ValidationError({"detail": ["Cette réunion a déjà son procès-verbal : un seul par réunion."]})
        if plainte.statut != StatutPlainte.CONVOQUEE:
            raise ValidationError(
                {
                    "detail": [
                        f"Le dossier {plainte.numero} est « {plainte.get_statut_display()} » : il n'attend plus de "
                        "procès-verbal de conciliation."
                    ]
                }
            )
        if issue not in STATUT_APRES_PV:
            raise ValidationError({"issue": ["Choisissez l'issue : totale, partielle, echec, absence, desistement."]})
        if today < reunion.date:
            raise ValidationError(
                {"detail": [f"La réunion du {reunion.date:%d/%m/%Y} n'a pas encore eu lieu : pas de procès-verbal."]}
            )
        desaccords = (desaccords or "").strip()
        if issue in ISSUES_AVEC_DESACCORDS and not desaccords:
            raise ValidationError(
                {
                    "desaccords": [
                        "Listez les points de désaccord qui subsistent : le procès-verbal d'une conciliation "
                        "partielle ou d'un échec les mentionne (la chambre disciplinaire en est saisie)."
                    ]
                }
            )
        pv = ProcesVerbal(
            reunion=reunion,
            issue=issue,
            desaccords=desaccords,
            accord=(accord or "").strip(),
            etabli_le=today,
            etabli_par=par,
        )
        enregistrer(pv, par=par)
        passer(plainte, STATUT_APRES_PV[issue])
        enregistrer(plainte, par=par, update_fields=["statut"])
        courriers.courriers_proces_verbal(pv, par=par, today=today)
    return pv
