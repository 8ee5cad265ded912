"""The writes and rules of the trésorerie, one module per aggregate (docs/nouvelle-app.md §1): `chaine` (the
expense chain: engage, liquidate, order, pay, cancel, supporting documents)."""

# --- the expense chain (issue 11 points 2 and 4): urgent expenses authorised by the président ---
from .chaine import (  # noqa: F401
    depense_urgente_autoriser,  # noqa: F401, E402
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

# isort: split
# --- budget (issue 11 points 1, 3): preparation, adoption, CNOM, dotation, amendments, transfers, reminders ---
from .budget import (  # noqa: E402, F401
    avenant_enregistrer,
    budget_adopter,
    budget_creer,
    budget_dotation_enregistrer,
    budget_ligne_enregistrer,
    budget_rappels_programmer,
    budget_transmettre,
    montant_valider,
    virement_decider,
)

# --- indemnités (issue 11 point 8) ---
from .indemnites import (  # noqa: F401, E402
    autre_structure_declarer,
    bareme_indemnites_enregistrer,
    indemnites_fixees,
    indemnites_rapport,
    indemnites_responsabilite,
    repartition_enregistrer,
    vacation_enregistrer,
)

# --- cash box, fixed assets, year-end (issue 11 points 5-7) ---
# isort: split
from .caisse import caisse_piece_deposer, mouvement_caisse_annuler, mouvement_caisse_enregistrer  # noqa: E402, F401
from .cloture import cloture_arreter, cloture_rappels_executer, cloture_statuer  # noqa: E402, F401
from .immobilisations import immobilisation_enregistrer, immobilisation_sortir  # noqa: E402, F401
