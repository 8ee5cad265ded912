"""Who may do what with an ad (config/perms.py): the author writes, submits and withdraws his own ads; the council's
moderators (staff with `annonces.moderer_annonce`, the Accueil group) publish, ask for a correction or refuse; any
doctor answers a published ad. An author never moderates his own ad (annonces.services refuses it: 403)."""

from config.perms import Regle

from .models import STATUTS_MODIFIABLES, StatutAnnonce


def _soi(user, medecin) -> bool:
    return medecin.user_id == user.pk


def _auteur(user, annonce) -> bool:
    return annonce.auteur.user_id == user.pk


def _un_medecin(user, annonce) -> bool:
    from tableau.models import Medecin

    return Medecin.objects.filter(user_id=user.pk).exists()


def _etat(*permis, acte: str):
    def etat(annonce):
        if annonce.statut in permis:
            return None
        return (
            f"L'annonce « {annonce.titre} » est « {annonce.get_statut_display().lower()} » : on ne peut la {acte} "
            "dans cet état."
        )

    return etat


ACTIONS = {
    "annonce_deposer": Regle("déposer une annonce", None, medecin=_soi),
    "annonce_modifier": Regle(
        "modifier une annonce",
        None,
        medecin=_auteur,
        etat=_etat(*STATUTS_MODIFIABLES, StatutAnnonce.PUBLIEE, acte="modifier"),
    ),
    "annonce_soumettre": Regle(
        "soumettre une annonce",
        None,
        medecin=_auteur,
        etat=_etat(*STATUTS_MODIFIABLES, StatutAnnonce.PUBLIEE, acte="soumettre"),
    ),
    "annonce_retirer": Regle(
        "retirer une annonce",
        None,
        medecin=_auteur,
        etat=_etat(
            StatutAnnonce.BROUILLON,
            StatutAnnonce.SOUMISE,
            StatutAnnonce.PUBLIEE,
            StatutAnnonce.CORRECTION_DEMANDEE,
            acte="retirer",
        ),
    ),
    "annonce_moderer": Regle(
        "modérer une annonce",
        "annonces.moderer_annonce",
        etat=_etat(StatutAnnonce.SOUMISE, StatutAnnonce.PUBLIEE, acte="modérer"),
    ),
    "annonces_moderation": Regle("consulter les annonces à modérer", "annonces.view_annonce"),
    "annonce_repondre": Regle("répondre à une annonce", None, medecin=_un_medecin),
    "annonces_expirer": Regle("marquer les annonces expirées", "annonces.moderer_annonce"),
}
