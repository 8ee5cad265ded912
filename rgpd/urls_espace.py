"""The doctor's data in the espace médecin, mounted at /espace/mes-donnees/ (namespace "rgpd_espace"): no id in any
URL, each download is the logged-in doctor's own data."""

from django.urls import path

from . import views

app_name = "rgpd_espace"

urlpatterns = [
    path("", views.mes_donnees, name="mes_donnees"),
    path("mes-donnees.json", views.donnees_json, name="json"),
    path("mes-donnees.pdf", views.donnees_pdf, name="pdf"),
]
