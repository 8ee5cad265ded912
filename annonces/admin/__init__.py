"""The ads' back-office (imported here so Django registers it)."""

from . import annonces  # noqa: F401  (moderation, issue 13 point 6)
