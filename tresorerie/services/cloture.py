"""The year-end (seed 002 L.II T.I 1.2; see tresorerie/models/cloture.py): the trésorier draws up (arrête) the
statements of N before 28 February of N+1, the plenary approves them with quitus to the trésorier before the end of
the first quarter, a refusal is told to the CNOM at once; the reminders of that calendar, worked out from the
database (beat, daily: tresorerie.tasks.cloture_rappels_du_jour).

The statements are computed from the recorded operations (tresorerie/comptabilite.py states the simplifications)
and kept on the closing as the snapshot the plenary votes on; they may be computed again until the plenary has
decided. A statement drawn up after 28 February, or a decision after 31 March, is recorded all the same (the
register says what happened) and shown late in the admin."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from commun.formats import date_fr
from commun.models import NatureEnvoi
from commun.services import enregistrer, envois_programmer, verrouiller
from config.perms import exiger
from gouvernance.models import TYPES_PLENIERS, Deliberation, TypeFonction
from gouvernance.selectors import fonction_exercee_par

from .. import tasks
from ..comptabilite import etats_en_json, etats_financiers
from ..models import Cloture, EtapeRappel, RappelCloture, StatutCloture


def date_limite_etats(annee: int) -> datetime.date:
    """« Avant le 28 février » de l'année suivante."""
    return datetime.date(annee + 1, 2, 28)


def date_limite_approbation(annee: int) -> datetime.date:
    """« au plus tard avant la fin du 1er trimestre de l'année en cours »."""
    return datetime.date(annee + 1, 3, 31)


def _verrouiller_cloture(annee: int) -> Cloture:
    verrouiller(f"tresorerie.cloture.{annee}")
    cloture = Cloture.objects.select_for_update().filter(annee=annee).first()
    return cloture or Cloture(annee=annee)


def cloture_arreter(*, annee: int, par, today: datetime.date) -> Cloture:
    """Compute the income statement and the balance sheet of `annee` and keep them on its closing (arrêtée)."""
    exiger(par, "tresorerie.cloture_arreter", date=today)
    if annee >= today.year:
        raise ValidationError(
            {
                "annee": [
                    f"L'exercice {annee} n'est pas terminé : ses états financiers s'arrêtent à partir du 1er janvier {annee + 1}."
                ]
            }
        )
    with transaction.atomic():
        cloture = _verrouiller_cloture(annee)
        if cloture.statut in (StatutCloture.APPROUVEE, StatutCloture.REFUSEE):
            raise ValidationError(
                f"La plénière a déjà statué sur les comptes {annee} ({cloture.get_statut_display().lower()}) : ils ne "
                "se recalculent plus."
            )
        etats = etats_financiers(annee)
        if not etats["bilan"]["equilibre"]:  # double entry makes it impossible; a bug must not reach the plenary
            raise ValidationError("Le bilan n'est pas équilibré : signalez-le, les états ne peuvent être arrêtés.")
        cloture.etats = etats_en_json(etats)
        cloture.statut = StatutCloture.ARRETEE
        cloture.arretee_le = today
        cloture.arretee_par = par
        enregistrer(cloture, par=par)
    return cloture


