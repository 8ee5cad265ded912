"""The trésorerie's back-office, one module per aggregate (each imported here so Django registers it)."""

# --- the expense chain (issue 11 points 2 and 4) ---
from . import (
    chaine,  # noqa: F401, E402
    plan,  # noqa: F401
)
