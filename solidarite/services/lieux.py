"""The priority places and the addresses of the other councils."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from commun.services import enregistrer
from config.perms import exiger

from ..models import ConseilDepartemental, Lieu

CHAMPS_LIEU = ("nom", "adresse", "code_postal", "commune", "departement", "fuseau_horaire", "actif")


def lieu_enregistrer(*, donnees: dict, lieu: Lieu | None = None, par, today: datetime.date) -> Lieu:
    """Create a place (`lieu` None) or correct one with `donnees` (its fields among CHAMPS_LIEU)."""
    exiger(par, "solidarite.lieu_modifier" if lieu else "solidarite.lieu_enregistrer", objet=lieu, date=today)
    inconnus = sorted(set(donnees) - set(CHAMPS_LIEU))
    if inconnus:
        raise ValidationError({champ: "Ce champ ne peut pas être modifié ici." for champ in inconnus})
    with transaction.atomic():
        lieu = Lieu.objects.select_for_update().get(pk=lieu.pk) if lieu else Lieu()
        for champ, valeur in donnees.items():
            setattr(lieu, champ, valeur)
        return enregistrer(lieu, par=par)


def conseil_enregistrer(*, departement: str, nom: str, email: str, par, today: datetime.date):
    exiger(par, "solidarite.conseil_enregistrer", date=today)
    with transaction.atomic():
        conseil = ConseilDepartemental.objects.select_for_update().filter(departement=departement).first()
        conseil = conseil or ConseilDepartemental(departement=departement)
        conseil.nom, conseil.email = nom, email
        return enregistrer(conseil, par=par)
