"""The budget's e-mails (commun/courriels.py): the reminder of the CNOM deadline to the SG and the trésorier."""

from django.conf import settings

from commun.courriels import Courriel, corps

from .models import Budget, ParametreBudget
from .selectors import date_limite_cnom


def rappel_budget_cnom(parametre_id: int) -> Courriel:
    parametre = ParametreBudget.objects.get(pk=parametre_id)
    budget = Budget.objects.filter(annee=parametre.annee).first()
    return Courriel(
        sujet=f"Budget prévisionnel {parametre.annee} : à transmettre au conseil national avant le "
        f"{date_limite_cnom(parametre.annee):%d/%m/%Y}",
        corps=corps(
            "courriels/tresorerie/rappel_budget_cnom.txt",
            {
                "annee": parametre.annee,
                "limite": date_limite_cnom(parametre.annee),
                "budget": budget,
                "cdom_nom": settings.CDOM_NOM,
            },
        ),
    )
