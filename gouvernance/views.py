"""Pages of the council, mounted at /gouvernance/:

- the live page a staff member (or the président, the secrétaire général) uses in the meeting room to run a session:
  attendance, substitutes, quorum, opening, deliberations, election rounds, closing, the procès-verbal;
- the list of sessions;
- the espace page where an elected member files their declaration of interests and signs the engagement
  attestation (seed 002 annexes), and the public page of the declarations in force.

Views parse with gouvernance.forms, read with gouvernance.selectors, write with gouvernance.services, and ask
gouvernance.perms who may act; a service's French message is shown next to the form that caused it.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from commun.formulaires import erreurs_du_service
from config.perms import exiger, peut
from tableau.views import medecin_requis

from . import forms, selectors, services
from .models import Seance, StatutSeance

SEANCES_PAR_PAGE = 30
# Who may open the live page: anyone who may keep the register, run the session or record its decisions on that
# date (staff by their group's permissions; the président, the secrétaire général and his adjoints by function),
# and the doyen d'âge who chairs one of its elections (he records its rounds).
ACTIONS_CONDUITE = ("gouvernance.emargement", "gouvernance.seance_conduire", "gouvernance.deliberation")


def _aujourdhui():
    return timezone.localdate()


def _messages_de(err: ValidationError) -> list[str]:
    return [m for ms in (err.message_dict.values() if hasattr(err, "error_dict") else [err.messages]) for m in ms]


def _peut_conduire(user, seance) -> bool:
    if any(peut(user, action, objet=seance) for action in ACTIONS_CONDUITE):
        return True
    return any(peut(user, "gouvernance.tour", objet=e) for e in seance.elections.select_related("seance"))


def _refus(request, message: str):
    return render(request, "gouvernance/reserve.html", {"message": message}, status=403)


def conduite_requise(vue):
    """Pages of those who run sessions: a login, then the right to run them; a French 403 page otherwise. A
    logged-out visitor goes to the espace login, which takes the président's RPPS as well as a staff login (the
    back-office's login refuses doctors)."""

    @login_required(login_url="espace:connexion")
    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        return vue(request, *args, **kwargs)

    return enveloppe


# --- list of sessions ---------------------------------------------------------------------------------------------


@conduite_requise
@require_GET
def seances(request):
    try:
        exiger(request.user, "gouvernance.seances_lister")
    except PermissionDenied as err:
        return _refus(request, str(err))
    page = Paginator(selectors.seances_liste(), SEANCES_PAR_PAGE).get_page(request.GET.get("page"))
    return render(request, "gouvernance/seances.html", {"page": page, "seances": page.object_list})


# --- the live page --------------------------------------------------------------------------------------------------


def _fabriques(etat: dict) -> dict:
    suivant = etat["suivant"]
    fabriques = {
        "emarger": lambda d: forms.EmargementForm(d, titulaires=etat["empeches"], prefix="emargement"),
        "remplacer": lambda d: forms.RemplacementForm(
            d,
            suppleants=etat["suppleants_libres"],
            empeches=etat["empeches"],
            prefix="remplacement",
            initial={"membre": suivant.pk} if suivant else None,
        ),
        "absence": lambda d: forms.AbsenceForm(d, absents=etat["non_emarges"], prefix="absence"),
        "point": lambda d: forms.PointForm(d, prefix="point"),
        "deliberer": lambda d: forms.DeliberationForm(d, presents=etat["presents"], prefix="deliberation"),
        "election": lambda d: forms.ElectionForm(d, eligibles=etat["titulaires"], prefix="election"),
    }
    for e in etat["elections"]:
        if e["ouverte"]:
            fabriques[f"tour-{e['election'].pk}"] = lambda d, e=e: forms.TourForm(
                d, candidats=e["candidats"], prefix=f"tour{e['election'].pk}"
            )
    return fabriques


# action -> anchor on the page. Who may do each is the service's question (config.perms), as in the API.
ACTIONS_DIRECT = {
    "emarger": "registre",
    "remplacer": "registre",
    "absence": "registre",
    "ouvrir": "deroulement",
    "point": "ordre-du-jour",
    "deliberer": "deliberations",
    "election": "elections",
    "tour": "elections",
    "clore": "deroulement",
    "envoyer_pv": "deroulement",
}


