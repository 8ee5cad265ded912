"""The dues' back-office, one module per area (each registers its own model admins)."""

from . import (
    cotisation,  # noqa: F401
    tirage,  # noqa: F401, E402
)
