"""Reads of territorial solidarity: who sees which volunteers and days, the rows of the feeds."""

from config.perms import peut

from .models import Journee, Lieu, Volontaire


def lieux_publics():
    return Lieu.objects.filter(actif=True)


def lieux_liste():
    return Lieu.objects.all()


def volontaires_liste():
    return Volontaire.objects.select_related("medecin").prefetch_related("lieux")


def volontaires_lisibles(user):
    """Staff who may read them: all; a doctor: his own (another's answers 404)."""
    qs = volontaires_liste()
    if user.is_staff or user.is_superuser:
        return qs if peut(user, "solidarite.volontaire_lire") else qs.none()
    return qs.filter(medecin__user=user)


def journees_liste():
    return Journee.objects.select_related("lieu", "medecin", "volontaire")


def journees_lisibles(user):
    qs = journees_liste()
    if user.is_staff or user.is_superuser:
        return qs if peut(user, "solidarite.journees_lire") else qs.none()
    return qs.filter(medecin__user=user)


def journees_du_lieu(lieu: Lieu):
    return journees_liste().select_related("medecin", "volontaire__medecin").filter(lieu=lieu)


def journees_du_volontaire(volontaire: Volontaire):
    return journees_liste().select_related("volontaire__medecin").filter(volontaire=volontaire)


def volontariat_du_medecin(medecin):
    """The doctor's applications, newest first, with their places, log and days (the espace page)."""
    return (
        Volontaire.objects.filter(medecin=medecin)
        .prefetch_related("lieux", "changements", "journees__lieu")
        .order_by("-date_depot", "-id")
    )
