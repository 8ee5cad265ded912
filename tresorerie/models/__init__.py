"""The trésorerie's tables, one module per aggregate (each new module is imported here so Django registers it)."""

from .budget import Budget, LigneBudgetaire, StatutBudget  # noqa: F401
from .commun import argent  # noqa: F401
from .engagement import (  # noqa: F401
    TRANSITIONS_ENGAGEMENT,
    Engagement,
    ModeReglement,
    PieceJustificative,
    StatutEngagement,
)
from .plan import CompteComptable, NatureCompte  # noqa: F401

# --- cash box, fixed assets, year-end (issue 11 points 5-7) ---
# isort: split
from .caisse import MouvementCaisse, ParametreCaisse, PieceCaisse, SensMouvement  # noqa: E402, F401
from .cloture import Cloture, EtapeRappel, RappelCloture, StatutCloture  # noqa: E402, F401
from .immobilisation import CategorieImmobilisation, Immobilisation, MotifSortie  # noqa: E402, F401
