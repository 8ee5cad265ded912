"""The register's e-mails, composed when their task runs (the pattern: commun/tasks.py): the notice to staff of a
declaration of lost or stolen prescription pads, and the doctor's receipt; the links of the espace to choose a
password (the account just opened, « Mot de passe oublié »)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from commun.courriels import Courriel, corps

from .models import DeclarationPerteOrdonnances, Medecin


def _declaration(declaration_id: int) -> DeclarationPerteOrdonnances:
    return DeclarationPerteOrdonnances.objects.select_related("medecin", "declaree_par").get(pk=declaration_id)


def perte_ordonnances_avis(declaration_id: int) -> Courriel:
    d = _declaration(declaration_id)
    lien = settings.SITE_URL.rstrip("/") + reverse("admin:tableau_declarationperteordonnances_change", args=[d.pk])
    par_le_medecin = d.declaree_par_id is not None and d.declaree_par_id == d.medecin.user_id
    return Courriel(
        sujet=f"Déclaration de {d.get_nature_display().lower()} d'ordonnances : Dr {d.medecin.nom_complet} "
        f"(RPPS {d.medecin.rpps})",
        corps=corps(
            "courriels/tableau/perte_ordonnances_avis.txt",
            {"d": d, "medecin": d.medecin, "lien": lien, "par_le_medecin": par_le_medecin},
        ),
    )


def perte_ordonnances_accuse(declaration_id: int) -> Courriel:
    d = _declaration(declaration_id)
    return Courriel(
        sujet=f"Accusé de réception : déclaration de {d.get_nature_display().lower()} d'ordonnances",
        corps=corps(
            "courriels/tableau/perte_ordonnances_accuse.txt",
            {"d": d, "medecin": d.medecin, "cdom_nom": settings.CDOM_NOM},
        ),
    )


# --- The links to choose a password ------------------------------------------------------------------------------
# The token is made here, when the task runs, from the account as it is then: it is never stored (an Envoi row
# holds the user's id only) and stays valid until the password or the last login changes, or
# PASSWORD_RESET_TIMEOUT runs out; a retry of the task makes a fresh one.


def _lien_mot_de_passe(user) -> str:
    chemin = reverse(
        "espace:mot_de_passe_confirmer",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + chemin


def _contexte_lien(user_id: int) -> dict:
    user = get_user_model().objects.get(pk=user_id)
    medecin = Medecin.objects.filter(user=user).first()
    return {"user": user, "medecin": medecin, "lien": _lien_mot_de_passe(user), "CDOM_NOM": settings.CDOM_NOM}


def compte_medecin_lien(user_id: int) -> Courriel:
    """The account `compte_medecin` opened without a password: the doctor chooses his own."""
    return Courriel(
        sujet="Votre espace médecin : choisissez votre mot de passe",
        corps=corps("courriels/tableau/compte_medecin_lien.txt", _contexte_lien(user_id)),
    )


def mot_de_passe_lien(user_id: int) -> Courriel:
    """« Mot de passe oublié »: the link to choose a new one."""
    return Courriel(
        sujet="Choisir un nouveau mot de passe pour votre espace médecin",
        corps=corps("courriels/tableau/mot_de_passe_lien.txt", _contexte_lien(user_id)),
    )
