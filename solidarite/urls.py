"""The private feeds behind their secret link, mounted at /solidarite/ (namespace "solidarite")."""

from django.urls import path

from . import views

app_name = "solidarite"

urlpatterns = [
    path("agenda/<str:token>.ics", views.agenda_secret, name="agenda_secret"),
    path("agenda/<str:token>.csv", views.agenda_secret_csv, name="agenda_secret_csv"),
]
