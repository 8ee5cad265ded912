"""The council's e-mails, composed when their task runs (the pattern: commun/tasks.py): the convocation with its
agenda, the draft minutes with the PDF attached, the copy of an individual decision's notification letter."""

from commun.courriels import Courriel, corps

from . import documents
from .models import Deliberation, Seance


def convocation(seance_id: int) -> Courriel:
    seance = Seance.objects.get(pk=seance_id)
    return Courriel(
        sujet=f"Convocation : {seance}",
        corps=corps("courriels/gouvernance/convocation.txt", {"seance": seance}),
    )


def proces_verbal(seance_id: int) -> Courriel:
    seance = Seance.objects.get(pk=seance_id)
    pdf = documents.proces_verbal_pdf(seance_id=seance_id)
    return Courriel(
        sujet=f"Projet de procès-verbal : {seance}",
        corps=corps("courriels/gouvernance/proces_verbal.txt", {"seance": seance}),
        pieces_jointes=((documents.proces_verbal_nom_fichier(seance), pdf, "application/pdf"),),
    )


def notification(deliberation_id: int) -> Courriel:
    deliberation = Deliberation.objects.select_related("medecin_concerne", "seance").get(pk=deliberation_id)
    pdf = documents.notification_pdf(deliberation_id=deliberation_id)
    return Courriel(
        sujet=f"Notification de la décision n° {deliberation.numero} du conseil départemental",
        corps=corps(
            "courriels/gouvernance/notification.txt",
            {"deliberation": deliberation, "medecin": deliberation.medecin_concerne},
        ),
        pieces_jointes=((documents.notification_nom_fichier(deliberation), pdf, "application/pdf"),),
    )
