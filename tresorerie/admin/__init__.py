"""The trésorerie's back-office, one module per aggregate (each imported here so Django registers it)."""

from . import plan  # noqa: F401

# isort: split
from . import indemnites  # noqa: F401  (issue 11 point 8: allowances)
