"""The daily allowance (issue 13 point 5; seed 004: 200 EUR a day worked, on top of the fees; paper form during the
pilot): a yearly parameter, the month's figures per doctor, the monthly statement, the payment that locks its
days."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count

from commun.services import enregistrer, verrouiller
from config.perms import exiger
from tableau.models import Medecin

from ..models import Journee, PaiementIndemnite, ParametreIndemnite, StatutJournee
from .journees import _mois


def parametre_indemnite_enregistrer(*, annee: int, montant_journalier: Decimal, par, today: datetime.date):
    exiger(par, "solidarite.parametre_enregistrer", date=today)
    if montant_journalier is None or montant_journalier < 0:
        raise ValidationError({"montant_journalier": "L'indemnité journalière est un montant positif ou nul."})
    with transaction.atomic():
        ligne = ParametreIndemnite.objects.select_for_update().filter(annee=annee).first()
        ligne = ligne or ParametreIndemnite(annee=annee)
        ligne.montant_journalier = montant_journalier
        return enregistrer(ligne, par=par)


def montant_journalier(annee: int) -> Decimal:
    """The allowance of `annee`: its row, else the last year's before it (a scale holds until a new one)."""
    ligne = ParametreIndemnite.objects.filter(annee__lte=annee).order_by("-annee").first()
    if ligne is None:
        raise ValidationError(
            {"mois": f"Aucun barème de l'indemnité journalière pour {annee} : enregistrez-le dans le back-office."}
        )
    return ligne.montant_journalier


def _premier(mois: datetime.date) -> datetime.date:
    return mois.replace(day=1)


def _effectuees(mois: datetime.date):
    return Journee.objects.filter(statut=StatutJournee.EFFECTUEE, date__year=mois.year, date__month=mois.month)


def indemnites_du_mois(*, mois: datetime.date, par, today: datetime.date) -> list[dict]:
    """`[{"medecin", "jours", "montant"}]`: the days worked in the month times the year's daily allowance."""
    exiger(par, "solidarite.indemnites_consulter", date=today)
    taux = montant_journalier(mois.year)
    lignes = _effectuees(mois).values("medecin").annotate(jours=Count("id")).order_by("medecin")
    return [
        {"medecin": ligne["medecin"], "jours": ligne["jours"], "montant": taux * ligne["jours"]} for ligne in lignes
    ]


def releve_mensuel(*, medecin: Medecin, mois: datetime.date, par, today: datetime.date) -> dict:
    """The monthly statement of one doctor, for the pilot's paper form: each day worked, the rate, the total."""
    exiger(par, "solidarite.indemnites_consulter", date=today)
    mois = _premier(mois)
    taux = montant_journalier(mois.year)
    journees = list(_effectuees(mois).filter(medecin=medecin).select_related("lieu", "paiement").order_by("date"))
    return {
        "medecin": medecin,
        "mois": mois,
        "libelle_mois": _mois(mois),
        "taux": taux,
        "journees": journees,
        "jours": len(journees),
        "total": taux * len(journees),
        "payees": sum(1 for j in journees if j.paiement_id),
    }


def indemnites_payer(
    *, medecin: Medecin, mois: datetime.date, date_paiement: datetime.date, par, today: datetime.date
) -> PaiementIndemnite:
    """Record the payment of the doctor's days worked and not yet paid in the month: they are then locked."""
    exiger(par, "solidarite.indemnites_payer", date=today)
    mois = _premier(mois)
    with transaction.atomic():
        verrouiller(f"solidarite.journees.{medecin.pk}.{mois:%Y-%m}")
        journees = list(_effectuees(mois).filter(medecin=medecin, paiement__isnull=True).select_for_update())
        if not journees:
            raise ValidationError(
                {"mois": f"Aucune journée effectuée et non payée du Dr {medecin.nom_complet} en {_mois(mois)}."}
            )
        taux = montant_journalier(mois.year)
        paiement = enregistrer(
            PaiementIndemnite(
                medecin=medecin,
                mois=mois,
                jours=len(journees),
                montant=taux * len(journees),
                date_paiement=date_paiement,
                par=par,
            ),
            par=par,
        )
        for journee in journees:
            journee.paiement = paiement
            enregistrer(journee, par=par, update_fields=["paiement", "modifiee_le"])
    return paiement
