"""The dues' back-office, one module per area (each registers its own model admins)."""

from . import cotisation, dossier  # noqa: F401
