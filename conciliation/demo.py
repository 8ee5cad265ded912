"""The conciliation's part of `python manage.py demo` (conc-noyau): a conciliation commission of three members if
the council's demo has none, and three files at different stages — a complaint whose conciliators are designated,
a complaint whose meeting failed (to transmit), a grievance just registered. Built through the services as the
system user; idempotent: nothing is done once a file exists, nor without a council."""

import datetime

from conciliation import services
from conciliation.models import Plainte


def _commission(*, today: datetime.date, par):
    from gouvernance import selectors as gouvernance
    from gouvernance import services as gouvernance_services
    from gouvernance.models import Commission, Membre, NatureCommission
    from gouvernance.selectors import couvre

    debut = today - datetime.timedelta(days=365)
    commission = Commission.objects.filter(couvre(debut), nature=NatureCommission.CONCILIATION).first()
    if commission is None:
        elus = list(Membre.objects.filter(couvre(debut)).order_by("-qualite", "id")[2:5])
        if len(elus) < 3:
            return None, []
        commission = gouvernance_services.commission_creer(
            nature=NatureCommission.CONCILIATION, date_debut=debut, par=par
        )
        for membre in elus:
            gouvernance_services.commission_membre_elire(
                commission=commission, membre=membre, date_debut=debut, par=par
            )
    (ligne,) = gouvernance.commissions_composition(date=today, commissions=Commission.objects.filter(pk=commission.pk))
    siegent = [c["membre"] for c in ligne["composition"] if c["qualite"] == "elu"]
    return commission, siegent


def demo_conciliation(*, today: datetime.date, par) -> str:
    from gouvernance.models import Membre
    from tableau.models import Medecin, Statut

    if Plainte.objects.exists():
        return f"Conciliation : {Plainte.objects.count()} dossier(s) déjà présent(s)."
    commission, siegent = _commission(today=today, par=par)
    if commission is None or len(siegent) < 2:
        return ""
    mis_en_cause = list(
        Medecin.objects.filter(statut=Statut.INSCRIT, user__isnull=True)
        .exclude(pk__in=Membre.objects.values("medecin_id"))
        .order_by("rpps")[:3]
    )
    if len(mis_en_cause) < 3:
        return ""
    jour = datetime.timedelta(days=1)

    t0 = today - 10 * jour
    designee = services.plainte_enregistrer(
        nature="plainte",
        medecin=mis_en_cause[0],
        plaignant_nom="Mme Claire Fontaine",
        plaignant_qualite="patient",
        plaignant_email="claire.fontaine@patients.example",
        plaignant_adresse="4 place du Marché\n24000 Périgueux",
        objet="Refus de communiquer le dossier médical après une consultation.",
        date_enregistrement=t0,
        par=par,
        today=t0,
    )
    services.conciliateurs_designer(
        plainte_id=designee.pk, membres=[m.pk for m in siegent[:2]], par=par, today=t0 + 3 * jour
    )

    t0 = today - 50 * jour
    echec = services.plainte_enregistrer(
        nature="plainte",
        medecin=mis_en_cause[1],
        plaignant_nom="M. Paul Roche",
        plaignant_qualite="proche",
        objet="Propos déplacés tenus à la famille lors d'une visite à domicile.",
        date_enregistrement=t0,
        par=par,
        today=t0,
    )
    services.conciliateurs_designer(
        plainte_id=echec.pk, membres=[m.pk for m in siegent[:2]], par=par, today=t0 + 2 * jour
    )
    reunion = services.reunion_fixer(
        plainte_id=echec.pk,
        date=t0 + 24 * jour,
        heure=datetime.time(14, 30),
        lieu="Siège du conseil départemental, salle de conciliation",
        par=par,
        today=t0 + 3 * jour,
    )
    services.proces_verbal_etablir(
        reunion_id=reunion.pk,
        issue="echec",
        desaccords="Le médecin conteste les propos rapportés ; la famille maintient sa plainte.",
        par=par,
        today=t0 + 24 * jour,
    )

    t0 = today - 4 * jour
    services.plainte_enregistrer(
        nature="doleance",
        medecin=mis_en_cause[2],
        plaignant_nom="Mme Aline Perrier",
        plaignant_qualite="patient",
        objet="Délais de rendez-vous jugés excessifs et secrétariat injoignable.",
        date_enregistrement=t0,
        par=par,
        today=t0,
    )
    return (
        "Conciliation : 3 dossiers (une plainte aux conciliateurs désignés, une plainte à transmettre après l'échec "
        "de la conciliation, une doléance à requalifier ou classer), lus par le service juridique, le président "
        "et la commission de conciliation."
    )
