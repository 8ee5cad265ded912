"""The back-office of territorial solidarity, one module per aggregate (each imported here so Django registers it)."""

from . import indemnites, journees, lieux, volontaires  # noqa: F401
