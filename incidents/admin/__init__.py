"""The safety observatory's back-office, one module per aggregate (each imported here so Django registers it)."""

from . import incidents  # noqa: F401
