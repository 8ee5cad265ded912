"""Small pieces every table of the trésorerie shares."""

from django.db import models


def argent(libelle, **kwargs):
    """Money: Decimal, 2 places (never a float)."""
    return models.DecimalField(libelle, max_digits=12, decimal_places=2, **kwargs)
