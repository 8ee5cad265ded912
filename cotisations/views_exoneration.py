"""The hardship exemption request in the espace médecin (/espace/exonerations/): ask, follow, complete, download
back one's own documents. Each page works on the logged-in doctor's records only: another's request or document
answers 404, whatever its id."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from commun.fichiers import reponse_fichier, taille_lisible, taille_max_par_defaut
from commun.formulaires import erreurs_du_service
from config.perms import exiger
from tableau.views import medecin_requis

from . import selectors, services
from .forms import CompleterDemandeForm, DemandeExonerationForm
from .models import Cotisation, StatutDemande

FICHIERS_A_REJOINDRE = (
    "Pour votre sécurité, les documents choisis ne sont pas conservés quand le formulaire contient une erreur : "
    "choisissez-les à nouveau."
)


def _taille_max() -> str:
    return taille_lisible(taille_max_par_defaut())


@medecin_requis
@require_GET
def demandes(request, medecin):
    return render(
        request,
        "cotisations/espace/exonerations.html",
        {
            "demandes": selectors.demandes_du_medecin(medecin),
            "exonerables": selectors.cotisations_exonerables(medecin).exists(),
        },
    )


@medecin_requis
@require_http_methods(["GET", "POST"])
def deposer(request, medecin):
    cotisations = list(selectors.cotisations_exonerables(medecin))
    if request.method == "POST":
        choisie = request.POST.get("cotisation", "").strip()
        # Another doctor's dues (or dues that do not exist): 404, as for any object that is not one's own.
        if choisie.isdigit() and not Cotisation.objects.filter(pk=int(choisie), medecin=medecin).exists():
            raise Http404("Cotisation introuvable.")
        form = DemandeExonerationForm(request.POST, request.FILES, cotisations=cotisations, taille_max=_taille_max())
        if form.is_valid():
            try:
                demande = services.demande_exoneration_deposer(
                    cotisation=next(c for c in cotisations if c.pk == form.cleaned_data["cotisation"]),
                    taux=form.cleaned_data["taux_demande"],
                    expose=form.cleaned_data["expose"],
                    fichiers=form.cleaned_data["fichiers"],
                    par=request.user,
                    today=timezone.localdate(),
                )
            except ValidationError as err:
                erreurs_du_service(form, err)
            else:
                messages.success(
                    request,
                    f"Votre demande est enregistrée sous le numéro {demande.numero}. Elle sera examinée par le "
                    "conseil lors de sa prochaine séance plénière ; vous serez informé de sa décision.",
                )
                return redirect("exonerations:demande", pk=demande.pk)
    else:
        form = DemandeExonerationForm(cotisations=cotisations, taille_max=_taille_max())
    return render(
        request,
        "cotisations/espace/exoneration_deposer.html",
        {"form": form, "cotisations": cotisations, "rejoindre": FICHIERS_A_REJOINDRE if form.errors else ""},
        status=400 if form.errors else 200,
    )


@medecin_requis
@require_http_methods(["GET", "POST"])
def demande(request, medecin, pk):
    demande = get_object_or_404(selectors.demandes_du_medecin(medecin), pk=pk)
    form = None
    if demande.statut == StatutDemande.INCOMPLETE:
        if request.method == "POST":
            form = CompleterDemandeForm(request.POST, request.FILES, taille_max=_taille_max())
            if form.is_valid():
                try:
                    services.demande_exoneration_completer(
                        demande=demande,
                        fichiers=form.cleaned_data["fichiers"],
                        complement=form.cleaned_data["complement"],
                        par=request.user,
                        today=timezone.localdate(),
                    )
                except ValidationError as err:
                    erreurs_du_service(form, err)
                else:
                    messages.success(
                        request,
                        f"Votre demande {demande.numero} est complétée : elle sera examinée à nouveau lors de la "
                        "prochaine séance plénière.",
                    )
                    return redirect("exonerations:demande", pk=demande.pk)
        else:
            form = CompleterDemandeForm(taille_max=_taille_max())
    elif request.method == "POST":
        messages.error(request, f"La demande {demande.numero} ne se complète pas : le conseil n'a rien demandé.")
        return redirect("exonerations:demande", pk=demande.pk)
    erreurs = form is not None and bool(form.errors)
    return render(
        request,
        "cotisations/espace/exoneration.html",
        {"demande": demande, "form": form, "rejoindre": FICHIERS_A_REJOINDRE if erreurs else ""},
        status=400 if erreurs else 200,
    )


@medecin_requis
@require_GET
def piece(request, medecin, pk):
    """One of his documents, streamed back after the permission check; another's answers 404."""
    piece = get_object_or_404(
        selectors.pieces_visibles(request.user).filter(demande__cotisation__medecin=medecin), pk=pk
    )
    exiger(request.user, "cotisations.exonerations_consulter", objet=piece.demande)
    return reponse_fichier(piece.fichier.name, nom=piece.nom_original, type_contenu=piece.type_contenu)
