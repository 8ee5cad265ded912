"""Demo data of the allowances: the current year's responsibility allowances (on the tableau of 1 October of last
year) and a few vacations of council members who hold none of the three indemnified functions, recorded through
the service (its caps apply). Idempotent: a member who already has vacations this year gets none more."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from commun.formats import euros
from gouvernance.models import Membre

from .models import BaremeIndemnites, NatureVacation, Vacation
from .services.indemnites import FONCTIONS_INDEMNISEES, indemnites_fixees, vacation_enregistrer

# (days before today, nature, duration, hours): a commission half-day, a conciliation hour, a long trip.
VACATIONS = (
    (7, NatureVacation.COMMISSION, "demi_journee", None),
    (7, NatureVacation.DEPLACEMENT, "demi_journee", Decimal("3.5")),
    (14, NatureVacation.CONCILIATION, "heure", Decimal("2")),
)


def demo_indemnites(*, today: datetime.date, par) -> str:
    if not BaremeIndemnites.objects.filter(annee=today.year).exists():
        return ""
    fixees = indemnites_fixees(today.year)
    membres = list(
        Membre.objects.filter(date_debut__lte=today - datetime.timedelta(days=30))
        .exclude(fonctions__fonction__in=FONCTIONS_INDEMNISEES)
        .filter(date_fin__isnull=True)
        .order_by("id")[:3]
    )
    ajoutees = 0
    for membre in membres:
        if Vacation.objects.filter(membre=membre, date__year=today.year).exists():
            continue
        for jours, nature, duree, heures in VACATIONS:
            date = today - datetime.timedelta(days=jours)
            if date.year != today.year:
                continue
            try:
                vacation_enregistrer(
                    membre_id=membre.pk, date=date, duree=duree, heures=heures, nature=nature, par=par, today=today
                )
            except ValidationError:
                continue  # a cap of the month (a small demo tableau makes the SG's allowance small): the rule holds
            ajoutees += 1
    return (
        f"Indemnités {today.year} : président {euros(fixees['president'])}, secrétaire général "
        f"{euros(fixees['secretaire_general'])}, trésorier {euros(fixees['tresorier'])} ; "
        f"{ajoutees} vacation(s) ajoutée(s)."
    )
