"""My ads, in the espace médecin (/espace/annonces/): draft one, edit it, submit it to the council's moderators,
withdraw it; read the moderator's motif. A published ad's change waits as a revision: the page shows both the
published text and the change with its state."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from commun.formulaires import erreurs_du_service
from config.perms import peut
from tableau.views import medecin_requis

from . import selectors, services
from .forms import AnnonceForm
from .models import CHAMPS_CONTENU, StatutAnnonce

ACTES = {
    "soumettre": (
        services.annonce_soumettre,
        "Votre annonce est soumise à la modération du conseil : elle sera publiée après vérification.",
    ),
    "retirer": (services.annonce_retirer, "Votre annonce est retirée : elle n'est plus affichée."),
}


def _annonce(medecin, pk):
    return get_object_or_404(selectors.annonces_du_medecin(medecin), pk=pk)


@medecin_requis
@require_GET
def liste(request, medecin):
    return render(request, "annonces/espace/liste.html", {"annonces": selectors.annonces_du_medecin(medecin)})


@medecin_requis
@require_http_methods(["GET", "POST"])
def nouvelle(request, medecin):
    form = AnnonceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            annonce = services.annonce_deposer(
                donnees=dict(form.cleaned_data), par=request.user, today=timezone.localdate()
            )
        except PermissionDenied as err:
            form.add_error(None, str(err))
        except ValidationError as err:
            erreurs_du_service(form, err)
        else:
            messages.success(
                request, "Votre annonce est enregistrée en brouillon : relisez-la, puis soumettez-la à la modération."
            )
            return redirect("annonces_espace:detail", pk=annonce.pk)
    return render(
        request,
        "annonces/espace/formulaire.html",
        {"form": form, "titre": "Nouvelle annonce", "annonce": None},
        status=400 if form.errors else 200,
    )


@medecin_requis
@require_http_methods(["GET", "POST"])
def detail(request, medecin, pk):
    annonce = _annonce(medecin, pk)
    jour = timezone.localdate()
    erreurs = []
    if request.method == "POST":
        acte = ACTES.get(request.POST.get("acte", ""))
        if acte is None:
            erreurs.append("Action inconnue.")
        else:
            service, succes = acte
            try:
                service(annonce_id=annonce.pk, par=request.user, today=jour)
            except (PermissionDenied, ValidationError) as err:
                erreurs.extend(err.messages if isinstance(err, ValidationError) else [str(err)])
            else:
                messages.success(request, succes)
                return redirect("annonces_espace:detail", pk=annonce.pk)
    revision = selectors.revision_en_cours(annonce)
    publiee = annonce.statut == StatutAnnonce.PUBLIEE
    return render(
        request,
        "annonces/espace/detail.html",
        {
            "annonce": annonce,
            "revision": revision,
            "publique": publiee and (annonce.date_fin is None or annonce.date_fin >= jour),
            "modifier": peut(request.user, "annonces.annonce_modifier", objet=annonce, date=jour)
            and not (revision is not None and revision.statut == "soumise"),
            "soumettre": annonce.statut in ("brouillon", "correction_demandee")
            or (publiee and revision is not None and revision.statut in ("brouillon", "correction_demandee")),
            "retirer": peut(request.user, "annonces.annonce_retirer", objet=annonce, date=jour),
            "erreurs": erreurs,
        },
        status=400 if erreurs else 200,
    )


@medecin_requis
@require_http_methods(["GET", "POST"])
def modifier(request, medecin, pk):
    annonce = _annonce(medecin, pk)
    jour = timezone.localdate()
    revision = selectors.revision_en_cours(annonce)
    source = revision if annonce.statut == StatutAnnonce.PUBLIEE and revision is not None else annonce
    form = AnnonceForm(request.POST or None, initial={c: getattr(source, c) for c in CHAMPS_CONTENU})
    if request.method == "POST" and form.is_valid():
        try:
            services.annonce_modifier(
                annonce_id=annonce.pk, donnees=dict(form.cleaned_data), par=request.user, today=jour
            )
        except PermissionDenied as err:
            form.add_error(None, str(err))
        except ValidationError as err:
            erreurs_du_service(form, err)
        else:
            messages.success(
                request,
                "Votre modification est enregistrée : soumettez-la à la modération ; d'ici là, l'annonce publiée reste "
                "affichée telle quelle."
                if annonce.statut == StatutAnnonce.PUBLIEE
                else "Votre annonce est modifiée.",
            )
            return redirect("annonces_espace:detail", pk=annonce.pk)
    return render(
        request,
        "annonces/espace/formulaire.html",
        {"form": form, "titre": f"Modifier l'annonce « {annonce.titre} »", "annonce": annonce},
        status=400 if form.errors else 200,
    )
