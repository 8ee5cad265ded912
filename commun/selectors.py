"""Reads of the shared kit: the rows of the e-mail sends."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from .models import Envoi, EtatEnvoi


def envois_de(*, objet, nature: str | None = None) -> QuerySet:
    """The sends about one object (of one nature), the latest first."""
    qs = Envoi.objects.filter(type_objet=ContentType.objects.get_for_model(objet), objet_id=objet.pk)
    if nature is not None:
        qs = qs.filter(nature=nature)
    return qs


def envois_en_attente(*, objet, nature: str) -> bool:
    """Whether a send about this object is programmed and not yet done (neither sent nor given up)."""
    return envois_de(objet=objet, nature=nature).filter(etat=EtatEnvoi.A_ENVOYER).exists()


def envois_visibles(user) -> QuerySet:
    """The sends a staff member may see in the admin: those about objects of a model he may view."""
    qs = Envoi.objects.select_related("type_objet", "demande_par")
    if user.is_superuser:
        return qs
    types = [
        ct.pk
        for ct in ContentType.objects.filter(pk__in=qs.values("type_objet").distinct())
        if user.has_perm(f"{ct.app_label}.view_{ct.model}")
    ]
    return qs.filter(type_objet__in=types)
