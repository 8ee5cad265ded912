"""The dues' back-office, one module per area (each registers its own model admins)."""

from . import (
    carte,  # noqa: F401, E402
    cotisation,  # noqa: F401
)
