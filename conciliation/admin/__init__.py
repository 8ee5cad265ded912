"""The conciliation back-office, one module per aggregate (each imported here so Django registers it)."""

# documents slice (issue 12 point 2): the reminders' parameters, the reminders, the échéances page
from . import documents  # noqa: E402, F401
