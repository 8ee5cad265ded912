"""The e-mails of territorial solidarity, composed when their task runs: the notice to the council of a wished
place in another department that a volunteer of this council was validated (seed 004: « le CDOM du lieu de
solidarité est notifié par mail »)."""

from django.conf import settings

from commun.courriels import Courriel, corps

from .models import Volontaire


def volontaire_valide(volontaire_id: int) -> Courriel:
    v = Volontaire.objects.select_related("medecin").get(pk=volontaire_id)
    lieux = [lieu for lieu in v.lieux.order_by("departement", "nom") if lieu.departement != settings.CDOM_DEPARTEMENT]
    return Courriel(
        sujet=f"Solidarité territoriale : le Dr {v.medecin.nom_complet} (RPPS {v.medecin.rpps}) est volontaire",
        corps=corps(
            "courriels/solidarite/volontaire_valide.txt",
            {"v": v, "medecin": v.medecin, "lieux": lieux, "cdom_nom": settings.CDOM_NOM},
        ),
    )
