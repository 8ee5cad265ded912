"""Demo declarations of incidents (issue 13 point 7), for `python manage.py demo`: the secrétaire général (a printed
login) declares a verbal assault in his surgery last week, and a few other doctors of the tableau declare what
gives the observatory's figures of the year something to count. Built through the service as the system user;
idempotent (nothing is done once the demo's declarations exist)."""

import datetime

from gouvernance.models import TypeFonction
from gouvernance.selectors import fonction_titulaire
from tableau.models import Medecin

from . import services
from .models import Incident

CAS = [
    # (days ago, lieu, types, auteur, plainte, main courante, récit)
    (6, "cabinet", ["agression_verbale", "menace"], "patient", False, True,
     "Un patient à qui j'ai refusé une prolongation d'arrêt de travail m'a insulté puis menacé de revenir."),
    (40, "domicile_patient", ["agression_physique"], "proche", True, False,
     "Lors d'une visite, le fils de la patiente m'a bousculé contre la porte et retenu plusieurs minutes."),
    (75, "cabinet", ["vol", "degradation"], "inconnu", True, False,
     "Porte du cabinet forcée pendant la nuit, ordonnancier et ordinateur portable dérobés."),
    (120, "etablissement_sante", ["harcelement"], "autre", False, False,
     "Appels et messages répétés d'une personne extérieure au service après une hospitalisation."),
]  # fmt: skip


def demo_incidents(*, today: datetime.date, par) -> str:
    sg = fonction_titulaire(fonction=TypeFonction.SECRETAIRE_GENERAL, date=today)
    if sg is None:
        return ""
    if Incident.objects.filter(declarant=sg.medecin).exists():
        return "Incidents de violence : déjà déclarés (observatoire de la sécurité, back-office et espace)."
    autres = list(Medecin.objects.exclude(pk=sg.medecin_id).filter(statut="inscrit").order_by("id")[: len(CAS) - 1])
    for (jours, lieu, types, auteur, plainte, main_courante, recit), medecin in zip(
        CAS, [sg.medecin, *autres], strict=False
    ):
        services.incident_declarer(
            medecin=medecin,
            date=max(today - datetime.timedelta(days=jours), datetime.date(today.year, 1, 1)),
            commune=medecin.ville_professionnelle or "Périgueux",
            lieu=lieu,
            types=types,
            auteur=auteur,
            plainte_deposee=plainte,
            main_courante=main_courante,
            description=recit,
            par=par,
            today=today,
        )
    return (
        f"Incidents de violence : {min(len(CAS), 1 + len(autres))} déclarations de l'année, dont une du secrétaire "
        "général (son espace, « Incidents de violence ») ; le référent sécurité et le service juridique sont avertis."
    )
