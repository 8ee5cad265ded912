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
# --- indemnités (issue 11 point 8: responsibility and participation allowances) ---
from .indemnite import (  # noqa: F401, E402
    VACATIONS_PAR_DUREE,
    BaremeIndemnites,
    DureeVacation,
    IndemniteAutreStructure,
    NatureVacation,
    RepartitionIndemnites,
    StructureOrdinale,
    Vacation,
)
