from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from config.views import sante

admin.site.site_header = "Back-office du conseil départemental de l'Ordre des médecins"
admin.site.site_title = "Back-office CDOM"
admin.site.index_title = "Administration"

urlpatterns = [
    path("", TemplateView.as_view(template_name="accueil.html"), name="accueil"),
    path("admin/", admin.site.urls),
    path("sante/", sante, name="sante"),
    path("espace/cotisations/", include("cotisations.urls_espace", namespace="cotisations_espace")),
    path("espace/exonerations/", include("cotisations.urls_espace_exoneration", namespace="exonerations")),
    # tresorerie, the expense chain (issue 11): the elected members' pages.
    path("espace/tresorerie/", include("tresorerie.urls_espace", namespace="tresorerie_espace")),
    # tresorerie, notes de frais (issue 11 point 9)
    path("espace/notes-frais/", include("tresorerie.urls_frais", namespace="notes_frais")),
    # entraide-dossier (issue 12): a doctor's requests for mutual aid.
    path("espace/entraide/", include("entraide.urls_espace", namespace="entraide_espace")),
    path("espace/", include("tableau.urls_espace", namespace="espace")),
    path("annuaire/", include("tableau.urls_annuaire", namespace="annuaire")),
    path("gouvernance/", include("gouvernance.urls", namespace="gouvernance")),
    path("api/auth/token/", obtain_auth_token, name="api-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("api/", include("tableau.api")),
    path("api/gouvernance/", include("gouvernance.api")),
    path("api/cotisations/", include("cotisations.api")),
    path("api/tresorerie/", include("tresorerie.api")),
    path("api/conciliation/", include("conciliation.api")),
    path("api/entraide/", include("entraide.api")),
    # annonces (issue 13 point 6): the API, the public page, the doctor's ads in his espace.
    path("api/annonces/", include("annonces.api")),
    path("annonces/", include("annonces.urls", namespace="annonces")),
    path("espace/annonces/", include("annonces.urls_espace", namespace="annonces_espace")),
    # incidents, contrats (issue 13 points 7-8): the API and the espace pages.
    path("api/incidents/", include("incidents.api")),
    path("api/contrats/", include("contrats.api")),
    path("espace/incidents/", include("incidents.urls_espace", namespace="incidents_espace")),
    path("espace/contrats/", include("contrats.urls_espace", namespace="contrats_espace")),
    # django-payments: the card providers' notifications (cotisations/fournisseurs.py verifies them).
    path("paiements/", include("payments.urls")),
    # solidarite (issue 13 points 1-5): its API, the espace page, the private feeds behind their secret link.
    path("api/solidarite/", include("solidarite.api")),
    path("espace/solidarite/", include("solidarite.urls_espace", namespace="solidarite_espace")),
    path("solidarite/", include("solidarite.urls", namespace="solidarite")),
    # entraide-aides (issue 12 point 12): the helplines' public page « Médecin en difficulté ? »
    path("entraide/", include("entraide.urls_public", namespace="entraide_public")),
    # rgpd (issue 13 point 9): a doctor's data, downloaded from his espace (JSON and PDF).
    path("espace/mes-donnees/", include("rgpd.urls_espace", namespace="rgpd_espace")),
]
