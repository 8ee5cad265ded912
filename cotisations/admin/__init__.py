"""The dues' back-office, one module per area (each registers its own model admins)."""

from . import (
    banque,  # noqa: F401
    cotisation,  # noqa: F401
)
