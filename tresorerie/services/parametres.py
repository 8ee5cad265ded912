"""The trésorerie's data tables edited in the admin: the accounting plan and every yearly parameter table (the
allowance scales, the mileage scale, the thresholds…). One service writes them all, so each edit is checked by
the permission helper and kept in the history with its author."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from commun.services import enregistrer
from config.perms import exiger

from ..models import CompteComptable

CHAMPS_COMPTE = ("numero", "libelle", "nature", "budgetaire", "actif")


def parametre_enregistrer(*, modele, cle: dict, donnees: dict, champs, acte: str, par, today: datetime.date):
    """Create or correct the row of `modele` found by `cle` (e.g. `{"annee": 2027}`) with `donnees`, limited to
    `champs`; `acte` is the permission helper's act (`"tresorerie.parametres_enregistrer"`)."""
    exiger(par, acte, date=today)
    inconnus = sorted(set(donnees) - set(champs))
    if inconnus:
        raise ValidationError({champ: "Ce champ ne peut pas être modifié ici." for champ in inconnus})
    with transaction.atomic():
        objet = modele.objects.select_for_update().filter(**cle).first() or modele(**cle)
        for champ, valeur in donnees.items():
            setattr(objet, champ, valeur)
        return enregistrer(objet, par=par)


def compte_enregistrer(*, numero: str, donnees: dict, par, today: datetime.date) -> CompteComptable:
    """Add or correct an account of the plan (an adaptation needs the CNOM's prior agreement: seed 002 L.II T.I 2.5)."""
    return parametre_enregistrer(
        modele=CompteComptable,
        cle={"numero": numero},
        donnees={k: v for k, v in donnees.items() if k != "numero"},
        champs=CHAMPS_COMPTE,
        acte="tresorerie.parametres_enregistrer",
        par=par,
        today=today,
    )
