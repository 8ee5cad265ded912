"""The entraide's espace pages, mounted at /espace/entraide/ (namespace "entraide_espace"). The ids are checked
against the logged-in doctor: another's request answers 404."""

from django.urls import path

from . import views

app_name = "entraide_espace"

urlpatterns = [
    path("", views.demandes, name="demandes"),
    path("nouvelle/", views.deposer, name="deposer"),
    path("<int:pk>/", views.demande, name="demande"),
]
