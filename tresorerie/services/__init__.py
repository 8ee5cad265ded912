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

# --- cash box, fixed assets, year-end (issue 11 points 5-7) ---
# isort: split
from .caisse import caisse_piece_deposer, mouvement_caisse_annuler, mouvement_caisse_enregistrer  # noqa: E402, F401
from .cloture import cloture_arreter, cloture_rappels_executer, cloture_statuer  # noqa: E402, F401
from .immobilisations import immobilisation_enregistrer, immobilisation_sortir  # noqa: E402, F401
