"""Every write of the conciliation, one module per aggregate (re-exported here)."""

# documents slice (issue 12 point 2): the legal clock's reminders and their parameters
from .echeances import echeances_rappeler, parametres_enregistrer  # noqa: F401, E402
from .plaintes import numero_suivant, plainte_enregistrer  # noqa: F401
