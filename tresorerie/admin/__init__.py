"""The trésorerie's back-office, one module per aggregate (each imported here so Django registers it)."""

from . import (  # noqa: F401
    budget,  # budgets, lines, transfers, amendments, parameters
    chaine,  # the expense chain (issue 11 points 2 and 4)
    plan,
)

# isort: split
from . import indemnites  # noqa: F401  (issue 11 point 8: allowances)
