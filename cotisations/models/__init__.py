"""The dues' tables, one module per aggregate (each new module is imported here so Django registers it)."""

from .banque import (  # noqa: F401
    BordereauRemise,
    ChequeRemis,
    CompteBancaire,
    EtatLigne,
    FormatReleve,
    LigneReleve,
    ReleveBancaire,
    RoleCompte,
    VersementCNOM,
)
from .carte import DEVISE, PaiementCarte, SuiteCarte  # noqa: F401
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
from .tirage import EtatLot, EtatTirage, LotTirage, Tirage  # noqa: F401
