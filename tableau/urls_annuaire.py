"""The public annuaire, mounted at /annuaire/ (DOMAIN.md 1: registered doctors, minus opposed contact details)."""

from django.urls import path

from . import views

app_name = "annuaire"

urlpatterns = [
    path("", views.annuaire, name="recherche"),
]
