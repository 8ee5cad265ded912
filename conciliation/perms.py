"""The acts of the conciliation and who may perform them (read by config.perms).

Who reads a file (CONTRACT.md, conciliation): staff of the service juridique (the app's model permissions), the
président, and the members seated on the conciliation commission on the date (gouvernance's composition: the
président and the secrétaire général by right, the elected members); anybody else — the doctor concerned
included — gets 404 from the doors. Every granted read is logged (`confidentiel=True`, commun.JournalAcces).
The président designates the conciliators; staff record what the council decided.

A party never reads nor acts on his own file, whatever his seat (conc-noyau): the doctor concerned, a complainant
who is a doctor of the tableau, a member who declared a link with a party (he steps aside, L4123-2 CSP; DOMAIN 5).
"""

from config.perms import Regle
from gouvernance.models import NatureCommission, TypeFonction

PRESIDENT = frozenset({TypeFonction.PRESIDENT})


def _plainte(objet):
    """The file an act is about: the complaint itself, or its document, meeting, PV."""
    for _ in range(3):
        if objet is None or objet.__class__.__name__ == "Plainte":
            return objet
        objet = getattr(objet, "plainte", None) or getattr(objet, "reunion", None)
    return objet


def partie(user, plainte) -> bool:
    """Is this user a party to the file (or linked to one)? Then he neither reads it nor acts on it."""
    medecin = getattr(user, "medecin", None)
    plainte = _plainte(plainte)
    if medecin is None or plainte is None or plainte.pk is None:
        return False
    if medecin.pk in (plainte.medecin_id, plainte.plaignant_medecin_id):
        return True
    return plainte.liens.filter(membre__medecin=medecin).exists()


def siege_conciliation(user, plainte, date) -> bool:
    medecin = getattr(user, "medecin", None)
    if medecin is None:
        return False
    from gouvernance.selectors import siege_en_commission

    return siege_en_commission(medecin=medecin, nature=NatureCommission.CONCILIATION, date=date)


def president(user, date) -> bool:
    if getattr(user, "medecin", None) is None:
        return False
    from gouvernance import selectors

    return bool(selectors.roles_de(user=user, date=date, parmi=PRESIDENT) & PRESIDENT)


def lecteur(user, plainte, date) -> bool:
    """The président or a member of the conciliation commission on the date, not a party to the file."""
    return not partie(user, plainte) and (president(user, date) or siege_conciliation(user, plainte, date))


def president_hors_partie(user, plainte, date) -> bool:
    return not partie(user, plainte) and president(user, date)


def conciliateur_du_dossier(user, plainte, date) -> bool:
    """The président, or a conciliator designated on this very file and not withdrawn on the date (not any member
    of the commission), never a party: he establishes the PV of the meeting he held."""
    if partie(user, plainte):
        return False
    if president(user, date):
        return True
    medecin = getattr(user, "medecin", None)
    plainte = _plainte(plainte)
    if medecin is None or plainte is None or plainte.pk is None:
        return False
    from django.db.models import Q

    return (
        plainte.conciliateurs.filter(membre__medecin=medecin)
        .filter(Q(retire_le__isnull=True) | Q(retire_le__gt=date))
        .exists()
    )


def _ouverte(plainte):
    from conciliation.models import STATUTS_CLOS

    plainte = _plainte(plainte)
    if plainte.statut in STATUTS_CLOS:
        return f"Le dossier {plainte.numero} est « {plainte.get_statut_display()} » : il n'admet plus cet acte."
    return None


def _transmissible(plainte):
    from conciliation.models import StatutPlainte

    if plainte.statut in (StatutPlainte.CONCILIEE, StatutPlainte.RETIREE, StatutPlainte.CLASSEE):
        return (
            f"Le dossier {plainte.numero} est « {plainte.get_statut_display()} » : une plainte conciliée, retirée "
            "ou classée n'est jamais transmise à la chambre disciplinaire."
        )
    return _ouverte(plainte)


ACTIONS: dict[str, Regle] = {
    "plainte_lire": Regle(
        "consulter un dossier de plainte",
        "conciliation.view_plainte",
        aussi=lecteur,
        confidentiel=True,
    ),
    "plainte_enregistrer": Regle("enregistrer une plainte ou une doléance", "conciliation.add_plainte", PRESIDENT),
    "plainte_requalifier": Regle(
        "requalifier une doléance en plainte",
        "conciliation.change_plainte",
        aussi=president_hors_partie,
        etat=_ouverte,
    ),
    "plainte_classer": Regle(
        "classer une doléance ou un signalement",
        "conciliation.change_plainte",
        aussi=president_hors_partie,
        etat=_ouverte,
    ),
    "piece_deposer": Regle("joindre une pièce au dossier", "conciliation.add_pieceplainte", aussi=lecteur),
    "conciliateurs_designer": Regle(
        "désigner les conciliateurs", "conciliation.add_conciliateur", aussi=president_hors_partie, etat=_ouverte
    ),
    "lien_declarer": Regle("déclarer un lien avec une partie", "conciliation.add_liendeclare", aussi=lecteur),
    "reunion_fixer": Regle(
        "fixer la réunion de conciliation", "conciliation.add_reunion", aussi=president_hors_partie, etat=_ouverte
    ),
    "proces_verbal_etablir": Regle(
        "établir le procès-verbal de conciliation", "conciliation.add_procesverbal", aussi=conciliateur_du_dossier
    ),
    "plainte_transmettre": Regle(
        "transmettre la plainte à la chambre disciplinaire",
        "conciliation.change_plainte",
        aussi=president_hors_partie,
        etat=_transmissible,
    ),
    "echeances_consulter": Regle(
        "consulter les échéances légales", "conciliation.view_plainte", PRESIDENT, aussi=siege_conciliation
    ),
    "rapport_produire": Regle(
        "produire le rapport annuel de conciliation",
        "conciliation.rapport_conciliation",
        PRESIDENT,
        aussi=siege_conciliation,
    ),
}

# --- documents slice (issue 12 points 2, 6): the yearly report is read by the files' readers. config/roles.py
# grants "<action>_<model>" codenames, so the skeleton's "rapport_conciliation" permission (no model suffix) was never
# given to the service juridique: the report asks for the complaints' view permission instead.
ACTIONS["rapport_produire"] = Regle(
    "produire le rapport annuel de conciliation", "conciliation.view_plainte", PRESIDENT, aussi=siege_conciliation
)

# --- documents slice (issue 12 points 2, 6): the reminders' calendar (beat, the system user only) and its
# parameters (the service juridique, in the admin) ---
ACTIONS |= {
    "echeances_rappeler": Regle("programmer les rappels des échéances légales", None),
    "parametres_enregistrer": Regle(
        "modifier les paramètres de la conciliation", "conciliation.change_parametreconciliation"
    ),
}
