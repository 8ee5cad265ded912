"""The dues' e-mails, composed when their task runs (the pattern: commun/tasks.py)."""

from commun.courriels import Courriel, corps

from .models import DemandeExoneration


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
