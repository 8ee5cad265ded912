"""The entraide back-office, one module per aggregate (each imported here so Django registers it)."""

# entraide-aides (issue 12 points 10-12)
from . import aides, contacts  # noqa: E402, F401
