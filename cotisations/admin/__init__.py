"""The dues' back-office, one module per area (each registers its own model admins)."""

from . import cotisation, etats  # noqa: F401
