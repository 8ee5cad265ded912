"""The pages of territorial solidarity: the espace médecin's (/espace/solidarite/: volunteer, follow the
application and its log, see one's days, the private feed's link and its renewal) and the private feed behind its
secret link (/solidarite/agenda/<jeton>.ics, no login: the link is the credential, renewed to revoke it)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from commun.formulaires import erreurs_du_service
from tableau.views import medecin_requis

from . import agenda, selectors, services
from .api.commun import reponse_csv, reponse_ics
from .forms import VolontariatForm
from .models import STATUTS_CLOS, Volontaire


def _volontaire_du_jeton(token: str) -> Volontaire:
    return get_object_or_404(Volontaire.objects.select_related("medecin"), jeton_agenda=token)


def _exporter(volontaire):
    return services.journees_exporter(
        selectors.journees_du_volontaire(volontaire), par=None, today=timezone.localdate()
    )


@require_GET
def agenda_secret(request, token):
    volontaire = _volontaire_du_jeton(token)
    journees, exclus = _exporter(volontaire)
    nom = f"Solidarité territoriale – Dr {volontaire.medecin.nom_complet}"
    return reponse_ics(agenda.calendrier(journees, nom=nom, exclus=exclus), agenda.nom_fichier("agenda", "ics"))


@require_GET
def agenda_secret_csv(request, token):
    volontaire = _volontaire_du_jeton(token)
    journees, exclus = _exporter(volontaire)
    return reponse_csv(agenda.tableur(journees, exclus=exclus), agenda.nom_fichier("agenda", "csv"))


@medecin_requis
@require_http_methods(["GET", "POST"])
def espace(request, medecin):
    volontariats = list(selectors.volontariat_du_medecin(medecin))
    ouvert = next((v for v in volontariats if v.statut not in STATUTS_CLOS), None)
    today = timezone.localdate()
    form = None
    if ouvert is None or ouvert.statut in ("deposee", "correction_demandee"):
        initial = {}
        if ouvert is not None:
            initial = {
                "lieux": list(ouvert.lieux.all()),
                "creneaux_souhaites": ouvert.creneaux_souhaites,
                "lieu_exercice_principal": ouvert.lieu_exercice_principal,
            }
        form = VolontariatForm(request.POST if request.POST.get("action") == "volontariat" else None, initial=initial)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "renouveler_lien" and ouvert is not None:
                services.jeton_renouveler(volontaire=ouvert, par=request.user, today=today)
                messages.success(request, "Un nouveau lien d'agenda a été créé : l'ancien ne fonctionne plus.")
                return redirect("solidarite_espace:accueil")
            if action == "volontariat" and form is not None and form.is_valid():
                if ouvert is None:
                    services.volontaire_deposer(medecin=medecin, par=request.user, today=today, **form.cleaned_data)
                    messages.success(request, "Votre candidature est déposée : le conseil va la vérifier.")
                else:
                    services.volontaire_corriger(volontaire=ouvert, par=request.user, today=today, **form.cleaned_data)
                    messages.success(request, "Votre candidature est modifiée.")
                return redirect("solidarite_espace:accueil")
        except ValidationError as err:
            if form is None:
                raise
            erreurs_du_service(form, err)
        except PermissionDenied as err:
            messages.error(request, str(err))
    lien = None
    if ouvert is not None:
        lien = request.build_absolute_uri(reverse("solidarite:agenda_secret", kwargs={"token": ouvert.jeton_agenda}))
    return render(
        request,
        "solidarite/espace.html",
        {"form": form, "ouvert": ouvert, "volontariats": volontariats, "lien_agenda": lien},
    )
