"""Pages of the council, mounted at /gouvernance/ (the API is gouvernance/api.py, at /api/gouvernance/).

Names say who may open them (tests/test_autorisations.py): `public_conseil` and `declarations_publiques` are public, `espace_*` pages are
for the elected members in their espace médecin, the others are the secretariat's and the bureau's."""

from django.urls import path

from . import views

app_name = "gouvernance"

urlpatterns = [
    path("conseil/", views.public_conseil, name="public_conseil"),
    path("declarations/", views.declarations_publiques, name="declarations_publiques"),
    path("ma-declaration/", views.espace_declaration, name="espace_declaration"),
    path("seances/", views.seances, name="seances"),
    path("seances/<int:pk>/direct/", views.seance_direct, name="seance_direct"),
]
