"""The espace médecin's dues pages, mounted at /espace/cotisations/ (config/urls.py): the ids in them reach only
the logged-in doctor's records and those of the companies he manages (another's answer 404)."""

from django.urls import path

from . import views_espace as views

app_name = "cotisations_espace"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("<int:pk>/appel.pdf", views.appel, name="appel"),
    path("<int:pk>/payer/", views.payer, name="payer"),
    path("recus/<int:pk>.pdf", views.recu, name="recu"),
    path("carte/<int:pk>/", views.carte, name="carte"),
    path("carte/<int:pk>/retour/", views.carte_retour, name="carte_retour"),
]
