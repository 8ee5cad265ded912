"""The expense chain in the elected members' espace (/espace/tresorerie/): what waits for my signature today, by
the role I exercise on the council today (liquidateur, ordonnateur, trésorier, or their substitute while the holder
is prevented), and an engagement's page with its documents and the step I may sign. Elected members log in as
doctors; every member in office reads the chain, only the chain's members sign (the services decide)."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from commun.formulaires import erreurs_du_service
from config.perms import peut
from tableau.views import medecin_requis

from . import selectors, services
from .forms_espace import LiquiderForm, PayerForm, PieceForm
from .models import StatutEngagement

ETAPES = ("piece", "liquider", "ordonnancer", "payer")


def _aujourdhui():
    return timezone.localdate()


def lecteur_requis(vue):
    """A doctor's login, then the right to read the chain today (a member in office); else a page saying why."""

    @medecin_requis
    @wraps(vue)
    def enveloppe(request, medecin, *args, **kwargs):
        if not peut(request.user, "tresorerie.engagements_consulter", date=_aujourdhui()):
            return render(request, "tresorerie/espace/reserve.html", status=403)
        return vue(request, *args, **kwargs)

    return enveloppe


@lecteur_requis
@require_GET
def a_signer(request):
    attente = selectors.a_signer(request.user, date=_aujourdhui())
    return render(
        request,
        "tresorerie/espace/a_signer.html",
        {"attente": attente, "rien": not any(attente.values())},
    )


def _formulaires(request, engagement, jour, donnees=None, fichiers=None, etape=None):
    """The forms of the steps this member may sign on this engagement today (bound for the one posted)."""

    def lie(nom):
        return (donnees, fichiers) if nom == etape else (None, None)

    formulaires = {}
    signe = not selectors.empeche(request.user, date=jour)  # a prevented holder: his substitute signs
    ouvert = engagement.statut not in (StatutEngagement.PAYE, StatutEngagement.ANNULE)
    if ouvert and peut(request.user, "tresorerie.piece_deposer", objet=engagement, date=jour):
        formulaires["piece"] = PieceForm(*lie("piece"), prefix="piece")
    if signe and peut(request.user, "tresorerie.engagement_liquider", objet=engagement, date=jour):
        formulaires["liquider"] = LiquiderForm(
            *lie("liquider")[:1], prefix="liquider", initial={"montant": engagement.montant}
        )
    if signe and peut(request.user, "tresorerie.engagement_ordonnancer", objet=engagement, date=jour):
        formulaires["ordonnancer"] = True
    if signe and peut(request.user, "tresorerie.engagement_payer", objet=engagement, date=jour):
        formulaires["payer"] = PayerForm(*lie("payer")[:1], prefix="payer", initial={"date": jour})
    return formulaires


MESSAGES = {
    "piece": "La pièce « {piece} » est jointe à l'engagement {numero}.",
    "liquider": "L'engagement {numero} est liquidé : il attend l'ordonnancement.",
    "ordonnancer": "L'engagement {numero} est ordonnancé : le trésorier peut le payer.",
    "payer": "L'engagement {numero} est payé.",
}


@lecteur_requis
@require_http_methods(["GET", "POST"])
def engagement(request, pk):
    engagement = get_object_or_404(selectors.engagements_visibles(), pk=pk)
    jour = _aujourdhui()
    etape = request.POST.get("etape") if request.method == "POST" else None
    formulaires = _formulaires(request, engagement, jour, request.POST, request.FILES, etape)
    erreur = None
    if request.method == "POST":
        if etape not in formulaires:
            erreur = "Vous ne pouvez pas signer cette étape de l'engagement aujourd'hui."
        else:
            form = formulaires[etape]
            valide = form is True or form.is_valid()
            if valide:
                try:
                    piece = _executer(etape, form, engagement, request.user, jour)
                except ValidationError as err:
                    if form is True:
                        erreur = " ".join(err.messages)
                    else:
                        erreurs_du_service(form, err)
                except PermissionDenied as err:
                    erreur = str(err)
                else:
                    messages.success(
                        request,
                        MESSAGES[etape].format(numero=engagement.numero, piece=getattr(piece, "nom_original", "")),
                    )
                    return redirect("tresorerie_espace:engagement", pk=engagement.pk)
    erreurs = bool(erreur) or any(f is not True and f.errors for f in formulaires.values())
    return render(
        request,
        "tresorerie/espace/engagement.html",
        {
            "engagement": engagement,
            "pieces": list(engagement.pieces.all()),
            "lire_pieces": peut(request.user, "tresorerie.piece_lire", objet=engagement, date=jour),
            "formulaires": formulaires,
            "erreur": erreur,
            "erreurs": erreurs,
        },
        status=400 if erreurs else 200,
    )


def _executer(etape, form, engagement, user, jour):
    if etape == "piece":
        return services.piece_deposer(
            engagement_id=engagement.pk, fichier=form.cleaned_data["fichier"], par=user, today=jour
        )
    if etape == "liquider":
        services.engagement_liquider(
            engagement_id=engagement.pk, montant=form.cleaned_data["montant"], par=user, today=jour
        )
    elif etape == "ordonnancer":
        services.engagement_ordonnancer(engagement_id=engagement.pk, par=user, today=jour)
    elif etape == "payer":
        services.engagement_payer(
            engagement_id=engagement.pk,
            mode=form.cleaned_data["mode"],
            date=form.cleaned_data["date"],
            par=user,
            today=jour,
        )
    return None
