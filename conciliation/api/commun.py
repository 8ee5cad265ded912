"""What the conciliation's API modules share (conc-noyau)."""

from django.utils import timezone
from rest_framework import permissions


class Connecte(permissions.IsAuthenticated):
    """Who may do what is the services' answer (config.perms); who may see what, `get_queryset()`'s (404)."""


def aujourd_hui():
    """The day of the act, as the doors pass it to the services (`today=`); one place for the tests to set it."""
    return timezone.localdate()
