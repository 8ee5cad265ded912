"""The dues' tables, one module per aggregate (each new module is imported here so Django registers it)."""

from .cotisation import (  # noqa: F401
    Bareme,
    Categorie,
    CompteurRecus,
    Cotisation,
    ModePaiement,
    MotifExoneration,
    Paiement,
    StatutCotisation,
)
from .exoneration import (  # noqa: F401
    STATUTS_OUVERTS,
    TRANSITIONS_DEMANDE,
    DemandeExoneration,
    PieceDemande,
    StatutDemande,
    TauxDemande,
    TypePiece,
)
from .relance import EtapeRelance, Relance  # noqa: F401
