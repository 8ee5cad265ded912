"""The writes and rules of the trésorerie, one module per aggregate (docs/nouvelle-app.md §1): `chaine` (the
expense chain: engage, liquidate, order, pay, cancel, supporting documents)."""

from .chaine import (  # noqa: F401
    engagement_annuler,
    engagement_engager,
    engagement_liquider,
    engagement_ordonnancer,
    engagement_payer,
    piece_deposer,
)
from .parametres import compte_enregistrer, parametre_enregistrer  # noqa: F401

# isort: split
# --- indemnités (issue 11 point 8) ---
from .indemnites import (  # noqa: F401, E402
    autre_structure_declarer,
    bareme_indemnites_enregistrer,
    indemnites_fixees,
    indemnites_rapport,
    indemnites_responsabilite,
    repartition_enregistrer,
    vacation_enregistrer,
)
