"""The trésorerie's back-office, one module per aggregate (each imported here so Django registers it)."""

from . import plan  # noqa: F401

# isort: split
from . import cloture  # noqa: F401  (cash box, fixed assets, year-end: issue 11 points 5-7)
