"""The entraide's e-mails to the commission nationale, composed when their task runs (commun/tasks.py): the report
of an aid granted, its PDF attached (the body names no doctor)."""

from django.conf import settings

from commun.courriels import Courriel, corps

from . import documents
from .models import Aide


def signalement_cnom(aide_id: int) -> Courriel:
    aide = Aide.objects.select_related("demande__medecin").get(pk=aide_id)
    return Courriel(
        sujet=f"{settings.CDOM_NOM} : aide d'entraide accordée, dossier {aide.demande.numero}",
        corps=corps("courriels/entraide/signalement_cnom.txt", {"aide": aide, "cdom_nom": settings.CDOM_NOM}),
        pieces_jointes=(
            (documents.signalement_cnom_nom(aide), documents.signalement_cnom_pdf(aide), "application/pdf"),
        ),
    )
