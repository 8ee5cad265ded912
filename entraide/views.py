"""The espace médecin's pages of the entraide (/espace/entraide/): the guided questionnaire of a request, the
status of one's requests, the documents joined to them. A doctor sees his own requests only (another's id: 404),
and of them their status, dates and the names of the documents he joined, never the commission's work."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from commun.fichiers import taille_lisible, taille_max_par_defaut
from commun.formulaires import erreurs_du_service
from tableau.views import medecin_requis

from . import selectors, services
from .forms import DemandeEntraideForm, PiecesEntraideForm

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
        "entraide/espace/demandes.html",
        {"demandes": selectors.demandes_du_medecin(medecin=medecin)},
    )


@medecin_requis
@require_http_methods(["GET", "POST"])
def deposer(request, medecin):
    if request.method == "POST":
        form = DemandeEntraideForm(request.POST, request.FILES, taille_max=_taille_max())
        if form.is_valid():
            d = form.cleaned_data
            aujourdhui = timezone.localdate()
            try:
                with transaction.atomic():
                    demande = services.demande_deposer(
                        medecin=medecin,
                        beneficiaire=d["beneficiaire"],
                        beneficiaire_nom=d.get("beneficiaire_nom", ""),
                        natures=d["natures"],
                        situation=d["situation"],
                        questionnaire=d["questionnaire"],
                        par=request.user,
                        today=aujourdhui,
                    )
                    for fichier in d.get("fichiers") or []:
                        services.piece_deposer(demande=demande, fichier=fichier, par=request.user, today=aujourdhui)
            except ValidationError as err:
                if hasattr(err, "error_dict") and "fichier" in err.error_dict:
                    err = ValidationError({"fichiers": err.error_dict["fichier"]})
                if hasattr(err, "error_dict") and "questionnaire" in err.error_dict:
                    err = ValidationError({"situation": err.error_dict.pop("questionnaire"), **err.error_dict})
                erreurs_du_service(form, err)
            else:
                messages.success(
                    request,
                    f"Votre demande est enregistrée sous le numéro {demande.numero}. Seuls les membres de la "
                    "commission d'entraide la liront ; vous suivrez ici son avancement.",
                )
                return redirect("entraide_espace:demande", pk=demande.pk)
    else:
        form = DemandeEntraideForm(taille_max=_taille_max())
    return render(
        request,
        "entraide/espace/deposer.html",
        {"form": form, "rejoindre": FICHIERS_A_REJOINDRE if form.errors else ""},
        status=400 if form.errors else 200,
    )


@medecin_requis
@require_http_methods(["GET", "POST"])
def demande(request, medecin, pk):
    demande = get_object_or_404(selectors.demandes_du_medecin(medecin=medecin), pk=pk)
    form = PiecesEntraideForm(taille_max=_taille_max())
    if request.method == "POST":
        form = PiecesEntraideForm(request.POST, request.FILES, taille_max=_taille_max())
        if form.is_valid():
            try:
                with transaction.atomic():
                    for fichier in form.cleaned_data["fichiers"]:
                        services.piece_deposer(
                            demande=demande, fichier=fichier, par=request.user, today=timezone.localdate()
                        )
            except ValidationError as err:
                if hasattr(err, "error_dict") and "fichier" in err.error_dict:
                    err = ValidationError({"fichiers": err.error_dict["fichier"]})
                erreurs_du_service(form, err)
            else:
                messages.success(request, "Vos documents sont joints à la demande.")
                return redirect("entraide_espace:demande", pk=demande.pk)
    return render(
        request,
        "entraide/espace/demande.html",
        {
            "demande": demande,
            "pieces": selectors.pieces_visibles(user=request.user, demande=demande, date=timezone.localdate()),
            "form": form if demande.statut != "close" else None,
            "rejoindre": FICHIERS_A_REJOINDRE if form.errors else "",
        },
        status=400 if form.errors else 200,
    )
