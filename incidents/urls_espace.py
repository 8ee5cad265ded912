"""The declarations of incidents in the espace médecin, mounted at /espace/incidents/ (namespace
"incidents_espace"). A declaration's id is checked against the logged-in doctor's own: another's answers 404."""

from django.urls import path

from . import views

app_name = "incidents_espace"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("declarer/", views.declarer, name="declarer"),
    path("<int:pk>/", views.incident, name="incident"),
]
