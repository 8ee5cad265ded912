"""The contracts' back-office, one module per aggregate (each imported here so Django registers it)."""

from . import contrats  # noqa: F401
