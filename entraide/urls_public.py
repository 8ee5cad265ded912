"""/entraide/: the public page of the helplines (entraide-aides)."""

from django.urls import path

from . import views_public

app_name = "entraide_public"

urlpatterns = [path("", views_public.medecin_en_difficulte, name="medecin_en_difficulte")]
