"""Demo data of territorial solidarity, for `python manage.py demo` (docs/nouvelle-app.md §7): three priority
places (two in the department, one in Corrèze with its council's address), the printed doctor's validated
application with two days next month (one at the Corrèze place: its council is told), another doctor's application
waiting for verification. Built through the services as the system user; idempotent (a second run adds nothing)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError

from tableau.models import Exercice, Medecin, Statut

from . import services
from .models import ConseilDepartemental, Lieu, Volontaire

LIEUX = (
    ("Centre de santé de Nontron", "5 avenue du Général Leclerc", "24300", "Nontron", None),
    ("Maison de santé de Thiviers", "1 place Foch", "24800", "Thiviers", None),
    ("Maison de santé d'Ussel", "12 rue de la Liberté", "19200", "Ussel", "19"),
)


def _lieux(*, par, today) -> list[Lieu]:
    lieux = []
    for nom, adresse, code_postal, commune, departement in LIEUX:
        lieu = Lieu.objects.filter(nom=nom).first() or services.lieu_enregistrer(
            donnees={
                "nom": nom,
                "adresse": adresse,
                "code_postal": code_postal,
                "commune": commune,
                "departement": departement or settings.CDOM_DEPARTEMENT,
            },
            par=par,
            today=today,
        )
        lieux.append(lieu)
    if not ConseilDepartemental.objects.filter(departement="19").exists():
        services.conseil_enregistrer(
            departement="19",
            nom="Conseil départemental de l'Ordre des médecins de la Corrèze",
            email="cdom19@demo.example",
            par=par,
            today=today,
        )
    return lieux


def _samedis(today: datetime.date) -> list[datetime.date]:
    """The first and third Saturdays of next month."""
    mois = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    premier = mois + datetime.timedelta(days=(5 - mois.weekday()) % 7)
    return [premier, premier + datetime.timedelta(weeks=2)]


def demo_solidarite(*, today: datetime.date, par, volontaire_rpps: str | None = None) -> str:
    lieux = _lieux(par=par, today=today)
    medecin = Medecin.objects.filter(rpps=volontaire_rpps or "", statut=Statut.INSCRIT).first()
    volontaires = 0
    if medecin is not None and not Volontaire.objects.filter(medecin=medecin).exists():
        v = services.volontaire_deposer(
            medecin=medecin,
            lieux=[lieux[0], lieux[2]],
            creneaux_souhaites="Un samedi sur deux, de 9 h à 17 h",
            par=par,
            today=today,
        )
        try:
            services.volontaire_valider(volontaire=v, par=par, today=today)
            for date, lieu in zip(_samedis(today), (lieux[0], lieux[2]), strict=True):
                services.journee_planifier(
                    volontaire=v,
                    lieu=lieu,
                    date=date,
                    debut=datetime.time(9),
                    fin=datetime.time(17),
                    par=par,
                    today=today,
                )
        except ValidationError:
            pass  # a demo doctor whose exercise mode the pilot does not admit: his application stays deposited
        volontaires += 1
    autre = (
        Medecin.objects.filter(statut=Statut.INSCRIT, exercice=Exercice.LIBERAL, volontariats__isnull=True)
        .exclude(pk=getattr(medecin, "pk", None))
        .order_by("rpps")
        .first()
    )
    if autre is not None and not Volontaire.objects.exclude(medecin=medecin).exists():
        services.volontaire_deposer(
            medecin=autre, lieux=[lieux[1]], creneaux_souhaites="Les mardis matin", par=par, today=today
        )
        volontaires += 1
    return (
        f"Solidarité territoriale : {len(lieux)} lieux prioritaires, {volontaires} candidature(s) ajoutée(s) "
        f"({Volontaire.objects.count()} au total), flux iCalendar publics sous /api/solidarite/lieux/<id>/agenda.ics."
    )
