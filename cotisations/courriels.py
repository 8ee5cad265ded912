"""The dues' e-mails, composed when their task runs (the pattern: commun/tasks.py): the receipt of a payment, any
mode, with its PDF attached."""

from django.conf import settings

from commun.courriels import Courriel, corps

from . import documents
from .models import Paiement


def recu(paiement_id: int) -> Courriel:
    paiement = Paiement.objects.select_related("cotisation__medecin", "cotisation__societe").get(pk=paiement_id)
    cotisation = paiement.cotisation
    return Courriel(
        sujet=f"Reçu n° {paiement.numero_recu} : cotisation ordinale {cotisation.annee}",
        corps=corps(
            "courriels/cotisations/recu.txt",
            {
                "paiement": paiement,
                "cotisation": cotisation,
                "medecin": cotisation.medecin,
                "societe": cotisation.societe,
                "cdom_nom": settings.CDOM_NOM,
            },
        ),
        pieces_jointes=((documents.nom_recu(paiement), documents.recu_pdf(paiement), "application/pdf"),),
    )
