"""The legal clock's reminders (L4123-2 CSP: conciliation within 1 month of t0, transmission within 3 months): what
beat runs every morning (conciliation.echeances_rappels_du_jour)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commun.models import NatureEnvoi
from commun.services import enregistrer, envois_programmer
from config.perms import exiger

from .. import tasks
from ..models import Plainte, RappelEcheance
from ..selectors import echeances_proches, parametres_conciliation


def echeances_rappeler(*, date: datetime.date, par) -> list[RappelEcheance]:
    """E-mail the legal service once per file and deadline falling within the parameter's days of `date` (or
    already passed: a missed day is caught up). The RappelEcheance row's uniqueness constraint (file, deadline
    type, date) is the guard: a re-run, or two runs at once, send nothing twice. Returns the reminders created."""
    exiger(par, "conciliation.echeances_rappeler", date=date)
    parametre = parametres_conciliation()
    lignes = echeances_proches(Plainte.objects.all(), date=date, jours=parametre.delai_rappel_jours)
    deja = set(
        RappelEcheance.objects.filter(plainte__in=[ligne["plainte"].pk for ligne in lignes]).values_list(
            "plainte_id", "type", "echeance"
        )
    )
    crees = []
    for ligne in lignes:
        plainte = ligne["plainte"]
        if (plainte.pk, ligne["type"], ligne["echeance"]) in deja:
            continue
        try:
            with transaction.atomic():
                rappel = enregistrer(
                    RappelEcheance(plainte=plainte, type=ligne["type"], echeance=ligne["echeance"], programme_le=date),
                    par=par,
                )
                envois_programmer(
                    nature=NatureEnvoi.CONCILIATION_RAPPEL_ECHEANCE,
                    objet=rappel,
                    adresses=[parametre.courriel_service_juridique],
                    tache=tasks.rappel_echeance_envoyer,
                    par=par,
                )
        except (IntegrityError, ValidationError):  # another run wrote it meanwhile: its e-mail is programmed
            continue
        crees.append(rappel)
    return crees


CHAMPS_PARAMETRES = (
    "delai_rappel_jours",
    "courriel_service_juridique",
    "chambre_disciplinaire",
    "courriel_chambre_disciplinaire",
)


def parametres_enregistrer(*, donnees: dict, par, today: datetime.date):
    """Correct the conciliation's parameters (the admin), history kept with its author."""
    exiger(par, "conciliation.parametres_enregistrer", date=today)
    inconnus = sorted(set(donnees) - set(CHAMPS_PARAMETRES))
    if inconnus:
        raise ValidationError({champ: "Ce champ ne peut pas être modifié ici." for champ in inconnus})
    with transaction.atomic():
        parametre = parametres_conciliation()
        parametre = type(parametre).objects.select_for_update().get(pk=parametre.pk)
        for champ, valeur in donnees.items():
            setattr(parametre, champ, valeur)
        return enregistrer(parametre, par=par)
