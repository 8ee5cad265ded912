"""The conciliation back-office, one module per aggregate (each imported here so Django registers it)."""

# conc-noyau: the complaints, their conciliators, meetings, PV, documents and links.
from . import plaintes  # noqa: F401, E402
