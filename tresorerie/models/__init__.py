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

# --- notes de frais (issue 11 point 9) ---
from .frais import (  # noqa: F401, E402
    STATUTS_MODIFIABLES,
    TRANSITIONS_NOTE,
    BaremeKilometrique,
    JustificatifFrais,
    LigneFrais,
    NoteFrais,
    ParametresFrais,
    StatutNote,
    TypeFrais,
)
from .plan import CompteComptable, NatureCompte  # noqa: F401
