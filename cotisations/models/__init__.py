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
from .etats import EtatImpayes, TableauDeBord  # noqa: F401
from .relance import EtapeRelance, Relance  # noqa: F401
