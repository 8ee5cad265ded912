"""The trésorerie's back-office, one module per aggregate (each imported here so Django registers it)."""

from . import plan  # noqa: F401
