"""The register's e-mails, composed when their task runs (the pattern: commun/tasks.py): the notice to staff of a
declaration of lost or stolen prescription pads, and the doctor's receipt."""

from django.conf import settings
from django.urls import reverse

from commun.courriels import Courriel, corps

from .models import DeclarationPerteOrdonnances


def _declaration(declaration_id: int) -> DeclarationPerteOrdonnances:
    return DeclarationPerteOrdonnances.objects.select_related("medecin", "declaree_par").get(pk=declaration_id)


def perte_ordonnances_avis(declaration_id: int) -> Courriel:
    d = _declaration(declaration_id)
    lien = settings.SITE_URL.rstrip("/") + reverse("admin:tableau_declarationperteordonnances_change", args=[d.pk])
    par_le_medecin = d.declaree_par_id is not None and d.declaree_par_id == d.medecin.user_id
    return Courriel(
        sujet=f"Déclaration de {d.get_nature_display().lower()} d'ordonnances : Dr {d.medecin.nom_complet} "
        f"(RPPS {d.medecin.rpps})",
        corps=corps(
            "courriels/tableau/perte_ordonnances_avis.txt",
            {"d": d, "medecin": d.medecin, "lien": lien, "par_le_medecin": par_le_medecin},
        ),
    )


def perte_ordonnances_accuse(declaration_id: int) -> Courriel:
    d = _declaration(declaration_id)
    return Courriel(
        sujet=f"Accusé de réception : déclaration de {d.get_nature_display().lower()} d'ordonnances",
        corps=corps(
            "courriels/tableau/perte_ordonnances_accuse.txt",
            {"d": d, "medecin": d.medecin, "cdom_nom": settings.CDOM_NOM},
        ),
    )
