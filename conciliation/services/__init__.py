"""Every write of the conciliation, one module per aggregate (re-exported here)."""

# documents slice (issue 12 point 2): the legal clock's reminders and their parameters
# conc-noyau: the workflow (requalification, classement, documents, conciliators, meetings, PV, transmission).
from .conciliateurs import conciliateurs_designer, lien_declarer  # noqa: F401
from .echeances import echeances_rappeler, parametres_enregistrer  # noqa: F401, E402
from .plaintes import (  # noqa: F401
    numero_suivant,
    piece_deposer,
    plainte_classer,
    plainte_enregistrer,
    plainte_requalifier,
)
from .reunions import proces_verbal_etablir, reunion_fixer  # noqa: F401
from .transmission import plainte_transmettre  # noqa: F401
