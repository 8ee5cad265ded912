"""The trésorerie's back-office, one module per aggregate (each imported here so Django registers it)."""

from . import plan  # noqa: F401

# isort: split
from . import budget  # noqa: F401  (budget: budgets, lines, transfers, amendments, parameters)
