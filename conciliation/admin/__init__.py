"""The conciliation back-office, one module per aggregate (each imported here so Django registers it)."""

# documents slice (issue 12 point 2): the reminders' parameters, the reminders, the échéances page
# conc-noyau: the complaints, their conciliators, meetings, PV, documents and links.
from . import (
    documents,  # noqa: E402, F401
    plaintes,  # noqa: F401, E402
)
