"""Every write of the conciliation, one module per aggregate (re-exported here)."""

from .plaintes import numero_suivant, plainte_enregistrer  # noqa: F401