def _executer(request, seance, action: str, form) -> str:
    """Run one action through its service; returns the success message. Raises ValidationError/PermissionDenied."""
    par = request.user
    if action == "emarger":
        membre = form.membre("membre")
        services.emargement_enregistrer(seance=seance, membre=membre, par=par)
        return f"{forms._nom(membre)} a émargé."
    if action == "remplacer":
        membre, remplace = form.membre("membre"), form.membre("remplace")
        services.emargement_enregistrer(seance=seance, membre=membre, remplace=remplace, par=par)
        if remplace is None:
            return f"{forms._nom(membre)} assiste sans voix délibérative."
        return f"{forms._nom(membre)} siège en remplacement de {forms._nom(remplace)}."
    if action == "absence":
        membre = form.membre("membre")
        services.absence_enregistrer(
            seance=seance,
            membre=membre,
            excusee=form.cleaned_data["excusee"],
            motif=form.cleaned_data["motif"],
            par=par,
        )
        return f"Absence de {forms._nom(membre)} enregistrée."
    if action == "ouvrir":
        seance = services.seance_ouvrir(seance=seance, par=par)
        if seance.quorum_ouverture or seance.suite_a_id:
            return "La séance est ouverte. Rappel : les délibérations du conseil sont confidentielles."
        return (
            "La séance est ouverte sans quorum : le conseil ne peut pas délibérer. Reportez les points à la séance "
            "suivante ou convoquez sous quinze jours une séance extraordinaire."
        )
    if action == "point":
        services.seance_ajouter_point(seance=seance, libelle=form.cleaned_data["libelle"], par=par)
        return "Le point est ajouté à l'ordre du jour."
    if action == "deliberer":
        deliberation = services.deliberation_enregistrer(seance=seance, par=par, **form.donnees_service())
        issue = "adoptée" if deliberation.adoptee else "rejetée"
        return f"Délibération n° {deliberation.numero} enregistrée : {issue}."
    if action == "election":
        election = services.election_creer(
            seance=seance,
            poste=form.cleaned_data["poste"],
            ordre=form.cleaned_data["ordre"],
            candidats=form.membres_de("candidats"),
            par=par,
        )
        return f"Élection ouverte : {election.get_poste_display().lower()}."
    if action.startswith("tour-"):
        election = next(e["election"] for e in form.etat["elections"] if f"tour-{e['election'].pk}" == action)
        tour = services.tour_enregistrer(
            election=election, voix=form.voix(), blancs_nuls=form.cleaned_data["blancs_nuls"], par=par
        )
        if tour.elu_id:
            elu = next(m for m in form.candidats if m.pk == tour.elu_id)
            return f"{tour.get_numero_display()} : {forms._nom(elu)} est élu."
        return "Premier tour : aucun candidat n'a la majorité absolue des suffrages exprimés ; procédez au second tour."
    if action == "clore":
        services.seance_clore(seance=seance, par=par)
        return "La séance est close. Le procès-verbal peut être téléchargé."
    if action == "envoyer_pv":
        envoyes = services.seance_envoyer_proces_verbal(seance=seance, today=_aujourdhui(), par=par)
        return f"Envoi du projet de procès-verbal programmé pour {envoyes} membre{'s' if envoyes > 1 else ''}."
    raise ValidationError("Action inconnue.")


@conduite_requise
@require_http_methods(["GET", "POST"])
def seance_direct(request, pk: int):
    seance = get_object_or_404(Seance.objects.only("id", "date"), pk=pk)
    if not _peut_conduire(request.user, seance):
        return _refus(
            request,
            "La conduite d'une séance est réservée au secrétariat du conseil, au président et au secrétaire général.",
        )
    etat = selectors.seance_en_direct(seance_id=seance.pk)
    formulaires = {cle: fabrique(None) for cle, fabrique in _fabriques(etat).items()}
    erreurs_action: dict[str, list[str]] = {}

    if request.method == "POST":
        action = request.POST.get("action", "")
        base = "tour" if action.startswith("tour-") else action
        if base not in ACTIONS_DIRECT or (base == "tour" and action not in formulaires):
            erreurs_action["page"] = ["Action inconnue ou déjà traitée : rechargez la page."]
        else:
            ancre = ACTIONS_DIRECT[base]
            form = _fabriques(etat)[action](request.POST) if action in formulaires else None
            if form is not None:
                form.etat = etat
                formulaires[action] = form
            try:
                if form is None or form.is_valid():
                    message = _executer(request, etat["seance"], action, form)
                    messages.success(request, message)
                    return redirect(f"{reverse('gouvernance:seance_direct', args=[seance.pk])}#{ancre}")
            except PermissionDenied as err:
                erreurs_action[action] = [str(err)]
                if form is not None:
                    form.add_error(None, str(err))
            except ValidationError as err:
                if form is not None:
                    erreurs_du_service(form, err)
                erreurs_action[action] = _messages_de(err)

    contexte = {
        **etat,
        "f": formulaires,
        "tours": [(e, formulaires.get(f"tour-{e['election'].pk}")) for e in etat["elections"]],
        # Every action the page shows errors for, empty unless it failed (the template reads them by name).
        "erreurs_action": {"page": [], **{a: [] for a in ACTIONS_DIRECT}, **erreurs_action},
        "url_pv": reverse("gouvernance-seance-proces-verbal", args=[seance.pk]),
        "pv_disponible": selectors.seance_tenue(seance=etat["seance"]),
        "peut_ajouter_point": etat["seance"].statut in (StatutSeance.PREVUE, StatutSeance.OUVERTE)
        and not etat["deliberations"],
    }
    en_erreur = bool(erreurs_action) or any(f.is_bound and f.errors for f in formulaires.values())
    contexte["en_erreur"] = en_erreur
    return render(request, "gouvernance/seance_direct.html", contexte, status=400 if en_erreur else 200)


