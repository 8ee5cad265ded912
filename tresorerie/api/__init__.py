"""The trésorerie's API (CONTRACT.md tresorerie), one module per aggregate; each registers its viewsets on
`router` here. Views parse, filter what the user may see in `get_queryset()` (404 otherwise) and call a service;
the services' refusals become 400/403 in config.api.exception_handler."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

# Each aggregate's module registers itself (import order = URL order).
from . import chaine  # noqa: E402, F401
from . import frais as _frais  # noqa: E402, F401  (notes de frais, issue 11 point 9)

urlpatterns = [*router.urls]
