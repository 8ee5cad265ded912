"""The ads' services (annonces/services/annonces.py), re-exported."""

from .annonces import (  # noqa: F401
    annonce_demander_correction,
    annonce_deposer,
    annonce_modifier,
    annonce_publier,
    annonce_refuser,
    annonce_repondre,
    annonce_retirer,
    annonce_soumettre,
    annonces_expirer,
)
