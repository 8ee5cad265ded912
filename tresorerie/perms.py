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
