"""The trésorerie's API (CONTRACT.md tresorerie), one module per aggregate; each registers its viewsets on
`router` here. Views parse, filter what the user may see in `get_queryset()` (404 otherwise) and call a service;
the services' refusals become 400/403 in config.api.exception_handler."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

# Each aggregate's module registers itself (import order = URL order).
from . import chaine  # noqa: E402, F401

# isort: split
from . import caisse  # noqa: E402, F401  (cash box, issue 11 point 5)

urlpatterns = [*router.urls]
