"""Declarations of interests of the elected members."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from config.perms import exiger
from gouvernance.models import (
    ActivitePrincipale,
    DeclarationInterets,
    Membre,
)

from ._commun import _enregistrer

# --- declarations of interests -------------------------------------------------------------------------------------

CHAMPS_DECLARATION = (
    "activite_principale",
    "activite_principale_precision",
    "mandats_ordinaux",
    "fonctions_assesseur",
    "autres_fonctions_electives",
    "activites_remunerees",
    "liens_parente",
    "certifie_exact",
    "fait_a",
    "date",
    "attestation_signee",
    "attestation_signee_le",
)
LISTES_DECLARATION = ("mandats_ordinaux", "fonctions_assesseur", "activites_remunerees", "liens_parente")


def declaration_interets_deposer(*, membre: Membre, donnees: dict, par, today: datetime.date) -> DeclarationInterets:
    """File a new version of the member's declaration of interests (seed 002 L.I 1.1.3 and annex): each change
    adds a version, the latest is the current and published one."""
    exiger(par, "gouvernance.declaration_deposer", objet=membre, date=today)
    inconnus = sorted(set(donnees) - set(CHAMPS_DECLARATION))
    if inconnus:
        raise ValidationError({c: "Champ inconnu de la déclaration d'intérêts." for c in inconnus})
    erreurs = {}
    for champ in LISTES_DECLARATION:
        valeur = donnees.get(champ, [])
        if not isinstance(valeur, list) or not all(isinstance(x, dict) for x in valeur):
            erreurs[champ] = "Une liste de lignes est attendue."
    if donnees.get("activite_principale", "") not in ("", *ActivitePrincipale.values):
        erreurs["activite_principale"] = "Activité principale inconnue."
    if not donnees.get("certifie_exact"):
        erreurs["certifie_exact"] = "Vous devez certifier l'exactitude des renseignements fournis."
    if erreurs:
        raise ValidationError(erreurs)
    donnees = dict(donnees)
    donnees.setdefault("date", today)
    if donnees.get("attestation_signee") and not donnees.get("attestation_signee_le"):
        donnees["attestation_signee_le"] = today
    with transaction.atomic():
        Membre.objects.select_for_update().filter(pk=membre.pk).first()
        version = (DeclarationInterets.objects.filter(membre=membre).aggregate(m=Max("version"))["m"] or 0) + 1
        declaration = DeclarationInterets(membre=membre, version=version, deposee_par=par, **donnees)
        _enregistrer(declaration, par=par)
    return declaration
