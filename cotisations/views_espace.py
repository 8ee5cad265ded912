"""The espace médecin's dues pages (/espace/cotisations/): each year's dues of the logged-in doctor and of the
companies he manages as gérant, the reminders received, the call and the receipts as PDF, the card payment.

An id in these URLs only ever reaches a record of the doctor's (selectors.*_de_l_espace): another's answers 404.
Views parse, call one service or selector, render; the card payment's provider is django-payments' (the form of
the configured variant; the notification arrives at /paiements/, cotisations/fournisseurs.py)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from payments import PaymentError, RedirectNeeded

from commun.formulaires import erreurs_du_service
from config.perms import exiger, peut
from tableau.views import medecin_requis

from . import documents, selectors, services
from .forms_espace import MontantForm
from .models import Cotisation, Paiement, PaiementCarte, SuiteCarte


def _pdf(contenu: bytes, nom: str) -> HttpResponse:
    reponse = HttpResponse(contenu, content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


def _cotisation(medecin, pk) -> Cotisation:
    try:
        return selectors.cotisations_de_l_espace(medecin).get(pk=pk)
    except Cotisation.DoesNotExist:
        raise Http404("Aucune de vos cotisations ne porte ce numéro.") from None


def _carte(medecin, pk) -> PaiementCarte:
    try:
        return selectors.paiement_carte_de_l_espace(medecin, pk)
    except PaiementCarte.DoesNotExist:
        raise Http404("Aucun de vos paiements par carte ne porte ce numéro.") from None


@medecin_requis
@require_GET
def liste(request, medecin):
    cotisations = list(selectors.cotisations_de_l_espace(medecin))
    for cotisation in cotisations:
        cotisation.payable = bool(settings.CDOM_PAIEMENT_FOURNISSEUR) and peut(
            request.user, "cotisations.payer_en_ligne", objet=cotisation
        )
    return render(
        request,
        "cotisations/espace/liste.html",
        {"medecin": medecin, "cotisations": cotisations, "carte_ouverte": bool(settings.CDOM_PAIEMENT_FOURNISSEUR)},
    )


@medecin_requis
@require_GET
def appel(request, medecin, pk):
    cotisation = _cotisation(medecin, pk)
    exiger(request.user, "cotisations.espace_consulter", objet=cotisation)
    return _pdf(documents.appel_pdf(cotisation), documents.nom_appel(cotisation))


@medecin_requis
@require_GET
def recu(request, medecin, pk):
    try:
        paiement = selectors.paiement_de_l_espace(medecin, pk)
    except Paiement.DoesNotExist:
        raise Http404("Aucun de vos reçus ne porte ce numéro.") from None
    exiger(request.user, "cotisations.espace_consulter", objet=paiement.cotisation)
    return _pdf(documents.recu_pdf(paiement), documents.nom_recu(paiement))


@medecin_requis
@require_http_methods(["GET", "POST"])
def payer(request, medecin, pk):
    cotisation = _cotisation(medecin, pk)
    exiger(request.user, "cotisations.espace_consulter", objet=cotisation)
    if request.method == "POST":
        form = MontantForm(request.POST)
        if form.is_valid():
            try:
                carte = services.paiement_carte_creer(
                    cotisation=cotisation,
                    montant=form.cleaned_data["montant"],
                    par=request.user,
                    today=timezone.localdate(),
                )
            except ValidationError as err:
                erreurs_du_service(form, err)
            except PermissionDenied as err:
                form.add_error(None, str(err))
            else:
                return redirect("cotisations_espace:carte", pk=carte.pk)
    else:
        form = MontantForm(initial={"montant": max(cotisation.solde, 0)})
    return render(
        request,
        "cotisations/espace/payer.html",
        {
            "medecin": medecin,
            "cotisation": cotisation,
            "form": form,
            "carte_ouverte": bool(settings.CDOM_PAIEMENT_FOURNISSEUR),
        },
        status=400 if form.errors else 200,
    )


@medecin_requis
@require_http_methods(["GET", "POST"])
def carte(request, medecin, pk):
    """The provider's form (django-payments' get_form): the simulated bank's page, or a redirect to the real one."""
    paiement_carte = _carte(medecin, pk)
    if paiement_carte.suite != SuiteCarte.EN_ATTENTE:
        return redirect("cotisations_espace:carte_retour", pk=paiement_carte.pk)
    try:
        form = paiement_carte.get_form(data=request.POST or None)
    except RedirectNeeded as suite:
        return redirect(str(suite))
    except (PaymentError, ValueError):  # ValueError: the payment's provider is no longer configured
        messages.error(request, "La banque n'a pas pu ouvrir le paiement : réessayez plus tard.")
        return redirect("cotisations_espace:carte_retour", pk=paiement_carte.pk)
    return render(
        request,
        "cotisations/espace/carte.html",
        {"medecin": medecin, "paiement_carte": paiement_carte, "cotisation": paiement_carte.cotisation, "form": form},
        status=400 if form.errors else 200,
    )


@medecin_requis
@require_GET
def carte_retour(request, medecin, pk):
    paiement_carte = _carte(medecin, pk)
    return render(
        request,
        "cotisations/espace/retour.html",
        {"medecin": medecin, "paiement_carte": paiement_carte, "cotisation": paiement_carte.cotisation},
    )
