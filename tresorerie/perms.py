"""The acts of the trésorerie and who may perform them (read by config.perms: `exiger(par, "tresorerie.<acte>")`).

The expense chain is signed by elected members exercising their function on the date of the act (seed 002 L.II T.I
2.2), never by staff: the ordonnateur (the secrétaire général, or while he is prevented his substitute, as
ordonnateur only) engages and orders; the liquidateur (or his designated substitute) liquidates; the trésorier (or
the trésorier adjoint while he is prevented) pays. gouvernance.selectors.roles_de works out who stands in.
Staff of the accounting service (Comptabilité) prepare, attach documents and read (their model permissions).
"""

from config.perms import Regle
from gouvernance.models import ROLE_ORDONNATEUR, TypeFonction

ORDONNATEUR = frozenset({ROLE_ORDONNATEUR})
LIQUIDATEUR = frozenset({TypeFonction.LIQUIDATEUR})
TRESORIER = frozenset({TypeFonction.TRESORIER})
PRESIDENT = frozenset({TypeFonction.PRESIDENT})
CHAINE = ORDONNATEUR | LIQUIDATEUR | TRESORIER | PRESIDENT


def _etat_engagement(attendu: str, libelle: str):
    def etat(engagement):
        if engagement.statut != attendu:
            return (
                f"L'engagement {engagement.numero or engagement.pk} est « {engagement.get_statut_display()} » : "
                f"on ne peut le {libelle} qu'à l'état « {dict(_LIBELLES)[attendu]} »."
            )
        return None

    return etat


_LIBELLES = (("engage", "engagée"), ("liquide", "liquidée"), ("ordonnance", "ordonnancée"), ("paye", "payée"))


ACTIONS: dict[str, Regle] = {
    # --- the expense chain (issue 11 point 2) ---
    "engagement_engager": Regle("engager une dépense", None, ORDONNATEUR, systeme=False),
    "engagement_liquider": Regle(
        "liquider une dépense", None, LIQUIDATEUR, systeme=False, etat=_etat_engagement("engage", "liquider")
    ),
    "engagement_ordonnancer": Regle(
        "ordonnancer une dépense", None, ORDONNATEUR, systeme=False, etat=_etat_engagement("liquide", "ordonnancer")
    ),
    "engagement_payer": Regle(
        "payer une dépense", None, TRESORIER, systeme=False, etat=_etat_engagement("ordonnance", "payer")
    ),
    "engagement_annuler": Regle("annuler un engagement", None, ORDONNATEUR, etat=_etat_engagement("engage", "annuler")),
    "engagements_consulter": Regle("consulter les engagements de dépense", "tresorerie.view_engagement", CHAINE),
    "piece_deposer": Regle(
        "joindre une pièce justificative à une dépense", "tresorerie.add_piecejustificative", CHAINE
    ),
    "piece_lire": Regle("lire une pièce justificative", "tresorerie.view_piecejustificative", CHAINE),
    # --- the data tables: the accounting plan and the yearly parameters ---
    "parametres_enregistrer": Regle(
        "modifier les paramètres de la trésorerie", "tresorerie.change_comptecomptable", TRESORIER
    ),
    # --- budget (issue 11 point 1) ---
    "budgets_consulter": Regle("consulter les budgets", "tresorerie.view_budget", CHAINE),
}

# --- indemnités (issue 11 point 8): the allowances. The accounting service (Comptabilité) records the vacations from
# the attendance sheets and the plenary's decisions; the trésorier (or his adjoint standing in) may too. The
# members of the chain and the président read the figures and the yearly statement. ---
ACTIONS |= {
    "indemnites_consulter": Regle(
        "consulter les indemnités de responsabilité", "tresorerie.view_baremeindemnites", CHAINE
    ),
    "bareme_indemnites_enregistrer": Regle(
        "modifier le barème des indemnités", "tresorerie.change_baremeindemnites", TRESORIER
    ),
    "repartition_indemnites_enregistrer": Regle(
        "enregistrer la décision de la plénière sur les indemnités de responsabilité",
        "tresorerie.change_repartitionindemnites",
        TRESORIER,
    ),
    "vacation_enregistrer": Regle("enregistrer une vacation", "tresorerie.add_vacation", TRESORIER),
    "indemnites_rapport": Regle("consulter l'état des indemnités des membres", "tresorerie.view_vacation", CHAINE),
}
