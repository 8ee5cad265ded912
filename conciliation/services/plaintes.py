"""Registering a complaint, a grievance or a report (t0) — the start of the legal clock."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from commun.services import enregistrer, verrouiller
from conciliation.models import NaturePlainte, Plainte, StatutPlainte
from config.perms import exiger


def numero_suivant(annee: int) -> str:
    """« PL-2026-0007 »: numbered by registration year, under the lock the caller holds."""
    n = Plainte.objects.filter(numero__startswith=f"PL-{annee}-").count() + 1
    return f"PL-{annee}-{n:04d}"


def plainte_enregistrer(
    *,
    nature: str,
    medecin,
    plaignant_nom: str,
    plaignant_qualite: str,
    objet: str,
    plaignant_email: str = "",
    plaignant_adresse: str = "",
    date_enregistrement: datetime.date | None = None,
    recue_le: datetime.date | None = None,
    par,
    today: datetime.date,
) -> Plainte:
    exiger(par, "conciliation.plainte_enregistrer", date=today)
    t0 = date_enregistrement or today
    if t0 > today:
        raise ValidationError({"date_enregistrement": ["La date d'enregistrement ne peut pas être dans le futur."]})
    if not (objet or "").strip():
        raise ValidationError({"objet": ["Indiquez l'objet de la plainte : ce qui est reproché au médecin."]})
    with transaction.atomic():
        verrouiller(f"conciliation.numero.{t0.year}")
        plainte = Plainte(
            numero=numero_suivant(t0.year),
            nature=nature,
            nature_initiale=nature,
            medecin=medecin,
            plaignant_nom=plaignant_nom,
            plaignant_qualite=plaignant_qualite,
            plaignant_email=plaignant_email or "",
            plaignant_adresse=plaignant_adresse or "",
            objet=objet,
            recue_le=recue_le or t0,
            date_enregistrement=t0,
            statut=StatutPlainte.ENREGISTREE,
            enregistree_par=par,
        )
        enregistrer(plainte, par=par)
    return plainte


__all__ = ["NaturePlainte", "numero_suivant", "plainte_enregistrer"]
