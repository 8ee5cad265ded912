"""The conciliation API (CONTRACT.md conciliation), one module per aggregate; each registers its viewsets on `router` here.
Views filter what the user may see in `get_queryset()` (404 otherwise) and call a service."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

# Each aggregate's module registers itself on `router` (import order = URL order).
from . import (  # noqa: E402, F401
    plaintes,
    rapport,
    reunions,
)

urlpatterns = [*rapport.urlpatterns, *router.urls]  # documents slice: the letters' .pdf routes
