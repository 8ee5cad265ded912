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
    # --- cash box, fixed assets, year-end (issue 11 points 5-7) ---
    # The cash box is under the trésorier (seed 002 L.II T.I 2.3 c; the trésorier adjoint while he stands in, through
    # gouvernance.selectors.roles_de); the accounting staff (Comptabilité) keep the cash desk at the secretariat and
    # record movements too, each with its document. Nobody deletes a movement: a counter-movement cancels it.
    "caisse_enregistrer": Regle("enregistrer un mouvement de caisse", "tresorerie.add_mouvementcaisse", TRESORIER),
    "caisse_annuler": Regle(
        "annuler un mouvement de caisse par un contre-mouvement", "tresorerie.add_mouvementcaisse", TRESORIER
    ),
    "caisse_consulter": Regle("consulter la caisse", "tresorerie.view_mouvementcaisse", CHAINE),
    "caisse_piece_deposer": Regle(
        "joindre un justificatif à un mouvement de caisse", "tresorerie.add_piececaisse", TRESORIER
    ),
    "caisse_piece_lire": Regle("lire un justificatif de caisse", "tresorerie.view_piececaisse", CHAINE),
    "immobilisation_enregistrer": Regle("enregistrer une immobilisation", "tresorerie.add_immobilisation", TRESORIER),
    "immobilisation_sortir": Regle(
        "enregistrer la sortie d'une immobilisation", "tresorerie.change_immobilisation", TRESORIER
    ),
    "immobilisations_consulter": Regle(
        "consulter le registre des immobilisations", "tresorerie.view_immobilisation", CHAINE
    ),
    # The statements are prepared by the trésorier, « le cas échéant avec l'aide d'un expert-comptable » (T.I 1.2).
    "cloture_arreter": Regle("arrêter les états financiers", "tresorerie.change_cloture", TRESORIER),
    # The plenary's decision is recorded by the secretariat or the président / secrétaire général, never by the
    # trésorier whose quitus it is.
    "cloture_statuer": Regle(
        "enregistrer la décision de la plénière sur les comptes",
        "tresorerie.change_cloture",
        PRESIDENT | ORDONNATEUR,
        systeme=False,
    ),
    "cloture_consulter": Regle("consulter les états financiers et leurs exports", "tresorerie.view_cloture", CHAINE),
    # The calendar of reminders (beat, as the system user).
    "cloture_rappels": Regle("envoyer les rappels de clôture", None),
}
