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

# --- notes de frais (issue 11 point 9) ---
from .frais import (  # noqa: F401, E402
    LigneSaisie,
    justificatif_deposer,
    ligne_frais_ajouter,
    ligne_frais_retirer,
    note_frais_deposer,
    note_frais_engager,
    note_frais_liquider,
    note_frais_ordonnancer,
    note_frais_payer,
    note_frais_renvoyer,
    note_frais_soumettre,
    note_frais_verifier,
)
from .parametres import compte_enregistrer, parametre_enregistrer  # noqa: F401
