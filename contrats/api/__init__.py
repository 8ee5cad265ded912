"""The contracts' API (CONTRACT.md "annonces, incidents, contrats"): /api/contrats/. Views filter what the user
may see in `get_queryset()` (404 otherwise) and call a service."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

from . import contrats  # noqa: E402, F401

urlpatterns = [*router.urls]
