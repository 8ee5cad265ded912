"""Who may do what in the council's name (ARCHITECTURE.md: one helper answers "may this user do this, today").

- `peut(user, fonction, date)`: may this user act as function F on date D (for every app: trésorerie asks it
  for the ordonnateur, the liquidateur, the trésorier).
- `peut_agir(user, action, date)` / `exiger(user, action, date)`: this app's acts. Staff act by their group's model
  permission (superuser: all); an elected member acts by the functions held on the date of the act.
"""

import datetime

from django.core.exceptions import PermissionDenied

from . import selectors
from .models import Delegation, TypeFonction

P = TypeFonction

# action -> (functions allowed on the date of the act, the staff model permission)
ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "membre_gerer": (frozenset({P.PRESIDENT, P.SECRETAIRE_GENERAL}), "gouvernance.add_membre"),
    "fonction_gerer": (frozenset({P.PRESIDENT, P.SECRETAIRE_GENERAL}), "gouvernance.add_fonction"),
    "commission_gerer": (frozenset({P.PRESIDENT, P.SECRETAIRE_GENERAL}), "gouvernance.add_commission"),
    # The président convenes (seed 002 L.I T.II 4.1.2); the secrétaire général prepares the council's work (2.1.5).
    "seance_gerer": (frozenset({P.PRESIDENT, P.SECRETAIRE_GENERAL}), "gouvernance.add_seance"),
    "seance_ajouter_point": (frozenset({P.PRESIDENT}), "gouvernance.change_seance"),
    # Secretariat of the session: the SG, or a designated secretary (L.I 4.1), usually an adjoint.
    "emargement": (
        frozenset({P.PRESIDENT, P.SECRETAIRE_GENERAL, P.SECRETAIRE_GENERAL_ADJOINT}),
        "gouvernance.add_emargement",
    ),
    "deliberation": (frozenset({P.PRESIDENT, P.SECRETAIRE_GENERAL}), "gouvernance.add_deliberation"),
    "election": (frozenset({P.PRESIDENT, P.SECRETAIRE_GENERAL}), "gouvernance.add_election"),
    "tour": (frozenset({P.PRESIDENT, P.SECRETAIRE_GENERAL}), "gouvernance.add_tourelection"),
}

LIBELLES_ACTIONS = {
    "membre_gerer": "enregistrer les membres du conseil",
    "fonction_gerer": "enregistrer les fonctions",
    "commission_gerer": "enregistrer les commissions et leurs membres",
    "seance_gerer": "enregistrer ou convoquer une séance",
    "seance_ajouter_point": "ajouter un point à l'ordre du jour",
    "emargement": "tenir le registre d'émargement",
    "deliberation": "enregistrer une délibération",
    "election": "enregistrer une élection",
    "tour": "enregistrer un tour de scrutin",
}


def peut(user, fonction: str, date: datetime.date, *, delegation: bool = False) -> bool:
    """May this user act as `fonction` on `date`? True when their doctor holds it then (an interim holder
    included, a displaced holder excluded). With `delegation=True`, a signature delegation given by the
    holder of that function and in force on the date also counts (seed 002 L.I 2.2.2)."""
    if user is None or not user.is_authenticated:
        return False
    if fonction in selectors.fonctions_de(user=user, date=date):
        return True
    if delegation:
        return (
            Delegation.objects.filter(
                selectors.couvre(date),
                selectors.couvre(date, "delegant__"),
                type=Delegation.Type.SIGNATURE,
                delegant__fonction=fonction,
                delegataire__medecin__user=user,
            )
            .filter(selectors.couvre(date, "delegataire__"))
            .exists()
        )
    return False


def exiger_fonction(user, fonctions, date: datetime.date) -> None:
    """Raise PermissionDenied unless the user holds one of these functions on the date."""
    if not selectors.fonctions_de(user=user, date=date) & set(fonctions):
        noms = ", ".join(TypeFonction(f).label.lower() for f in fonctions)
        raise PermissionDenied(f"Cet acte est réservé à : {noms} (fonction détenue le {date:%d/%m/%Y}).")


def peut_agir(user, action: str, date: datetime.date) -> bool:
    fonctions, permission = ACTIONS[action]
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return user.has_perm(permission)
    return bool(selectors.fonctions_de(user=user, date=date) & fonctions)


def exiger(user, action: str, date: datetime.date) -> None:
    if not peut_agir(user, action, date):
        raise PermissionDenied(
            f"Vous n'avez pas le droit de {LIBELLES_ACTIONS[action]} : il faut une fonction au bureau qui le permet "
            f"à la date du {date:%d/%m/%Y}, ou une habilitation du secrétariat."
        )


def peut_consulter(user, date: datetime.date, permission: str = "gouvernance.view_seance") -> bool:
    """Staff with the view permission, or an elected member in office (seed 002 L.I 1.1.2: a councillor has access
    to every document of the council)."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return user.has_perm(permission)
    return selectors.membre_de(user=user, date=date) is not None


def exiger_consultation(user, date: datetime.date, permission: str = "gouvernance.view_seance") -> None:
    if not peut_consulter(user, date, permission):
        raise PermissionDenied("Ces informations sont réservées aux membres du conseil et au secrétariat.")
