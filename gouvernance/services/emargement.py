"""The attendance register of a session and the absences (seed 002 L.I 4.2)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from commun.services import auteur_historique
from config.perms import exiger
from gouvernance import selectors
from gouvernance.models import (
    TYPES_PLENIERS,
    Absence,
    Emargement,
    Membre,
    Qualite,
    Seance,
    StatutSeance,
)

from ._commun import _d, _enregistrer

# --- attendance -----------------------------------------------------------------------------------------------


def emargement_enregistrer(
    *,
    seance: Seance,
    membre: Membre,
    remplace: Membre | None = None,
    distance: bool = False,
    heure_arrivee: datetime.time | None = None,
    par,
) -> Emargement:
    """Sign the attendance register. A substitute names the prevented titular he replaces (designated by the
    président, in rotation: `selectors.suppleant_suivant`); without one he attends without a vote and outside
    the quorum (seed 002 L.I T.II 1.3.2)."""
    exiger(par, "gouvernance.emargement", objet=seance)
    if not membre.couvre(seance.date):
        raise ValidationError(
            {"membre": f"{membre.medecin.nom_complet} n'est pas membre du conseil le {_d(seance.date)}."}
        )
    with transaction.atomic():
        seance = Seance.objects.select_for_update().get(pk=seance.pk)
        if seance.statut == StatutSeance.CLOSE:
            raise ValidationError({"seance": "La séance est close : le registre d'émargement est arrêté."})
        emargements = {e.membre_id: e for e in Emargement.objects.filter(seance=seance)}
        if membre.pk in emargements:
            raise ValidationError({"membre": f"{membre.medecin.nom_complet} a déjà émargé pour cette séance."})
        remplaces = {e.remplace_id: e for e in emargements.values() if e.remplace_id}
        if membre.qualite == Qualite.TITULAIRE:
            if remplace is not None:
                raise ValidationError({"remplace": "Un membre titulaire siège pour lui-même et ne remplace personne."})
            if membre.pk in remplaces:
                raise ValidationError(
                    {"membre": f"{membre.medecin.nom_complet} est déjà remplacé par un suppléant pour cette séance."}
                )
        elif remplace is not None:
            if seance.type not in TYPES_PLENIERS:
                raise ValidationError({"remplace": "Les suppléants remplacent les titulaires en séance plénière."})
            if remplace.qualite != Qualite.TITULAIRE or not remplace.couvre(seance.date):
                raise ValidationError(
                    {"remplace": "Le membre remplacé doit être un titulaire en fonction à la date de la séance."}
                )
            if remplace.pk in emargements:
                raise ValidationError(
                    {"remplace": f"{remplace.medecin.nom_complet} est présent : il n'y a personne à remplacer."}
                )
            if remplace.pk in remplaces:
                raise ValidationError(
                    {"remplace": f"{remplace.medecin.nom_complet} est déjà remplacé pour cette séance."}
                )
        for absence in Absence.objects.filter(seance=seance, membre=membre):  # he came after all
            auteur_historique(absence, par)
            absence.delete()
        emargement = Emargement(
            seance=seance,
            membre=membre,
            remplace=remplace,
            distance=distance,
            heure_arrivee=heure_arrivee,
            saisi_par=par,
        )
        _enregistrer(emargement, par=par)
    return emargement


def emargement_depart(*, emargement: Emargement, heure: datetime.time, par) -> Emargement:
    """Record that a member left the session: he no longer counts for the quorum checked on request nor among
    the voters of the deliberations that follow (seed 002 L.I 4.2)."""
    exiger(par, "gouvernance.emargement", objet=emargement.seance)
    if emargement.heure_arrivee is not None and heure < emargement.heure_arrivee:
        raise ValidationError(
            {"heure_depart": f"Le départ ne peut précéder l'arrivée ({emargement.heure_arrivee:%H:%M})."}
        )
    emargement.heure_depart = heure
    with transaction.atomic():
        _enregistrer(emargement, par=par, update_fields=["heure_depart"])
    return emargement


def emargement_supprimer(*, emargement: Emargement, par) -> None:
    """Withdraw a signature entered by mistake, while no vote rests on the register (selectors.registre_arrete).
    The history keeps the deleted row and who deleted it."""
    exiger(par, "gouvernance.emargement", objet=emargement.seance)
    with transaction.atomic():
        seance = Seance.objects.select_for_update().get(pk=emargement.seance_id)
        motif = selectors.registre_arrete(seance=seance)
        if motif:
            raise ValidationError({"seance": motif})
        auteur_historique(emargement, par)
        emargement.delete()


def absence_enregistrer(*, seance: Seance, membre: Membre, excusee: bool = True, motif: str = "", par) -> Absence:
    """Record an absence and whether its reason is valid (seed 002 L.I 1.1.1.1: three consecutive absences
    without valid reason may lead to a resignation proposal)."""
    exiger(par, "gouvernance.emargement", objet=seance)
    if not membre.couvre(seance.date):
        raise ValidationError({"membre": f"{membre.medecin.nom_complet} n'est pas membre du conseil à cette date."})
    if Emargement.objects.filter(seance=seance, membre=membre).exists():
        raise ValidationError({"membre": f"{membre.medecin.nom_complet} a émargé : il est présent."})
    with transaction.atomic():
        absence = Absence.objects.filter(seance=seance, membre=membre).first() or Absence(seance=seance, membre=membre)
        absence.excusee = excusee
        absence.motif = (motif or "").strip()
        _enregistrer(absence, par=par)
    return absence
