"""The doctor's ads in the espace médecin, mounted at /espace/annonces/ (namespace "annonces_espace"); an id that
is not one of the logged-in doctor's ads answers 404."""

from django.urls import path

from . import views_espace as views

app_name = "annonces_espace"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("nouvelle/", views.nouvelle, name="nouvelle"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.modifier, name="modifier"),
]
