"""The expense claims in the espace médecin, mounted at /espace/notes-frais/ (namespace "notes_frais"). The ids
in these URLs are checked against what the logged-in user may see: another member's claim answers 404."""

from django.urls import path

from . import views_frais as views

app_name = "notes_frais"

urlpatterns = [
    path("", views.notes, name="notes"),
    path("nouvelle/", views.nouvelle, name="nouvelle"),
    path("a-verifier/", views.a_verifier, name="a_verifier"),
    path("<int:pk>/", views.note, name="note"),
    path("justificatifs/<int:pk>/", views.justificatif, name="justificatif"),
]
