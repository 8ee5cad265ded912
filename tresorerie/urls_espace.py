"""The expense chain in the elected members' espace, mounted at /espace/tresorerie/ (namespace "tresorerie_espace").
The documents download through the API (/api/tresorerie/engagements/{id}/pieces/{piece}/), after its check."""

from django.urls import path

from . import views_espace as views

app_name = "tresorerie_espace"

urlpatterns = [
    path("", views.a_signer, name="a_signer"),
    path("<int:pk>/", views.engagement, name="engagement"),
]
