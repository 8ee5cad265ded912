"""The acts on the contracts communicated to the council and who may perform them (read by config.perms).

A contract is read by its doctor, by the members of the commission d'étude des contrats on the date (gouvernance's
composition: the président and the secrétaire général by right, the elected members) and by staff with the app's
permissions (the service juridique); any other doctor gets 404 from the doors. The opinion is recorded by staff
(what the commission decided) or given by a member of the commission on the date, never by one concerned by the
contract (its doctor, or a member who declared a link: contrats.services.contrat_avis_rendre)."""

from config.perms import Regle


def membre_commission(user, objet, date) -> bool:
    from contrats.selectors import est_membre_commission

    return est_membre_commission(user=user, date=date)


def _sien(user, contrat) -> bool:
    medecin = getattr(user, "medecin", None)
    return medecin is not None and contrat.medecin_id == medecin.pk


def _sans_avis(contrat):
    if contrat.statut == "avis_rendu":
        return f"L'avis sur ce contrat a déjà été rendu le {contrat.avis_le:%d/%m/%Y} : il ne se modifie pas."
    return None


ACTIONS: dict[str, Regle] = {
    "contrat_lire": Regle("consulter un contrat", "contrats.view_contrat", medecin=_sien, aussi=membre_commission),
    "contrats_consulter": Regle("consulter les contrats communiqués", "contrats.view_contrat", aussi=membre_commission),
    # A doctor sends his own contracts (espace, API: the service takes his own record); staff record one received
    # by post for a doctor.
    "contrat_envoyer": Regle("enregistrer un contrat pour un médecin", "contrats.add_contrat"),
    "contrat_etudier": Regle(
        "mettre un contrat à l'étude", "contrats.change_contrat", aussi=membre_commission, etat=_sans_avis
    ),
    "contrat_avis_rendre": Regle(
        "rendre l'avis de la commission d'étude des contrats",
        "contrats.change_contrat",
        aussi=membre_commission,
        etat=_sans_avis,
        systeme=False,
    ),
    "lien_declarer": Regle(
        "déclarer un lien avec un contrat", "contrats.add_liencontrat", aussi=membre_commission, etat=_sans_avis
    ),
}
