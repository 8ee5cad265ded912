"""The espace médecin's page of territorial solidarity, mounted at /espace/solidarite/."""

from django.urls import path

from . import views

app_name = "solidarite_espace"

urlpatterns = [path("", views.espace, name="accueil")]
