"""Commissions and their seats (seed 002 L.I T.II 5.1)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from config.perms import exiger
from gouvernance import selectors
from gouvernance.models import (
    Commission,
    Deliberation,
    Membre,
    NatureCommission,
    Qualite,
    RoleCommission,
    SiegeCommission,
    TypeFonction,
)

from ._commun import _chevauche, _d, _enregistrer, clore, clore_en_cascade

# --- commissions ---------------------------------------------------------------------------------------------------

# One commission of each statutory nature at a time (seed 002 L.I T.II 5.1.1 and 5.1.2).
NATURES_UNIQUES = frozenset(
    {
        NatureCommission.CONCILIATION,
        NatureCommission.ENTRAIDE,
        NatureCommission.ETUDE_CONTRATS,
        NatureCommission.VIGILANCE,
    }
)
# The member who sits by right through a role elected in the commission, and the commission where it exists.
ROLES_DE_COMMISSION = {
    RoleCommission.DELEGUE_ENTRAIDE: NatureCommission.ENTRAIDE,
    RoleCommission.REFERENT_SECURITE: NatureCommission.VIGILANCE,
}


def commission_creer(
    *,
    nature: str,
    date_debut: datetime.date,
    nom: str = "",
    gestionnaire: Membre | None = None,
    deliberation: Deliberation | None = None,
    par,
) -> Commission:
    """Create a commission of the council. The président may entrust its management to a titular member
    (seed 002 L.I T.II 5.1)."""
    exiger(par, "gouvernance.commission_gerer")
    if nature not in NatureCommission.values:
        raise ValidationError({"nature": f"Nature de commission inconnue : « {nature} »."})
    nom = (nom or "").strip() or (NatureCommission(nature).label if nature != NatureCommission.AUTRE else "")
    if not nom:
        raise ValidationError({"nom": "Nommez la commission (par exemple « Commission de la permanence des soins »)."})
    if gestionnaire is not None and not (gestionnaire.qualite == Qualite.TITULAIRE and gestionnaire.couvre(date_debut)):
        raise ValidationError(
            {"gestionnaire": "La gestion d'une commission est confiée à un membre titulaire du conseil en fonction."}
        )
    commission = Commission(
        nature=nature, nom=nom, gestionnaire=gestionnaire, date_debut=date_debut, deliberation=deliberation
    )
    with transaction.atomic():
        if nature in NATURES_UNIQUES:
            existante = Commission.objects.filter(_chevauche(date_debut, None), nature=nature).first()
            if existante is not None:
                raise ValidationError(
                    {"nature": f"La {existante.nom.lower()} existe déjà depuis le {_d(existante.date_debut)}."}
                )
        _enregistrer(commission, par=par)
    return commission


def commission_supprimer(*, commission: Commission, date_fin: datetime.date, par) -> Commission:
    """The council dissolves a commission: it and its members' seats end on `date_fin`."""
    exiger(par, "gouvernance.commission_gerer")
    if date_fin < commission.date_debut:
        raise ValidationError({"date_fin": f"La commission a été créée le {_d(commission.date_debut)}."})
    return clore_en_cascade(commission, date_fin, par=par, enfants=(commission.sieges,))


def commission_membre_elire(
    *,
    commission: Commission,
    membre: Membre,
    date_debut: datetime.date,
    role: str = RoleCommission.MEMBRE,
    deliberation: Deliberation | None = None,
    par,
) -> SiegeCommission:
    """Record a member elected to a commission by the council, among the titular and substitute members (seed 002
    L.I T.II 5.1). The délégué à l'entraide is elected among the titulars; the trésorier only attends the entraide
    commission with an advisory voice and cannot be one of its members."""
    exiger(par, "gouvernance.commission_gerer")
    if role not in RoleCommission.values:
        raise ValidationError({"role": f"Rôle inconnu : « {role} »."})
    if not commission.couvre(date_debut):
        raise ValidationError({"commission": f"La {commission.nom.lower()} n'existe pas le {_d(date_debut)}."})
    if not membre.couvre(date_debut):
        raise ValidationError(
            {"membre": f"{membre.medecin.nom_complet} n'est pas membre du conseil le {_d(date_debut)}."}
        )
    nature_du_role = ROLES_DE_COMMISSION.get(role)
    if nature_du_role is not None and commission.nature != nature_du_role:
        raise ValidationError(
            {
                "role": f"Le {RoleCommission(role).label.lower()} siège à la {NatureCommission(nature_du_role).label.lower()}."
            }
        )
    if role == RoleCommission.DELEGUE_ENTRAIDE and membre.qualite != Qualite.TITULAIRE:
        raise ValidationError(
            {"membre": "Le délégué départemental à l'entraide est élu parmi les membres titulaires du conseil."}
        )
    if commission.nature == NatureCommission.ENTRAIDE and selectors.exerce(
        membre=membre, fonction=TypeFonction.TRESORIER, date=date_debut
    ):
        raise ValidationError(
            {
                "membre": f"{membre.medecin.nom_complet} est trésorier : il peut assister la commission d'entraide avec "
                "simple voix consultative, sans en être membre (règlement intérieur, titre II, 5.1.1)."
            }
        )
    siege = SiegeCommission(
        commission=commission, membre=membre, role=role, date_debut=date_debut, deliberation=deliberation
    )
    with transaction.atomic():
        Commission.objects.select_for_update().filter(pk=commission.pk).first()
        occupes = SiegeCommission.objects.filter(_chevauche(date_debut, None), commission=commission)
        if occupes.filter(membre__medecin_id=membre.medecin_id).exists():
            raise ValidationError({"membre": f"{membre.medecin.nom_complet} siège déjà à la {commission.nom.lower()}."})
        if role != RoleCommission.MEMBRE:
            deja = occupes.filter(role=role).select_related("membre__medecin").first()
            if deja is not None:
                raise ValidationError(
                    {
                        "role": f"{deja.membre.medecin.nom_complet} est déjà {RoleCommission(role).label.lower()} : "
                        "mettez d'abord fin à son siège."
                    }
                )
        _enregistrer(siege, par=par)
    return siege


def commission_membre_retirer(*, siege: SiegeCommission, date_fin: datetime.date, par) -> SiegeCommission:
    exiger(par, "gouvernance.commission_gerer")
    if date_fin < siege.date_debut:
        raise ValidationError({"date_fin": f"Le siège a commencé le {_d(siege.date_debut)}."})
    with transaction.atomic():
        clore(siege, date_fin, par=par)
    return siege
