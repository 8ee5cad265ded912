"""The hardship exemption request in the espace médecin, mounted at /espace/exonerations/ (namespace
"exonerations"). The ids in these URLs are checked against the logged-in doctor: another's answers 404."""

from django.urls import path

from . import views_exoneration as views

app_name = "exonerations"

urlpatterns = [
    path("", views.demandes, name="demandes"),
    path("nouvelle/", views.deposer, name="deposer"),
    path("<int:pk>/", views.demande, name="demande"),
    path("pieces/<int:pk>/", views.piece, name="piece"),
]
