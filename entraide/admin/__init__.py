"""The entraide back-office, one module per aggregate (each imported here so Django registers it)."""

# entraide-dossier (issue 12): the requests (their documents, their access log) and the référent.
from . import demandes, referents  # noqa: F401, E402
