"""The entraide API (CONTRACT.md entraide), one module per aggregate; each registers its viewsets on `router` here.
Views filter what the user may see in `get_queryset()` (404 otherwise) and call a service."""

from django.urls import path
from rest_framework.routers import SimpleRouter

router = SimpleRouter()

# Each aggregate's module registers itself on `router` (import order = URL order).
from . import (  # noqa: E402, F401
    aides,
    contacts,
    demandes,
)

urlpatterns = [
    # entraide-aides (issue 12 points 10-12): the aids, the commission nationale, the helplines
    path("demandes/<int:pk>/aides/", aides.AidesView.as_view(), name="entraide-aides-liste"),
    path("demandes/<int:pk>/aides/<int:aide_pk>/", aides.AideDetailView.as_view(), name="entraide-aides-detail"),
    path(
        "demandes/<int:pk>/aides/<int:aide_pk>/engager/",
        aides.AideEngagerView.as_view(),
        name="entraide-aides-engager",
    ),
    path("demandes/<int:pk>/transmettre/", aides.TransmettreView.as_view(), name="entraide-cnom-transmettre"),
    path("demandes/<int:pk>/transmissions/", aides.TransmissionsView.as_view(), name="entraide-cnom-transmissions"),
    path(
        "demandes/<int:pk>/transmissions/<int:transmission_pk>/decision/",
        aides.DecisionCnomView.as_view(),
        name="entraide-cnom-decision",
    ),
    path("demandes/<int:pk>/dossier-cnom.pdf", aides.DossierCnomPdfView.as_view(), name="entraide-cnom-dossier"),
    path("contacts/", contacts.ContactsView.as_view(), name="entraide-contacts-list"),
    *router.urls,
]
