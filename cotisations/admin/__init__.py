"""The dues' back-office, one module per area (each registers its own model admins)."""

from . import (
    cotisation,  # noqa: F401
    exoneration,  # noqa: F401
)
