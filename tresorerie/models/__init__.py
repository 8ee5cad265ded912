"""The trésorerie's tables, one module per aggregate (each new module is imported here so Django registers it)."""

from .budget import Budget, LigneBudgetaire, StatutBudget  # noqa: F401
from .commun import argent  # noqa: F401

# --- the expense chain (issue 11 points 2 and 4): urgent expenses, replacement of assets ---
from .engagement import (  # noqa: F401  # noqa: F401, E402
    TRANSITIONS_ENGAGEMENT,
    AutorisationDepenseUrgente,
    Engagement,
    ModeReglement,
    NatureDepenseUrgente,
    PieceJustificative,
    PlafondsRemplacement,
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

# isort: split
# --- budget (issue 11 points 1, 3, 10): transfers, amendments, yearly parameters ---
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
from .virement import Avenant, LigneAvenant, ParametreBudget, Virement  # noqa: E402, F401

# --- cash box, fixed assets, year-end (issue 11 points 5-7) ---
# isort: split
from .caisse import MouvementCaisse, ParametreCaisse, PieceCaisse, SensMouvement  # noqa: E402, F401
from .cloture import Cloture, EtapeRappel, RappelCloture, StatutCloture  # noqa: E402, F401
from .immobilisation import CategorieImmobilisation, Immobilisation, MotifSortie  # noqa: E402, F401
