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

# isort: split
# --- budget (issue 11 points 1, 3, 10): transfers, amendments, yearly parameters ---
from .virement import Avenant, LigneAvenant, ParametreBudget, Virement  # noqa: E402, F401