# --- declarations of interests ---------------------------------------------------------------------------------


def elu_requis(vue):
    """Espace pages of elected members: the espace's own door (a doctor's login), then a mandate in force today; a
    doctor not in office gets a page explaining why."""

    @medecin_requis
    @wraps(vue)
    def enveloppe(request, medecin, *args, **kwargs):
        membre = selectors.membre_de(date=_aujourdhui(), medecin=medecin)
        if membre is None:
            return render(request, "gouvernance/espace/non_elu.html", {"medecin": medecin}, status=403)
        request.user._gouvernance_elu = True  # what the espace's navigation asks (templatetags est_elu)
        return vue(request, membre, *args, **kwargs)

    return enveloppe


def _initial_declaration(courante) -> dict:
    if courante is None:
        return {"attestation_signee_le": None}
    return {
        "activite_principale": courante.activite_principale,
        "activite_principale_precision": courante.activite_principale_precision,
        "autres_fonctions_electives": courante.autres_fonctions_electives,
        "fait_a": courante.fait_a,
        "attestation_signee": courante.attestation_signee,
        "attestation_signee_le": courante.attestation_signee_le,
    }


@elu_requis
@require_http_methods(["GET", "POST"])
def espace_declaration(request, membre):
    historique = selectors.declarations_historique(membre=membre)
    courante = historique[0] if historique else None
    listes_initiales = {nom: getattr(courante, nom) for nom in forms.LISTES} if courante else {}
    if request.method == "POST":
        form = forms.DeclarationForm(request.POST)
        # Bound without `initial`: a row left as it was in the version in force must still count as filled.
        formsets = forms.formsets_declaration(request.POST)
        if form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
            donnees = {k: v for k, v in form.cleaned_data.items()}
            if not donnees["attestation_signee"]:
                donnees["attestation_signee_le"] = None
            donnees.update({nom: forms.lignes_remplies(fs) for nom, fs in formsets.items()})
            try:
                declaration = services.declaration_interets_deposer(
                    membre=membre, donnees=donnees, par=request.user, today=_aujourdhui()
                )
            except ValidationError as err:
                erreurs_du_service(form, err)
            else:
                messages.success(
                    request,
                    f"Votre déclaration d'intérêts est enregistrée (version {declaration.version}) ; elle est "
                    "publiée sur la page des déclarations des conseillers.",
                )
                return redirect("gouvernance:espace_declaration")
    else:
        form = forms.DeclarationForm(initial=_initial_declaration(courante))
        formsets = forms.formsets_declaration(initial=listes_initiales)
    erreurs = bool(form.errors) or any(fs.total_error_count() for fs in formsets.values())
    return render(
        request,
        "gouvernance/espace/declaration.html",
        {
            "membre": membre,
            "form": form,
            "listes": [(nom, forms.LISTES[nom][1], fs) for nom, fs in formsets.items()],
            "historique": historique,
            "courante": courante,
            "erreurs": erreurs,
        },
        status=400 if erreurs else 200,
    )


@require_GET
def public_conseil(request):
    """Public: who sits on the council, who holds the bureau's posts and the delegations in force."""
    today = _aujourdhui()
    return render(
        request,
        "gouvernance/public_conseil.html",
        {"today": today, **selectors.composition_publique(date=today)},
    )


@require_GET
def declarations_publiques(request):
    """Public: the declaration in force of each member of the council (seed 002 L.I 1.1.3: "publiée")."""
    today = _aujourdhui()
    declarations = selectors.declarations_publiees(date=today)
    avec = {d.membre_id for d in declarations}
    sans = [m for m in selectors.membres_en_fonction(date=today).order_by("medecin__nom", "id") if m.pk not in avec]
    return render(
        request,
        "gouvernance/declarations_publiques.html",
        {"declarations": declarations, "sans_declaration": sans, "today": today},
    )
