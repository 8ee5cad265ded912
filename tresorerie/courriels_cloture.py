"""The year-end's e-mails, composed when their task runs (commun/tasks.py): the reminder to the trésorier, the
CNOM told of accounts not approved or quitus refused."""

from django.conf import settings

from commun.courriels import Courriel, corps

from .models import Cloture, EtapeRappel, RappelCloture


def rappel(rappel_id: int) -> Courriel:
    from .services.cloture import date_limite_approbation, date_limite_etats

    r = RappelCloture.objects.get(pk=rappel_id)
    approbation = r.etape == EtapeRappel.APPROBATION
    return Courriel(
        sujet=(
            f"Comptes {r.annee} : approbation et quitus en plénière avant le {date_limite_approbation(r.annee):%d/%m/%Y}"
            if approbation
            else f"États financiers {r.annee} à établir avant le {date_limite_etats(r.annee):%d/%m/%Y}"
        ),
        corps=corps(
            "courriels/tresorerie/cloture_rappel.txt",
            {
                "rappel": r,
                "approbation": approbation,
                "limite_etats": date_limite_etats(r.annee),
                "limite_approbation": date_limite_approbation(r.annee),
                "cdom_nom": settings.CDOM_NOM,
            },
        ),
    )


def refus_cnom(cloture_id: int) -> Courriel:
    cloture = Cloture.objects.select_related("deliberation__seance").get(pk=cloture_id)
    return Courriel(
        sujet=f"{settings.CDOM_NOM} : comptes {cloture.annee} non approuvés ou quitus refusé au trésorier",
        corps=corps("courriels/tresorerie/cloture_refus_cnom.txt", {"cloture": cloture, "cdom_nom": settings.CDOM_NOM}),
    )
