"""The dues' e-mails, composed when their task runs (the pattern: commun/tasks.py): the receipt of a payment, any
mode, with its PDF attached; the council's decision on a hardship exemption request."""

from django.conf import settings

from commun.courriels import Courriel, corps

from . import documents
from .models import DemandeExoneration, Paiement


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


def exoneration_decision(demande_id: int) -> Courriel:
    """The council's decision on a hardship request, to the doctor (his espace shows it too)."""
    demande = DemandeExoneration.objects.select_related("cotisation__medecin", "deliberation__seance", "seance").get(
        pk=demande_id
    )
    return Courriel(
        sujet=f"Votre demande d'exonération de cotisation {demande.numero} : décision du conseil",
        corps=corps(
            "courriels/cotisations/exoneration_decision.txt",
            {"demande": demande, "medecin": demande.cotisation.medecin},
        ),
    )
