"""The acts on the dues and who may perform them (read by config.perms: `exiger(par, "cotisations.<acte>", ...)`).

Staff act by their group's model permission (config/roles.py: Comptabilité records scales, calls, exemptions and
payments); elected members by function on the date of the act: the ordonnateur (the secrétaire général) calls the
dues, the trésorier (or his deputy) collects them (seed 002 L.II T.I: « l'ordonnateur est chargé … de l'appel des
cotisations », « le trésorier … de l'encaissement des cotisations »). A doctor reads his own dues only; he pays by
card through the espace médecin (a later part of issue 10), never by recording a payment himself.
"""

from config.perms import Regle
from gouvernance.models import ROLE_ORDONNATEUR, TypeFonction

TRESORERIE = frozenset({TypeFonction.TRESORIER, TypeFonction.TRESORIER_ADJOINT})


def _sa_cotisation(user, cotisation) -> bool:
    medecin = cotisation.medecin
    return medecin is not None and medecin.user_id is not None and medecin.user_id == user.pk


ACTIONS: dict[str, Regle] = {
    "bareme_enregistrer": Regle("enregistrer le barème des cotisations", "cotisations.add_bareme", TRESORERIE),
    "baremes_consulter": Regle("consulter les barèmes des cotisations", "cotisations.view_bareme", TRESORERIE),
    "campagne_appeler": Regle(
        "appeler les cotisations de l'année", "cotisations.add_cotisation", frozenset({ROLE_ORDONNATEUR})
    ),
    "cotisations_consulter": Regle(
        "consulter les cotisations",
        "cotisations.view_cotisation",
        TRESORERIE | {ROLE_ORDONNATEUR},
        medecin=_sa_cotisation,
    ),
    "exoneration_accorder": Regle(
        "enregistrer une exonération de cotisation", "cotisations.change_cotisation", TRESORERIE
    ),
    "paiement_enregistrer": Regle("enregistrer un paiement de cotisation", "cotisations.add_paiement", TRESORERIE),
    "paiement_annuler": Regle(
        "annuler un paiement de cotisation", "cotisations.annuler_paiement", frozenset({TypeFonction.TRESORIER})
    ),
    # --- etats: the statements and the dashboard (issue 10 point 9): staff by their page's view permission, the
    # council's treasury by function; never a doctor.
    "etat_impayes_consulter": Regle("consulter l'état des impayés", "cotisations.view_etatimpayes", TRESORERIE),
    "tableau_de_bord_consulter": Regle(
        "consulter le tableau de bord du trésorier", "cotisations.view_tableaudebord", TRESORERIE
    ),
}