def cloture_statuer(
    *, annee: int, deliberation_id: int, par, today: datetime.date, quitus: bool | None = None
) -> Cloture:
    """Record the plenary's decision on the statements of `annee`, citing its deliberation (a plenary session of
    N+1, after the statements were drawn up). Adopted (and quitus given, by default with the adoption): approved,
    the year is closed. Not adopted, or quitus refused: the CNOM's trésorerie is e-mailed at once
    (settings.TRESORERIE_CNOM_EMAIL)."""
    exiger(par, "tresorerie.cloture_statuer", date=today)
    deliberation = Deliberation.objects.select_related("seance").filter(pk=deliberation_id).first()
    if deliberation is None:
        raise ValidationError({"deliberation": ["Citez la délibération de la séance plénière qui a statué."]})
    seance = deliberation.seance
    if seance.type not in TYPES_PLENIERS:
        raise ValidationError(
            {
                "deliberation": [
                    f"La délibération {deliberation.numero} n'est pas d'une séance plénière : seule l'assemblée "
                    "plénière approuve les comptes et donne quitus au trésorier."
                ]
            }
        )
    if seance.date.year != annee + 1:
        raise ValidationError(
            {
                "deliberation": [
                    f"La délibération {deliberation.numero} est du {date_fr(seance.date)} : les comptes {annee} sont "
                    f"approuvés au cours de {annee + 1}."
                ]
            }
        )
    with transaction.atomic():
        cloture = _verrouiller_cloture(annee)
        if cloture.statut == StatutCloture.OUVERTE or cloture.pk is None:
            raise ValidationError(
                f"Les états financiers {annee} ne sont pas arrêtés : le trésorier les établit avant leur approbation."
            )
        if cloture.statut in (StatutCloture.APPROUVEE, StatutCloture.REFUSEE):
            raise ValidationError(f"La décision de la plénière sur les comptes {annee} est déjà enregistrée.")
        if seance.date < cloture.arretee_le:
            raise ValidationError(
                {
                    "deliberation": [
                        f"La séance du {date_fr(seance.date)} précède l'arrêté des comptes ({date_fr(cloture.arretee_le)}) : "
                        "la plénière vote sur les états arrêtés."
                    ]
                }
            )
        quitus = deliberation.adoptee if quitus is None else (quitus and deliberation.adoptee)
        approuvee = deliberation.adoptee and quitus
        cloture.statut = StatutCloture.APPROUVEE if approuvee else StatutCloture.REFUSEE
        cloture.deliberation = deliberation
        cloture.quitus = quitus
        cloture.statuee_le = seance.date
        cloture.statuee_par = par
        enregistrer(cloture, par=par)
        if not approuvee:
            # « les services de la trésorerie du conseil national doivent en être immédiatement informés »
            envois_programmer(
                nature=NatureEnvoi.CLOTURE_REFUS_CNOM,
                objet=cloture,
                adresses=[settings.TRESORERIE_CNOM_EMAIL],
                tache=tasks.cloture_refus_cnom_envoyer,
                par=par,
            )
    return cloture


# --- the reminders --------------------------------------------------------------------------------------------------


def calendrier_rappels(annee: int) -> list[tuple[str, datetime.date, datetime.date, tuple[str, ...]]]:
    """(step, from, until, closing states in which it is due) of the reminders of the closing of `annee`."""
    en_cours = (StatutCloture.OUVERTE,)
    non_statuee = (StatutCloture.OUVERTE, StatutCloture.ARRETEE)
    return [
        (EtapeRappel.ETATS_1, datetime.date(annee + 1, 1, 15), date_limite_etats(annee), en_cours),
        (EtapeRappel.ETATS_2, datetime.date(annee + 1, 2, 15), date_limite_etats(annee), en_cours),
        (EtapeRappel.APPROBATION, datetime.date(annee + 1, 3, 1), date_limite_approbation(annee), non_statuee),
    ]


def rappel_du(*, date: datetime.date) -> tuple[int, str] | None:
    """The reminder due on `date`, if any: the latest step of the calendar of N = date.year − 1 whose date has
    passed, not past its deadline, while the closing is still in the state that calls for it, and not sent yet. A
    missed day is caught up by the next run (one reminder, the latest due: never two the same day)."""
    annee = date.year - 1
    statut = Cloture.objects.filter(annee=annee).values_list("statut", flat=True).first() or StatutCloture.OUVERTE
    dues = [etape for etape, du, au, etats in calendrier_rappels(annee) if du <= date <= au and statut in etats]
    if not dues:
        return None
    etape = dues[-1]
    if RappelCloture.objects.filter(annee=annee, etape=etape).exists():
        return None
    return annee, etape


def cloture_rappels_executer(*, date: datetime.date, par) -> RappelCloture | None:
    """Send the reminder due on `date` to the trésorier (the one acting that day: the adjoint while he stands in).
    Idempotent: UNIQUE (annee, etape)."""
    exiger(par, "tresorerie.cloture_rappels", date=date)
    du = rappel_du(date=date)
    if du is None:
        return None
    annee, etape = du
    with transaction.atomic():
        verrouiller(f"tresorerie.cloture.{annee}")
        rappel, cree = RappelCloture.objects.get_or_create(annee=annee, etape=etape, defaults={"date": date})
        if not cree:
            return None
        tresorier = fonction_exercee_par(fonction=TypeFonction.TRESORIER, date=date)
        adresses = [tresorier.medecin.email] if tresorier is not None and tresorier.medecin.email else []
        rappel.destinataires = ", ".join(adresses)
        enregistrer(rappel, par=par)
        envois_programmer(
            nature=NatureEnvoi.CLOTURE_RAPPEL,
            objet=rappel,
            adresses=adresses,
            tache=tasks.cloture_rappel_envoyer,
            par=par,
        )
    return rappel
