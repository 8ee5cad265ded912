"""Pages of the espace médecin (/espace/) and of the public annuaire (/annuaire/).

Views parse input with tableau.forms, read with tableau.selectors and write with tableau.services. The espace
never takes an id from the URL: a doctor only ever reaches the record linked to their own login.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from commun.formulaires import erreurs_du_service

from . import selectors, services
from .forms import (
    ConnexionForm,
    CoordonneesForm,
    DeclarationPerteForm,
    OppositionAnnuaireForm,
    RechercheAnnuaireForm,
    ReinitialisationForm,
)
from .models import CHAMPS_COORDONNEES

ANNUAIRE_PAR_PAGE = 25


def medecin_requis(vue):
    """Login required; a login with no doctor behind it (staff) gets a page explaining the espace, not a crash."""

    @login_required
    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        medecin = selectors.medecin_de(request.user)
        if medecin is None:
            return render(request, "espace/reserve_medecins.html", status=403)
        request.user.medecin = medecin  # base.html reads user.medecin: no second query
        return vue(request, medecin, *args, **kwargs)

    return enveloppe


class ConnexionView(auth_views.LoginView):
    template_name = "registration/connexion.html"
    authentication_form = ConnexionForm
    redirect_authenticated_user = True


class DeconnexionView(auth_views.LogoutView):
    """Logout by POST only (Django 5), so that a third-party page cannot log a doctor out."""


@login_required
@require_GET
def accueil(request):
    medecin = selectors.medecin_fiche(request.user)
    if medecin is None:
        return render(request, "espace/reserve_medecins.html", status=403)
    request.user.medecin = medecin
    return render(request, "espace/accueil.html", {"medecin": medecin})


@medecin_requis
@require_http_methods(["GET", "POST"])
def coordonnees(request, medecin):
    if request.method == "POST":
        form = CoordonneesForm(request.POST)
        if form.is_valid():
            try:
                services.medecin_coordonnees_modifier(medecin=medecin, par=request.user, **form.cleaned_data)
            except ValidationError as err:
                erreurs_du_service(form, err)
            else:
                messages.success(request, "Vos coordonnées ont été enregistrées.")
                return redirect("espace:accueil")
    else:
        form = CoordonneesForm(initial={champ: getattr(medecin, champ) for champ in CHAMPS_COORDONNEES})
    return render(request, "espace/coordonnees.html", {"form": form, "medecin": medecin})


@medecin_requis
@require_http_methods(["GET", "POST"])
def publication_annuaire(request, medecin):
    """The doctor's right to oppose the publication of his contact details in the annuaire (RGPD art. 21)."""
    if request.method == "POST":
        form = OppositionAnnuaireForm(request.POST)
        if form.is_valid():
            medecin = services.medecin_opposition_annuaire(
                medecin=medecin, opposition=form.cleaned_data["opposition"], par=request.user
            )
            if medecin.opposition_annuaire:
                message = (
                    "Votre opposition est enregistrée : l'annuaire public n'affiche plus votre adresse ni votre "
                    "téléphone professionnels."
                )
            else:
                message = "Vos coordonnées professionnelles sont publiées dans l'annuaire public."
            messages.success(request, message)
            return redirect("espace:publication_annuaire")
    else:
        form = OppositionAnnuaireForm(initial={"opposition": "oui" if medecin.opposition_annuaire else "non"})
    return render(
        request,
        "espace/publication_annuaire.html",
        {"form": form, "medecin": medecin},
        status=400 if form.errors else 200,
    )


@medecin_requis
@require_http_methods(["GET", "POST"])
def ordonnances(request, medecin):
    if request.method == "POST":
        form = DeclarationPerteForm(request.POST)
        if form.is_valid():
            try:
                services.declaration_perte_enregistrer(
                    medecin=medecin, par=request.user, today=timezone.localdate(), **form.cleaned_data
                )
            except ValidationError as err:
                erreurs_du_service(form, err)
            else:
                accuse = f" Un accusé de réception vous est envoyé à {medecin.email}." if medecin.email else ""
                messages.success(
                    request, f"Votre déclaration a été enregistrée ; le service du tableau en est averti.{accuse}"
                )
                return redirect("espace:ordonnances")
    else:
        form = DeclarationPerteForm()
    declarations = selectors.declarations_perte_de(medecin)
    return render(request, "espace/ordonnances.html", {"form": form, "declarations": declarations})


# Password reset: Django's views with the espace's French templates. The reset form finds the account by RPPS
# or by e-mail; the confirm page is also the one `compte_medecin` links to for a first password.
class MotDePasseView(auth_views.PasswordResetView):
    form_class = ReinitialisationForm
    template_name = "registration/mot_de_passe.html"
    success_url = reverse_lazy("espace:mot_de_passe_envoye")

    def form_valid(self, form):
        # Not Django's form.save(), which sends inside the request: the link leaves from a Celery task. The same
        # redirect whether an account was found or not.
        par = self.request.user if self.request.user.is_authenticated else None
        services.mot_de_passe_lien_programmer(users=form.get_users(form.cleaned_data["email"]), par=par)
        return HttpResponseRedirect(self.get_success_url())


class MotDePasseEnvoyeView(auth_views.PasswordResetDoneView):
    template_name = "registration/mot_de_passe_envoye.html"


class MotDePasseConfirmerView(auth_views.PasswordResetConfirmView):
    template_name = "registration/mot_de_passe_confirmer.html"
    success_url = reverse_lazy("espace:mot_de_passe_termine")


class MotDePasseTermineView(auth_views.PasswordResetCompleteView):
    template_name = "registration/mot_de_passe_termine.html"


@require_GET
def annuaire(request):
    form = RechercheAnnuaireForm(request.GET or None)
    texte = ville = specialite = ""
    if form.is_valid():
        texte, ville, specialite = (form.cleaned_data[c] for c in ("q", "ville", "specialite"))
    resultats = selectors.annuaire(texte=texte, ville=ville, specialite=specialite)
    page = Paginator(resultats, ANNUAIRE_PAR_PAGE).get_page(request.GET.get("page"))
    fiches = [selectors.annuaire_fiche(m) for m in page.object_list]
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(
        request,
        "annuaire/recherche.html",
        {
            "form": form,
            "page": page,
            "fiches": fiches,
            "parametres": parametres.urlencode(),
            "recherche": bool(texte or ville or specialite),
        },
    )
