"""The acts of the conciliation and who may perform them (read by config.perms).

Who reads a file (CONTRACT.md, conciliation): staff of the service juridique (the app's model permissions), the
président, and the members seated on the conciliation commission on the date (gouvernance's composition: the
président and the secrétaire général by right, the elected members); anybody else — the doctor concerned
included — gets 404 from the doors. Every granted read is logged (`confidentiel=True`, commun.JournalAcces).
The président designates the conciliators; staff record what the council decided."""

from config.perms import Regle
from gouvernance.models import NatureCommission, TypeFonction

PRESIDENT = frozenset({TypeFonction.PRESIDENT})


def siege_conciliation(user, plainte, date) -> bool:
    medecin = getattr(user, "medecin", None)
    if medecin is None:
        return False
    from gouvernance.selectors import siege_en_commission

    return siege_en_commission(medecin=medecin, nature=NatureCommission.CONCILIATION, date=date)


def _ouverte(plainte):
    from conciliation.models import STATUTS_CLOS

    if plainte.statut in STATUTS_CLOS:
        return f"Le dossier {plainte.numero} est « {plainte.get_statut_display()} » : il n'admet plus cet acte."
    return None


ACTIONS: dict[str, Regle] = {
    "plainte_lire": Regle(
        "consulter un dossier de plainte",
        "conciliation.view_plainte",
        PRESIDENT,
        aussi=siege_conciliation,
        confidentiel=True,
    ),
    "plainte_enregistrer": Regle("enregistrer une plainte ou une doléance", "conciliation.add_plainte", PRESIDENT),
    "plainte_requalifier": Regle(
        "requalifier une doléance en plainte", "conciliation.change_plainte", PRESIDENT, etat=_ouverte
    ),
    "plainte_classer": Regle(
        "classer une doléance ou un signalement", "conciliation.change_plainte", PRESIDENT, etat=_ouverte
    ),
    "piece_deposer": Regle(
        "joindre une pièce au dossier", "conciliation.add_pieceplainte", PRESIDENT, aussi=siege_conciliation
    ),
    "conciliateurs_designer": Regle(
        "désigner les conciliateurs", "conciliation.add_conciliateur", PRESIDENT, etat=_ouverte
    ),
    "lien_declarer": Regle(
        "déclarer un lien avec une partie", "conciliation.add_liendeclare", PRESIDENT, aussi=siege_conciliation
    ),
    "reunion_fixer": Regle("fixer la réunion de conciliation", "conciliation.add_reunion", PRESIDENT, etat=_ouverte),
    "proces_verbal_etablir": Regle(
        "établir le procès-verbal de conciliation", "conciliation.add_procesverbal", PRESIDENT, aussi=siege_conciliation
    ),
    "plainte_transmettre": Regle(
        "transmettre la plainte à la chambre disciplinaire", "conciliation.change_plainte", PRESIDENT, etat=_ouverte
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
