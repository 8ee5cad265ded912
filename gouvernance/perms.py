"""The acts of the council and who may perform them (read by config.perms: `exiger(par, "gouvernance.<acte>", ...)`).

Staff act by their group's model permission (config/roles.py); an elected member by the functions he exercises on
the date of the act. The acts of a session count on the session's day (a président whose term ended since may
not record the rounds he chaired; the SG in office that day may, later, record what was decided).
"""

from config.perms import Regle

from . import selectors
from .models import TypeFonction

P = TypeFonction
PRESIDENT_OU_SG = frozenset({P.PRESIDENT, P.SECRETAIRE_GENERAL})


def _jour_de_seance(seance):
    return seance.date


def _doyen_qui_preside(user, election, date) -> bool:
    """The doyen d'âge chairs the election of the bureau (seed 002 L.I 3.1) and records its rounds, on the page
    and through the API alike."""
    if election.president_de_seance_id is None:
        return False
    membre = selectors.membre_de(user=user, date=date)
    return membre is not None and membre.pk == election.president_de_seance_id


def _seance_tenue(seance) -> str | None:
    # Its "procès-verbal" would list every titular as absent.
    if not selectors.seance_tenue(seance=seance):
        return (
            f"La séance du {seance.date:%d/%m/%Y} n'a pas encore été tenue : son procès-verbal sera disponible "
            "une fois la séance ouverte."
        )
    return None


def _sa_declaration(user, membre) -> bool:
    return membre.medecin.user_id is not None and membre.medecin.user_id == user.pk


ACTIONS: dict[str, Regle] = {
    "membre_gerer": Regle("enregistrer les membres du conseil", "gouvernance.add_membre", PRESIDENT_OU_SG),
    "fonction_gerer": Regle("enregistrer les fonctions", "gouvernance.add_fonction", PRESIDENT_OU_SG),
    "commission_gerer": Regle(
        "enregistrer les commissions et leurs membres", "gouvernance.add_commission", PRESIDENT_OU_SG
    ),
    # The président convenes (seed 002 L.I T.II 4.1.2); the secrétaire général prepares the council's work (2.1.5).
    "seance_gerer": Regle("enregistrer ou convoquer une séance", "gouvernance.add_seance", PRESIDENT_OU_SG),
    "seance_conduire": Regle(
        "ouvrir ou clore une séance", "gouvernance.add_seance", PRESIDENT_OU_SG, date=_jour_de_seance
    ),
    "seance_ajouter_point": Regle(
        "ajouter un point à l'ordre du jour d'une séance ouverte",
        "gouvernance.change_seance",
        frozenset({P.PRESIDENT}),
        date=_jour_de_seance,
    ),
    # Secretariat of the session: the SG, or a designated secretary (L.I 4.1), usually an adjoint.
    "emargement": Regle(
        "tenir le registre d'émargement",
        "gouvernance.add_emargement",
        frozenset({P.PRESIDENT, P.SECRETAIRE_GENERAL, P.SECRETAIRE_GENERAL_ADJOINT}),
        date=_jour_de_seance,
    ),
    "deliberation": Regle(
        "enregistrer une délibération", "gouvernance.add_deliberation", PRESIDENT_OU_SG, date=_jour_de_seance
    ),
    "deliberation_notifier": Regle(
        "notifier une décision individuelle", "gouvernance.add_deliberation", PRESIDENT_OU_SG
    ),
    # The texts of appeal a notification quotes (seed 002 L.I 5.2): the président or the SG, as for notifying.
    "voie_recours_creer": Regle(
        "enregistrer des voies et délais de recours", "gouvernance.add_voierecours", PRESIDENT_OU_SG
    ),
    "voie_recours_gerer": Regle(
        "modifier des voies et délais de recours", "gouvernance.change_voierecours", PRESIDENT_OU_SG
    ),
    "voie_recours_supprimer": Regle(
        "supprimer des voies et délais de recours", "gouvernance.delete_voierecours", PRESIDENT_OU_SG
    ),
    "election": Regle("enregistrer une élection", "gouvernance.add_election", PRESIDENT_OU_SG, date=_jour_de_seance),
    "tour": Regle(
        "enregistrer un tour de scrutin",
        "gouvernance.add_tourelection",
        PRESIDENT_OU_SG,
        aussi=_doyen_qui_preside,
        date=lambda election: election.seance.date,
    ),
    "declaration_deposer": Regle(
        "déposer la déclaration d'intérêts d'un membre", "gouvernance.add_declarationinterets", medecin=_sa_declaration
    ),
    # The sending task records on the session the day its e-mails left: the system user alone.
    "envoi_noter": Regle("noter l'envoi des courriels d'une séance"),
    # Seed 002 L.I 1.1.2: a councillor has access to every document of the council.
    "proces_verbal_lire": Regle(
        "lire le procès-verbal d'une séance",
        "gouvernance.view_seance",
        membre=True,
        etat=_seance_tenue,
        refus="Le procès-verbal est réservé aux membres du conseil en fonction et au secrétariat.",
    ),
    "seances_lister": Regle(
        "consulter la liste des séances",
        "gouvernance.view_seance",
        PRESIDENT_OU_SG | {P.SECRETAIRE_GENERAL_ADJOINT},
        refus="La liste des séances est réservée au secrétariat du conseil et au bureau.",
    ),
}

# Reading the council's records through the API: staff with the model's view permission, or a member in office.
for _modele in (
    "membre",
    "fonction",
    "delegation",
    "commission",
    "seance",
    "deliberation",
    "election",
    "demandeseanceextraordinaire",
):
    ACTIONS[f"consulter_{_modele}"] = Regle(
        "consulter les informations du conseil",
        f"gouvernance.view_{_modele}",
        membre=True,
        refus="Ces informations sont réservées aux membres du conseil et au secrétariat.",
    )
