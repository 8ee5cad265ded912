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


def _le(verbe: str) -> str:
    """« le liquider », « l'ordonnancer »."""
    return f"l'{verbe}" if verbe[:1] in "aeéèêiîoôuh" else f"le {verbe}"


def _etat_engagement(attendu: str, libelle: str):
    def etat(engagement):
        if engagement.statut != attendu:
            return (
                f"L'engagement {engagement.numero or engagement.pk} est « {engagement.get_statut_display()} » : "
                f"on ne peut {_le(libelle)} qu'à l'état « {dict(_LIBELLES)[attendu]} »."
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
    # Every member in office reads the chain (the plenary votes the budget and gives the trésorier his quitus);
    # the supporting documents (invoices, bank details) only the chain's members and accounting.
    "engagements_consulter": Regle(
        "consulter les engagements de dépense", "tresorerie.view_engagement", CHAINE, membre=True
    ),
    "piece_deposer": Regle(
        "joindre une pièce justificative à une dépense", "tresorerie.add_piecejustificative", CHAINE
    ),
    "piece_lire": Regle("lire une pièce justificative", "tresorerie.view_piecejustificative", CHAINE),
    # --- exceptional urgent expenses, replacement of assets (issue 11 point 4) ---
    "depense_urgente_autoriser": Regle("autoriser une dépense exceptionnelle urgente", None, PRESIDENT, systeme=False),
    "depenses_urgentes_consulter": Regle(
        "consulter les dépenses exceptionnelles et les remplacements de biens",
        "tresorerie.view_autorisationdepenseurgente",
        CHAINE,
        membre=True,
    ),
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

# --- budget (issue 11 points 1, 3, 10): preparation, adoption, CNOM, dotation, amendments, transfers ---
# The secrétaire général (ordonnateur) prepares the budget with the trésorier (seed 002 L.II T.I 1.1): both, as
# elected members exercising their function on the date, and the accounting staff (Comptabilité) who key it in,
# may create a budget, set its lines, record the plenary's adoption, the CNOM's dotation and an amendment, and
# send it to the CNOM. A credit transfer is the ordonnateur's decision alone, on the trésorier's proposal
# (T.I 2.3 a): no staff, no system user.
PREPARATION = ORDONNATEUR | TRESORIER


def _budget_en_preparation(budget):
    if budget.statut != "preparation":
        return (
            f"Le budget {budget.annee} est « {budget.get_statut_display()} » : ses crédits ne changent plus que par "
            "un virement de crédits ou un avenant voté en séance plénière."
        )
    return None


def _budget_adopte(budget):
    if budget.statut not in ("adopte", "transmis"):
        return (
            f"Le budget {budget.annee} est « {budget.get_statut_display()} » : il doit d'abord être adopté en séance "
            "plénière."
        )
    return None


ACTIONS |= {
    "budget_preparer": Regle(
        "préparer le budget prévisionnel",
        ("tresorerie.add_budget", "tresorerie.change_lignebudgetaire"),
        PREPARATION,
    ),
    "budget_ligne_enregistrer": Regle(
        "modifier une ligne du budget prévisionnel",
        "tresorerie.change_lignebudgetaire",
        PREPARATION,
        etat=_budget_en_preparation,
    ),
    "budget_adopter": Regle(
        "enregistrer l'adoption du budget", "tresorerie.change_budget", PREPARATION, etat=_budget_en_preparation
    ),
    "budget_transmettre": Regle(
        "transmettre le budget au conseil national", "tresorerie.change_budget", PREPARATION, etat=_budget_adopte
    ),
    "budget_dotation_enregistrer": Regle(
        "enregistrer la dotation principale", "tresorerie.change_budget", PREPARATION, etat=_budget_adopte
    ),
    "avenant_enregistrer": Regle(
        "enregistrer un avenant au budget", "tresorerie.add_avenant", PREPARATION, etat=_budget_adopte
    ),
    "virement_decider": Regle("décider un virement de crédits", None, ORDONNATEUR, systeme=False, etat=_budget_adopte),
    "virements_consulter": Regle("consulter les virements de crédits", "tresorerie.view_virement", CHAINE),
    # The beat's calendar of the CNOM deadline: the system user only.
    "budget_rappels_programmer": Regle("programmer les rappels de l'échéance du budget", None),
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


# --- notes de frais (issue 11 point 9) ---------------------------------------------------------------------------
# A member files his own claim (a doctor's claim is always on his own mandate); the accounting service may file
# and submit for a member (its model permissions). The liquidateur checks, the chain pays: elected members only.


def _sa_note(user, note) -> bool:
    return note.membre.medecin.user_id == user.pk


def _son_mandat(user, membre) -> bool:
    return membre.medecin.user_id == user.pk


def _sa_piece(user, justificatif) -> bool:
    return justificatif.ligne.note.membre.medecin.user_id == user.pk


def _etat_note(*attendus: str, libelle: str):
    def etat(note):
        if note.statut not in attendus:
            from .models import StatutNote

            permis = " ou ".join(f"« {StatutNote(s).label} »" for s in attendus)
            return (
                f"La note de frais {note.numero or note.pk} est « {note.get_statut_display()} » : on ne peut la "
                f"{libelle} qu'à l'état {permis}."
            )
        return None

    return etat


_MODIFIABLE = ("brouillon", "a_corriger")

ACTIONS |= {
    "note_frais_deposer": Regle("déposer une note de frais", "tresorerie.add_notefrais", medecin=_son_mandat),
    "note_frais_modifier": Regle(
        "modifier une note de frais",
        "tresorerie.change_notefrais",
        medecin=_sa_note,
        etat=_etat_note(*_MODIFIABLE, libelle="modifier"),
    ),
    "note_frais_soumettre": Regle(
        "soumettre une note de frais",
        "tresorerie.change_notefrais",
        medecin=_sa_note,
        etat=_etat_note(*_MODIFIABLE, libelle="soumettre"),
    ),
    "justificatif_deposer": Regle(
        "joindre un justificatif à une note de frais",
        "tresorerie.add_justificatiffrais",
        medecin=_sa_note,
        etat=_etat_note(*_MODIFIABLE, libelle="compléter"),
    ),
    "note_frais_verifier": Regle(
        "vérifier une note de frais", None, LIQUIDATEUR, systeme=False, etat=_etat_note("soumise", libelle="vérifier")
    ),
    "note_frais_engager": Regle(
        "engager une note de frais", None, ORDONNATEUR, systeme=False, etat=_etat_note("verifiee", libelle="engager")
    ),
    "notes_frais_consulter": Regle(
        "consulter les notes de frais", "tresorerie.view_notefrais", CHAINE, medecin=_sa_note
    ),
    "justificatif_lire": Regle(
        "lire un justificatif de frais", "tresorerie.view_justificatiffrais", CHAINE, medecin=_sa_piece
    ),
    "notes_frais_a_verifier": Regle("vérifier les notes de frais", None, LIQUIDATEUR, systeme=False),
}
