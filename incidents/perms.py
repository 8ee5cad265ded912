"""The acts of the safety observatory and who may perform them (read by config.perms).

A declaration is read by its declarant, by the members of the vigilance commission on the date of the read
(gouvernance's composition: the président and the secrétaire général by right, the référent sécurité by right,
the elected members) and by staff with the app's permissions; anybody else gets 404 from the doors. Every granted
read is logged (`confidentiel=True`, commun.JournalAcces). The yearly anonymous figures are read by the staff with
the permission and by the doctors (counts only)."""

from config.perms import Regle


def membre_vigilance(user, objet, date) -> bool:
    from incidents.selectors import est_membre_vigilance

    return est_membre_vigilance(user=user, date=date)


def _declarant(user, incident) -> bool:
    medecin = getattr(user, "medecin", None)
    return medecin is not None and incident.declarant_id == medecin.pk


def _un_medecin(user, objet) -> bool:
    return getattr(user, "medecin", None) is not None


ACTIONS: dict[str, Regle] = {
    "incident_lire": Regle(
        "consulter une déclaration d'incident",
        "incidents.view_incident",
        medecin=_declarant,
        aussi=membre_vigilance,
        confidentiel=True,
    ),
    "incidents_consulter": Regle(
        "consulter les déclarations d'incidents", "incidents.view_incident", aussi=membre_vigilance
    ),
    # A doctor declares for himself (espace, API; the service takes his own record); staff record a declaration
    # received by phone or letter for a doctor.
    "incident_declarer": Regle("déclarer un incident pour un médecin", "incidents.add_incident"),
    # The yearly figures are anonymous by construction (counts only, no name nor town): any doctor of the tableau
    # may read them, as the CNOM publishes the observatory's; staff by their group's permission.
    "statistiques_consulter": Regle(
        "consulter les statistiques de l'observatoire de la sécurité",
        "incidents.view_incident",
        medecin=_un_medecin,
        aussi=membre_vigilance,
    ),
}
