"""Reads of the dues: what each user may see (staff and the council's treasury all; a doctor his own)."""

from django.db.models import Prefetch

from config.perms import peut

from .models import Bareme, Cotisation, Paiement, Relance


def cotisations_visibles(user):
    """Staff allowed to read the dues and the trésorier, ordonnateur… see them all; a doctor his own only."""
    qs = Cotisation.objects.select_related("medecin", "societe", "exoneration_deliberation").prefetch_related(
        Prefetch("relances", queryset=Relance.objects.order_by("date", "id"))
    )
    if not (user and user.is_authenticated):
        return qs.none()
    if peut(user, "cotisations.cotisations_consulter"):
        return qs
    return qs.filter(medecin__user=user)


def baremes_visibles(user):
    """The national amounts are public (printed on every dues call): any logged-in user reads them."""
    if not (user and user.is_authenticated):
        return Bareme.objects.none()
    return Bareme.objects.all()


def paiements_de(qs):
    return qs.prefetch_related(Prefetch("paiements", queryset=Paiement.objects.order_by("date", "id")))
