"""The writes and rules of the dues, one module per aggregate (docs/nouvelle-app.md §1): `appel` (the scale, the
amount's rules, the call of a year, the hardship exemption), `paiements` (payments, receipts, counter-entries)."""

from .appel import (  # noqa: F401
    CENTIME,
    CHAMPS_BAREME,
    TAILLE_LOT,
    TAUX_INSUFFISANCE,
    au_pourcentage,
    bareme_enregistrer,
    cotisations_appeler,
    dernier_trimestre,
    exoneration_accorder,
    premier_janvier,
    reference_medecin,
    reference_paiement,
    reference_societe,
    regle_medecin,
    regle_societe,
)
from .paiements import paiement_annuler, paiement_enregistrer  # noqa: F401
from .tirage import (  # noqa: F401
    lot_rendre,
    tirage_assembler,
    tirage_fichier,
    tirage_lancer,
    tirage_reprendre,
)
