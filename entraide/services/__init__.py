"""Every write of the entraide, one module per aggregate (re-exported here)."""

from .demandes import demande_deposer, demande_instruire, numero_suivant  # noqa: F401

# entraide-dossier (issue 12): documents, référent.
from .pieces import piece_deposer  # noqa: F401, E402
from .referents import referent_clore, referent_designer  # noqa: F401, E402
