"""The référent entraide the council designates while it has no entraide commission (seed 002 L.II T.V 2: "un
conseiller référent qui ne peut être le trésorier")."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from commun.periodes import chevauche_q
from commun.services import enregistrer, verrouiller
from config.perms import exiger
from entraide.models import ReferentEntraide


def referent_designer(
    *,
    membre,
    date_debut: datetime.date,
    date_fin: datetime.date | None = None,
    deliberation=None,
    par,
    today: datetime.date,
) -> ReferentEntraide:
    from gouvernance import selectors as gouvernance
    from gouvernance.models import TypeFonction

    exiger(par, "entraide.referent_designer", date=today)
    erreurs = {}
    if date_fin is not None and date_fin < date_debut:
        erreurs["date_fin"] = ["La désignation ne peut finir avant de commencer."]
    elif not membre.couvre(date_debut):
        erreurs["membre"] = [f"{membre} n'est pas membre du conseil le {date_debut:%d/%m/%Y}."]
    elif TypeFonction.TRESORIER in gouvernance.roles_de(
        medecin=membre.medecin, date=date_debut, parmi={TypeFonction.TRESORIER}
    ):
        erreurs["membre"] = [
            f"{membre} est trésorier le {date_debut:%d/%m/%Y} : le référent entraide ne peut être le trésorier "
            "(Livre II, titre V du règlement intérieur). Désignez un autre conseiller."
        ]
    if erreurs:
        raise ValidationError(erreurs)
    with transaction.atomic():
        verrouiller("entraide.referent")
        if ReferentEntraide.objects.filter(chevauche_q(date_debut, date_fin)).exists():
            raise ValidationError(
                {"date_debut": ["Un référent entraide est déjà désigné sur cette période : clôturez sa désignation."]}
            )
        referent = ReferentEntraide(membre=membre, date_debut=date_debut, date_fin=date_fin, deliberation=deliberation)
        enregistrer(referent, par=par)
    return referent


def referent_clore(*, referent: ReferentEntraide, date_fin: datetime.date | None, par, today: datetime.date):
    """End (or reopen) a designation: its end date only."""
    exiger(par, "entraide.referent_designer", objet=referent, date=today)
    if date_fin is not None and date_fin < referent.date_debut:
        raise ValidationError({"date_fin": ["La désignation ne peut finir avant de commencer."]})
    referent.date_fin = date_fin
    enregistrer(referent, par=par)
    return referent
