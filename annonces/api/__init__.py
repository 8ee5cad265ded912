"""The ads' API (CONTRACT.md annonces): `/api/annonces/`, its detail, PATCH by the author, and the acts
(soumettre, retirer by the author; publier, demander-correction, refuser by the moderators). Views parse, filter
what the visitor may see in `get_queryset()` (404 otherwise) and call a service."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

from . import annonces  # noqa: E402, F401

urlpatterns = [*router.urls]
