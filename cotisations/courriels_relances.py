"""The e-mail copy of a reminder letter (the letter itself, as PDF, attached); composed in the task, once per
letter. The registered letters still go on paper: the e-mail is a copy, and says so."""

from commun.courriels import Courriel, corps

from . import documents_relances
from .models import Relance


def relance(relance_id: int) -> Courriel:
    lettre = Relance.objects.select_related("cotisation__medecin", "cotisation__societe").get(pk=relance_id)
    contexte = documents_relances.contexte_lettre(lettre)
    return Courriel(
        sujet=f"Cotisation {lettre.cotisation.annee} impayée : {lettre.get_etape_display()}",
        corps=corps("courriels/cotisations/relance.txt", contexte),
        pieces_jointes=(
            (documents_relances.nom_relance(lettre), documents_relances.relance_pdf(lettre), "application/pdf"),
        ),
    )
