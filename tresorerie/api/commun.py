"""What every trésorerie API module shares."""

from rest_framework import permissions
from rest_framework.exceptions import PermissionDenied

from config.perms import peut, regle


class Connecte(permissions.IsAuthenticated):
    """Who may do what is the services' answer (config.perms); who may see what, `get_queryset()`'s."""


def reserve(user, acte: str) -> None:
    """Whoever may not read is refused (403), rather than shown an empty list."""
    if not peut(user, acte):
        raise PermissionDenied(f"Vous n'avez pas le droit de {regle(acte).libelle}.")
