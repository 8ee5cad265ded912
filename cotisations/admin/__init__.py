"""The dues' back-office, one module per area (each registers its own model admins)."""

from . import (  # noqa: F401
    banque,
    carte,
    cotisation,
    dossier,
    etats,
    exoneration,
    relances,
    tirage,
)
