"""Elected members' mandates: binômes, end of a mandate, definitive replacement (seed 002 L.I T.II 1.3)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from commun.services import verrouiller
from config.perms import exiger
from gouvernance import selectors
from gouvernance.models import (
    Membre,
    Qualite,
)
from tableau.models import Statut as StatutMedecin

from ._commun import UN_JOUR, _chevauche, _d, _enregistrer, clore_en_cascade

# --- members and mandates ----------------------------------------------------------------------------------------


def membre_creer(
    *,
    medecin,
    qualite: str,
    date_debut: datetime.date,
    date_fin: datetime.date | None = None,
    binome: int | None = None,
    moitie: int | None = None,
    rang: int | None = None,
    par,
) -> Membre:
    """Record an elected member's mandate (titular or substitute, seed 002 L.I T.II 1.3)."""
    exiger(par, "gouvernance.membre_gerer")
    if medecin.statut != StatutMedecin.INSCRIT:
        raise ValidationError(
            {
                "medecin": f"{medecin.nom_complet} n'est pas inscrit au tableau : seul un médecin inscrit siège au conseil."
            }
        )
    membre = Membre(
        medecin=medecin,
        qualite=qualite,
        date_debut=date_debut,
        date_fin=date_fin,
        binome=binome,
        moitie=moitie,
        rang=rang,
    )
    with transaction.atomic():
        # One mandate at a time per doctor, two members (a woman and a man) per binôme: counts over other rows,
        # taken under one shared lock so that two entries at the same instant cannot both pass.
        verrouiller("gouvernance.mandats")
        if Membre.objects.filter(_chevauche(date_debut, date_fin), medecin=medecin).exists():
            raise ValidationError(
                {"medecin": f"{medecin.nom_complet} a déjà un mandat en cours sur cette période : terminez-le d'abord."}
            )
        if binome is not None:
            _verifier_binome(medecin=medecin, qualite=qualite, binome=binome, date_debut=date_debut, date_fin=date_fin)
        _enregistrer(membre, par=par)
    return membre


def _verifier_binome(*, medecin, qualite: str, binome: int, date_debut, date_fin) -> None:
    """Members are elected by binômes of one woman and one man (code de la santé publique L4123-5; seed 002 L.I
    T.II 1.3: a definitive replacement is of the same sex): a binôme holds two members of the same quality over a
    period, of different sexes."""
    autres = list(
        Membre.objects.filter(_chevauche(date_debut, date_fin), qualite=qualite, binome=binome).select_related(
            "medecin"
        )
    )
    libelle = "titulaires" if qualite == Qualite.TITULAIRE else "suppléants"
    if len(autres) >= 2:
        raise ValidationError({"binome": f"Le binôme {binome} compte déjà deux membres {libelle} sur cette période."})
    if autres and autres[0].medecin.sexe == medecin.sexe:
        sexe = "une femme" if medecin.sexe == "F" else "un homme"
        raise ValidationError(
            {
                "binome": f"Un binôme réunit une femme et un homme : le binôme {libelle} {binome} compte déjà "
                f"{sexe}, {autres[0].medecin.nom_complet}."
            }
        )


def membre_terminer(*, membre: Membre, date_fin: datetime.date, par) -> Membre:
    """End a mandate; the member's functions and the delegations he received end with it."""
    exiger(par, "gouvernance.membre_gerer")
    if date_fin < membre.date_debut:
        raise ValidationError({"date_fin": f"La fin du mandat ne peut précéder son début ({_d(membre.date_debut)})."})
    return clore_en_cascade(
        membre, date_fin, par=par, enfants=(membre.fonctions, membre.delegations_recues, membre.sieges_commission)
    )


def membre_remplacer_definitivement(*, titulaire: Membre, date: datetime.date, par) -> Membre:
    """A titular who leaves for good is replaced by the substitute of the same sex, next in electoral rank among
    the substitutes of the same half (seed 002 L.I T.II 1.3.2). Returns the new titular mandate."""
    exiger(par, "gouvernance.membre_gerer")
    if titulaire.qualite != Qualite.TITULAIRE:
        raise ValidationError({"titulaire": "Seul un membre titulaire est remplacé définitivement par un suppléant."})
    if not titulaire.couvre(date) or date == titulaire.date_debut:
        raise ValidationError({"date": "La date du remplacement doit tomber pendant le mandat du titulaire."})
    with transaction.atomic():
        # Two replacements at once must not take the same substitute: chosen under the mandates' lock, on fresh rows.
        verrouiller("gouvernance.mandats")
        titulaire = Membre.objects.get(pk=titulaire.pk)
        if titulaire.date_fin is not None and titulaire.date_fin < date:
            raise ValidationError({"titulaire": "Ce titulaire a déjà quitté le conseil : son remplacement est fait."})
        suppleant = selectors.suppleant_de_remplacement(titulaire=titulaire, date=date)
        if suppleant is None:
            raise ValidationError(
                {
                    "titulaire": "Aucun suppléant du même sexe et de la même moitié n'est en fonction pour ce remplacement."
                }
            )
        fin_mandat = titulaire.date_fin
        membre_terminer(membre=titulaire, date_fin=date - UN_JOUR, par=par)
        membre_terminer(membre=suppleant, date_fin=date - UN_JOUR, par=par)
        nouveau = Membre(
            medecin=suppleant.medecin,
            qualite=Qualite.TITULAIRE,
            binome=titulaire.binome,
            moitie=titulaire.moitie,
            rang=titulaire.rang,
            date_debut=date,
            date_fin=fin_mandat,
            remplace_definitivement=titulaire,
        )
        _enregistrer(nouveau, par=par)
    return nouveau
