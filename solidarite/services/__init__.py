"""The writes and rules of territorial solidarity, one module per aggregate (re-exported here)."""

from .indemnites import (  # noqa: F401
    indemnites_du_mois,
    indemnites_payer,
    montant_journalier,
    parametre_indemnite_enregistrer,
    releve_mensuel,
)
from .journees import (  # noqa: F401
    dates_recurrentes,
    journee_annuler,
    journee_effectuer,
    journee_modifier,
    journee_planifier,
    journees_exporter,
    journees_planifier_serie,
    journees_publier,
)
from .lieux import conseil_enregistrer, lieu_enregistrer  # noqa: F401
from .volontaires import (  # noqa: F401
    controler,
    controles_export,
    jeton_renouveler,
    volontaire_classer_sans_suite,
    volontaire_corriger,
    volontaire_demander_correction,
    volontaire_deposer,
    volontaire_ouvrir_verification,
    volontaire_refuser,
    volontaire_valider,
    volontaires_importer,
)
