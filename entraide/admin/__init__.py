"""The entraide back-office, one module per aggregate (each imported here so Django registers it)."""

# entraide-dossier (issue 12): the requests (their documents, their access log) and the référent.
# entraide-aides (issue 12 points 10-12)
from . import aides, contacts, demandes, referents  # noqa: F401, E402  # noqa: E402, F401
