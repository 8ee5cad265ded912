"""Every write of the entraide, one module per aggregate (re-exported here)."""

# entraide-aides (issue 12 points 10-12): aids, the commission nationale, the helplines
from .aides import aide_decider, aide_engager  # noqa: F401, E402
from .cnom import (  # noqa: F401, E402
    aide_noter_signalement,
    aides_signaler_cnom,
    cnom_decision_enregistrer,
    demande_transmettre,
)
from .contacts import contact_enregistrer  # noqa: F401, E402
from .demandes import demande_deposer, demande_instruire, numero_suivant  # noqa: F401

# entraide-dossier (issue 12): documents, référent.
from .pieces import piece_deposer  # noqa: F401, E402
from .referents import referent_clore, referent_designer  # noqa: F401, E402
