"""The doctor's declarations of incidents in the espace (/espace/incidents/): declare one, see his own, and the
guidance (how to file a complaint or a main courante, the helplines). Another doctor's declaration answers 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from commun.formulaires import erreurs_du_service
from config.perms import exiger
from tableau.views import medecin_requis

from . import selectors, services
from .forms import IncidentForm


@medecin_requis
@require_GET
def liste(request, medecin):
    return render(
        request, "espace/incidents/liste.html", {"incidents": selectors.incidents_du_medecin(medecin=medecin)}
    )


@medecin_requis
@require_http_methods(["GET", "POST"])
def declarer(request, medecin):
    if request.method == "POST":
        form = IncidentForm(request.POST)
        if form.is_valid():
            try:
                incident = services.incident_declarer(
                    medecin=medecin, par=request.user, today=timezone.localdate(), **form.cleaned_data
                )
            except ValidationError as err:
                erreurs_du_service(form, err)
            else:
                messages.success(
                    request,
                    "Votre déclaration est enregistrée ; le référent sécurité du conseil en est averti et peut vous "
                    "contacter pour vous accompagner.",
                )
                return redirect("incidents_espace:incident", pk=incident.pk)
    else:
        form = IncidentForm()
    return render(request, "espace/incidents/declarer.html", {"form": form}, status=400 if form.errors else 200)


@medecin_requis
@require_GET
def incident(request, medecin, pk):
    jour = timezone.localdate()
    objet = get_object_or_404(selectors.incidents_du_medecin(medecin=medecin), pk=pk)
    exiger(request.user, "incidents.incident_lire", objet=objet, date=jour, lecture=True)
    return render(request, "espace/incidents/incident.html", {"incident": objet})
