"""Every write on the contracts communicated to the council (re-exported here)."""

from .contrats import (  # noqa: F401
    contrat_avis_rendre,
    contrat_envoyer,
    contrat_etudier,
    hors_delai,
    lien_declarer,
)
