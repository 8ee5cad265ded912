"""The trésorerie's API (CONTRACT.md tresorerie), one module per aggregate; each registers its viewsets on
`router` here. Views parse, filter what the user may see in `get_queryset()` (404 otherwise) and call a service;
the services' refusals become 400/403 in config.api.exception_handler."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

# Each aggregate's module registers itself on `router` (import order = URL order).
from . import (  # noqa: E402, F401
    budget,  # budgets, virements (issue 11 points 1, 3)
    caisse,  # the cash box (point 5)
    chaine,  # engagements, pieces, urgent expenses (points 2, 4)
    frais,  # expense claims (point 9)
    indemnites,  # allowances, vacations (point 8)
)

urlpatterns = [*router.urls]
