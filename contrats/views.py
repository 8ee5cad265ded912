"""The doctor's contracts in the espace (/espace/contrats/): send one, follow it, read the commission's opinion,
download his PDF. Another doctor's contract answers 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from commun.fichiers import reponse_fichier
from commun.formulaires import erreurs_du_service
from config.perms import exiger
from tableau.views import medecin_requis

from . import selectors, services
from .forms import ContratForm


@medecin_requis
@require_http_methods(["GET", "POST"])
def liste(request, medecin):
    if request.method == "POST":
        form = ContratForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                contrat = services.contrat_envoyer(
                    medecin=medecin, par=request.user, today=timezone.localdate(), **form.cleaned_data
                )
            except ValidationError as err:
                erreurs_du_service(form, err)
            else:
                retard = (
                    " Il nous parvient plus d'un mois après sa signature : pensez à communiquer vos contrats dans le "
                    "mois qui suit leur conclusion."
                    if contrat.hors_delai
                    else ""
                )
                messages.success(
                    request,
                    "Votre contrat est reçu ; la commission d'étude des contrats l'examinera et son avis vous sera "
                    f"adressé par courriel et affiché ici.{retard}",
                )
                return redirect("contrats_espace:contrat", pk=contrat.pk)
    else:
        form = ContratForm()
    return render(
        request,
        "espace/contrats/liste.html",
        {"form": form, "contrats": selectors.contrats_du_medecin(medecin=medecin)},
        status=400 if form.errors else 200,
    )


@medecin_requis
@require_GET
def contrat(request, medecin, pk):
    objet = get_object_or_404(selectors.contrats_du_medecin(medecin=medecin), pk=pk)
    return render(request, "espace/contrats/contrat.html", {"contrat": objet})


@medecin_requis
@require_GET
def fichier(request, medecin, pk):
    objet = get_object_or_404(selectors.contrats_du_medecin(medecin=medecin), pk=pk)
    exiger(request.user, "contrats.contrat_lire", objet=objet, date=timezone.localdate())
    return reponse_fichier(objet.fichier.name, nom=objet.nom_original, type_contenu=objet.type_contenu)
