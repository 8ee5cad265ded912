"""The trésorerie's back-office, one module per aggregate (each imported here so Django registers it)."""

from . import frais as _frais  # noqa: F401, E402  (notes de frais, issue 11 point 9)
from . import plan  # noqa: F401
