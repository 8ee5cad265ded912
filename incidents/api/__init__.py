"""The safety observatory's API (CONTRACT.md "annonces, incidents, contrats"): /api/incidents/. Views filter what
the user may see in `get_queryset()` (404 otherwise) and call a service."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

from . import incidents  # noqa: E402, F401

urlpatterns = [*router.urls]
