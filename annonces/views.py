"""The public ads (/annonces/): the published ads whose end date has not passed, searched by category, town and
sense; an ad's page, where a logged-in doctor writes to its author (the author's address is never shown)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from commun.formulaires import erreurs_du_service
from tableau.selectors import medecin_de

from . import selectors, services
from .forms import MessageAnnonceForm, RechercheAnnoncesForm

PAR_PAGE = 20


@require_GET
def liste(request):
    form = RechercheAnnoncesForm(request.GET or None)
    criteres = form.cleaned_data if form.is_valid() else {}
    qs = selectors.rechercher(
        selectors.annonces_publiques(timezone.localdate()),
        categorie=criteres.get("categorie", ""),
        commune=criteres.get("commune", ""),
        sens=criteres.get("sens", ""),
    )
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(
        request,
        "annonces/liste.html",
        {
            "form": form,
            "page": page,
            "annonces": page.object_list,
            "recherche": any(criteres.values()),
            "parametres": parametres.urlencode(),
        },
    )


@require_http_methods(["GET", "POST"])
def detail(request, pk):
    jour = timezone.localdate()
    annonce = get_object_or_404(selectors.annonces_publiques(jour), pk=pk)
    medecin = medecin_de(request.user)
    auteur = medecin is not None and medecin.pk == annonce.auteur_id
    form = None
    statut = 200
    if medecin is not None and not auteur:
        form = MessageAnnonceForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.annonce_repondre(
                    annonce_id=annonce.pk, texte=form.cleaned_data["texte"], par=request.user, today=jour
                )
            except PermissionDenied as err:
                form.add_error(None, str(err))
            except ValidationError as err:
                erreurs_du_service(form, err)
            else:
                messages.success(
                    request,
                    "Votre message est transmis à l'auteur de l'annonce (envoi programmé) : il vous répondra à "
                    "l'adresse de votre fiche.",
                )
                return redirect("annonces:detail", pk=annonce.pk)
        if form.errors:
            statut = 400
    elif request.method == "POST":
        return redirect(f"{reverse('espace:connexion')}?next={request.path}")
    return render(
        request,
        "annonces/detail.html",
        {"annonce": annonce, "form": form, "auteur": auteur, "connecte": medecin is not None},
        status=statut,
    )
