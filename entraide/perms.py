"""The acts of the entraide and who may perform them (read by config.perms).

Who reads a request (CONTRACT.md, entraide): the members seated **with a deliberative voice** on the entraide
commission on the date (the président and the secrétaire général by right, the délégué à l'entraide, the elected
members), or the référent the council designated when it has no commission — never the trésorier, even when he
assists the commission with an advisory voice — and staff with the app's permissions. Anybody else gets 404 from
the doors. Every granted read is logged (`confidentiel=True`, commun.JournalAcces). The applicant follows his own
requests' status through `demande_suivre` (no commission work in what he sees)."""

from config.perms import Regle


def lecteur_entraide(user, objet, date) -> bool:
    """A deliberative member of the entraide commission on the date, or the référent when there is no commission;
    the trésorier never (seed 002 L.II T.V). Never on his own request: a member who applies follows it as any
    applicant (its status and dates), and neither reads it in full nor decides on it."""
    from entraide.selectors import est_lecteur

    if _sa_propre_demande(user, objet):
        return False
    return est_lecteur(user=user, date=date)


def _sa_propre_demande(user, objet) -> bool:
    """Is `objet` a saved request of this user's (or an object of one: an aid, a document, a transmission)?"""
    from entraide.models import Demande

    demande = objet if isinstance(objet, Demande) else getattr(objet, "demande", None)
    if not isinstance(demande, Demande) or demande.pk is None:
        return False
    return _demandeur(user, demande)


def _demandeur(user, demande) -> bool:
    medecin = getattr(user, "medecin", None)
    return medecin is not None and demande.medecin_id == medecin.pk


def _ouverte(demande):
    if demande.statut == "close":
        return f"La demande {demande.numero} est close : rouvrez-la d'abord si la commission doit y revenir."
    return None


ACTIONS: dict[str, Regle] = {
    "demande_lire": Regle(
        "consulter une demande d'entraide", "entraide.view_demande", aussi=lecteur_entraide, confidentiel=True
    ),
    # The doctor files for himself (espace, API); staff file for a doctor or his ayants droit.
    "demande_deposer": Regle(
        "déposer une demande d'entraide", "entraide.add_demande", medecin=_demandeur, aussi=lecteur_entraide
    ),
    "demande_suivre": Regle("suivre une demande d'entraide", "entraide.view_demande", medecin=_demandeur),
    "demande_instruire": Regle(
        "instruire une demande d'entraide", "entraide.change_demande", aussi=lecteur_entraide, etat=_ouverte
    ),
    "piece_deposer": Regle(
        "joindre une pièce à une demande d'entraide",
        "entraide.add_piecedemande",
        medecin=_demandeur,
        aussi=lecteur_entraide,
        etat=_ouverte,
    ),
    "piece_lire": Regle(
        "lire une pièce d'une demande d'entraide",
        "entraide.view_piecedemande",
        aussi=lecteur_entraide,
        confidentiel=True,
    ),
    # Deciding an aid is the commission's act: a deliberative member or the référent, never staff nor trésorier.
    "aide_decider": Regle(
        "décider une aide d'entraide",
        None,
        aussi=lecteur_entraide,
        systeme=False,
        etat=_ouverte,
        refus="Seul un membre de la commission d'entraide ayant voix délibérative (ou le référent entraide) peut "
        "décider une aide ; le trésorier n'a qu'une voix consultative.",
    ),
    "demande_transmettre": Regle(
        "transmettre une demande à la commission nationale d'entraide",
        "entraide.change_demande",
        aussi=lecteur_entraide,
        etat=_ouverte,
    ),
    "journal_lire": Regle(
        "consulter le journal des accès d'une demande", "entraide.view_demande", aussi=lecteur_entraide
    ),
    "referent_designer": Regle("désigner le référent entraide", "entraide.add_referententraide"),
    "contacts_modifier": Regle("modifier les lignes d'écoute", "entraide.change_contact"),
}

# --- entraide-aides (issue 12 points 10-11): the CNOM's decision, the report of the aids granted ---
ACTIONS |= {
    # The commission nationale's answer is recorded by the commission's readers or the entraide secretariat.
    "cnom_decision_enregistrer": Regle(
        "enregistrer la décision de la commission nationale d'entraide",
        "entraide.change_transmissioncnom",
        aussi=lecteur_entraide,
    ),
    # Reporting the aids granted to the commission nationale: the service that grants one, or the secretariat
    # (admin action) for an aid whose report is missing; the system user too (commands, tasks).
    "aides_signaler_cnom": Regle(
        "signaler les aides accordées à la commission nationale d'entraide",
        "entraide.change_transmissioncnom",
        aussi=lecteur_entraide,
    ),
    "contacts_lire": Regle("lire les lignes d'écoute", None),
}
