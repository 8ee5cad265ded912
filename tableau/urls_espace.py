"""The espace médecin, mounted at /espace/: no id in any URL, each page works on the logged-in doctor's record."""

from django.urls import path

from . import views

app_name = "espace"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("connexion/", views.ConnexionView.as_view(), name="connexion"),
    path("deconnexion/", views.DeconnexionView.as_view(), name="deconnexion"),
    path("coordonnees/", views.coordonnees, name="coordonnees"),
    path("publication-annuaire/", views.publication_annuaire, name="publication_annuaire"),
    path("ordonnances/", views.ordonnances, name="ordonnances"),
    path("mot-de-passe/", views.MotDePasseView.as_view(), name="mot_de_passe"),
    path("mot-de-passe/envoye/", views.MotDePasseEnvoyeView.as_view(), name="mot_de_passe_envoye"),
    path(
        "mot-de-passe/choisir/<uidb64>/<token>/",
        views.MotDePasseConfirmerView.as_view(),
        name="mot_de_passe_confirmer",
    ),
    path("mot-de-passe/termine/", views.MotDePasseTermineView.as_view(), name="mot_de_passe_termine"),
]
