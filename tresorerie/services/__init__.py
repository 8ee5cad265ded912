"""The writes and rules of the trésorerie, one module per aggregate (docs/nouvelle-app.md §1): `chaine` (the
expense chain: engage, liquidate, order, pay, cancel, supporting documents)."""

# --- the expense chain (issue 11 points 2 and 4): urgent expenses authorised by the président ---
from .chaine import (  # noqa: F401
    depense_urgente_autoriser,  # noqa: F401, E402
    engagement_annuler,
    engagement_engager,
    engagement_liquider,
    engagement_ordonnancer,
    engagement_payer,
    piece_deposer,
)
from .parametres import compte_enregistrer, parametre_enregistrer  # noqa: F401
