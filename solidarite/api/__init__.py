"""The API of territorial solidarity (CONTRACT.md solidarite), mounted at /api/solidarite/. Views parse, filter
what the user may see in `get_queryset()` (404 otherwise) and call a service; the services' refusals become
400/403 in config.api.exception_handler."""

from django.urls import path
from rest_framework.routers import SimpleRouter

router = SimpleRouter()

from . import indemnites, journees, lieux, volontaires  # noqa: E402, F401

urlpatterns = [
    # The feeds, without trailing slash (CONTRACT.md), before the router's "<pk>/" routes.
    path("lieux/<int:pk>/agenda.ics", lieux.LIEU_ICS, name="solidarite-lieu-agenda-ics"),
    path("lieux/<int:pk>/agenda.csv", lieux.LIEU_CSV, name="solidarite-lieu-agenda-csv"),
    path("volontaires/<int:pk>/agenda.ics", volontaires.VOLONTAIRE_ICS, name="solidarite-volontaire-agenda-ics"),
    path("volontaires/<int:pk>/agenda.csv", volontaires.VOLONTAIRE_CSV, name="solidarite-volontaire-agenda-csv"),
    path("indemnites/releve.pdf", indemnites.ReleveVue.as_view(format_fichier="pdf"), name="solidarite-releve-pdf"),
    path("indemnites/releve.xlsx", indemnites.ReleveVue.as_view(format_fichier="xlsx"), name="solidarite-releve-xlsx"),
    *router.urls,
]
