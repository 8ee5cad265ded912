"""The doctor's contracts in the espace médecin, mounted at /espace/contrats/ (namespace "contrats_espace"). A
contract's id is checked against the logged-in doctor's own: another's answers 404."""

from django.urls import path

from . import views

app_name = "contrats_espace"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("<int:pk>/", views.contrat, name="contrat"),
    path("<int:pk>/fichier/", views.fichier, name="fichier"),
]
