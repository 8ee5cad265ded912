"""Every write of the entraide, one module per aggregate (re-exported here)."""

from .demandes import demande_deposer, numero_suivant  # noqa: F401
