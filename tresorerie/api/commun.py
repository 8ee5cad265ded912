"""What every trésorerie API module shares."""

from rest_framework import permissions, serializers
from rest_framework.exceptions import PermissionDenied

from config.perms import peut, regle


class Connecte(permissions.IsAuthenticated):
    """Who may do what is the services' answer (config.perms); who may see what, `get_queryset()`'s."""


def reserve(user, acte: str) -> None:
    """Whoever may not read is refused (403), rather than shown an empty list."""
    if not peut(user, acte):
        raise PermissionDenied(f"Vous n'avez pas le droit de {regle(acte).libelle}.")


class MontantField(serializers.DecimalField):
    """Money as the contract writes it: a decimal string (« 1200.50 ») or a whole number, to the cent; never a
    binary float (0.1 + 0.2 is not 0.3) nor a boolean. Every amount the trésorerie's API reads goes through it."""

    default_error_messages = {
        **serializers.DecimalField.default_error_messages,
        "flottant": "Écrivez le montant comme une chaîne décimale (« 1200.50 ») : un nombre à virgule flottante "
        "n'est pas exact au centime.",
        "invalid": "Le montant doit être un nombre décimal en euros, par exemple « 1200.50 ».",
        "max_decimal_places": "Le montant se saisit au centime près (deux décimales au plus).",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, float):
            self.fail("flottant")
        return super().to_internal_value(data)
