"""The acts of territorial solidarity and who may perform them (read by config.perms).

Staff of the service du tableau record the places, check and validate the volunteers (they check the register),
plan and correct days; the accounting service reads the allowances and records their payment. A doctor volunteers
for himself, corrects his application while a correction is asked, plans, moves and cancels his own days and reads
his own feed."""

from config.perms import Regle


def _son_medecin(user, medecin) -> bool:
    return medecin is not None and medecin.user_id is not None and medecin.user_id == user.pk


def _son_volontariat(user, volontaire) -> bool:
    return _son_medecin(user, volontaire.medecin)


def _sa_journee(user, journee) -> bool:
    return _son_medecin(user, journee.volontaire.medecin)


def _journee_modifiable(journee):
    if journee.paiement_id is not None:
        return (
            f"La journée du {journee.date:%d/%m/%Y} est payée : elle ne se modifie ni ne s'annule plus "
            "(adressez-vous au service de comptabilité)."
        )
    if journee.statut == "annulee":
        return f"La journée du {journee.date:%d/%m/%Y} est annulée : planifiez-en une nouvelle."
    return None


def _journee_deplacable(journee):
    """A day worked is not moved (it earns its allowance where and when it was worked): cancel it if it did not
    take place."""
    refus = _journee_modifiable(journee)
    if refus is None and journee.statut == "effectuee":
        return (
            f"La journée du {journee.date:%d/%m/%Y} est effectuée : elle ne se déplace plus (annulez-la, avec son "
            "motif, si elle n'a pas eu lieu)."
        )
    return refus


def _journee_a_effectuer(journee):
    if journee.statut != "prevue":
        return (
            f"La journée du {journee.date:%d/%m/%Y} est « {journee.get_statut_display().lower()} » : seule une "
            "journée prévue se déclare effectuée."
        )
    return None


def _volontaire_corrigeable(volontaire):
    if volontaire.statut not in ("deposee", "correction_demandee"):
        return (
            f"La candidature est « {volontaire.get_statut_display().lower()} » : elle ne se modifie que déposée ou "
            "quand le conseil demande une correction."
        )
    return None


ACTIONS: dict[str, Regle] = {
    "lieu_enregistrer": Regle("enregistrer un lieu de solidarité territoriale", ("solidarite.add_lieu",)),
    "lieu_modifier": Regle("modifier un lieu de solidarité territoriale", ("solidarite.change_lieu",)),
    "conseil_enregistrer": Regle(
        "enregistrer l'adresse d'un conseil départemental", ("solidarite.change_conseildepartemental",)
    ),
    "volontaire_deposer": Regle(
        "déposer une candidature de volontaire", ("solidarite.add_volontaire",), medecin=_son_medecin
    ),
    "volontaire_importer": Regle("importer l'export du formulaire national", ("solidarite.add_volontaire",)),
    "volontaire_corriger": Regle(
        "modifier cette candidature",
        ("solidarite.change_volontaire",),
        medecin=_son_volontariat,
        etat=_volontaire_corrigeable,
    ),
    "volontaire_lire": Regle("consulter les volontaires", ("solidarite.view_volontaire",), medecin=_son_volontariat),
    "volontaire_instruire": Regle("instruire une candidature de volontaire", ("solidarite.change_volontaire",)),
    "jeton_renouveler": Regle(
        "renouveler le lien secret de l'agenda", ("solidarite.change_volontaire",), medecin=_son_volontariat
    ),
    "journee_planifier": Regle(
        "planifier une journée de solidarité", ("solidarite.add_journee",), medecin=_son_volontariat
    ),
    "journee_modifier": Regle(
        "modifier une journée de solidarité",
        ("solidarite.change_journee",),
        medecin=_sa_journee,
        etat=_journee_deplacable,
    ),
    "journee_annuler": Regle(
        "annuler une journée de solidarité",
        ("solidarite.change_journee",),
        medecin=_sa_journee,
        etat=_journee_modifiable,
    ),
    "journee_effectuer": Regle(
        "déclarer une journée effectuée", ("solidarite.change_journee",), etat=_journee_a_effectuer
    ),
    "journees_lire": Regle("consulter les journées de solidarité", ("solidarite.view_journee",)),
    "indemnites_consulter": Regle(
        "consulter les indemnités de solidarité territoriale", ("solidarite.view_paiementindemnite",)
    ),
    "indemnites_payer": Regle(
        "enregistrer le paiement des indemnités de solidarité", ("solidarite.add_paiementindemnite",)
    ),
    "parametre_enregistrer": Regle(
        "modifier le barème de l'indemnité journalière", ("solidarite.change_parametreindemnite",)
    ),
}
