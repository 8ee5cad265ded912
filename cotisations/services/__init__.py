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
from .banque import (  # noqa: F401
    Operation,
    ReleveLu,
    bordereau_etablir,
    ligne_confirmer,
    ligne_ignorer,
    ligne_rapprocher_bordereau,
    references_citees,
    releve_importer,
)
from .carte import (  # noqa: F401
    carte_rembourser,
    montant_lire,
    paiement_carte_confirmer,
    paiement_carte_creer,
    paiement_carte_refuser,
)
from .exonerations import (  # noqa: F401
    LIBELLE_ORDRE_DU_JOUR,
    demande_exoneration_accorder,
    demande_exoneration_completer,
    demande_exoneration_deposer,
    demande_exoneration_proposer,
    demande_exoneration_refuser,
    demandes_exoneration_inscrire,
    ligne_ordre_du_jour,
    numero_dossier,
)
from .paiements import (  # noqa: F401
    paiement_annuler,
    paiement_enregistrer,
    recu_programmer,
)
from .relances import (  # noqa: F401
    injonctions_demander,
    interets_legaux,
    numero_suivi_enregistrer,
    numeros_suivi_importer,
    relances_executer,
    relances_suspendre,
)
from .tirage import (  # noqa: F401
    lot_rendre,
    tirage_assembler,
    tirage_fichier,
    tirage_lancer,
    tirage_reprendre,
)
from .versement import (  # noqa: F401
    compte_enregistrer,
    pain001,
    versement_annuler,
    versement_generer,
)
