"""The expense claims in the espace médecin (/espace/notes-frais/): a member files a claim with its lines, attaches
a receipt to each line, submits it; the liquidateur checks the submitted claims (verified, or sent back with what
to correct); the ordonnateur engages the verified ones. A member sees his own claims only: another's answers 404,
whatever its id; the chain's members see them all (tresorerie.selectors_frais.notes_frais_visibles)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from commun.fichiers import reponse_fichier, taille_lisible, taille_max_par_defaut
from commun.formulaires import erreurs_du_service
from config.perms import exiger, peut
from gouvernance.selectors import membre_de
from tableau.views import medecin_requis

from . import selectors_frais as lire
from . import services
from .forms_frais import JustificatifForm, LignesFormSet, NoteFraisForm, RenvoiForm


def _taille_max() -> str:
    return taille_lisible(taille_max_par_defaut())


def _verifie(user) -> bool:
    return peut(user, "tresorerie.notes_frais_a_verifier", date=timezone.localdate())


def _elu(user) -> bool:
    return membre_de(date=timezone.localdate(), user=user) is not None


@medecin_requis
@require_GET
def notes(request, medecin):
    """His claims (a former member keeps seeing his own); filing a new one is for the members in office."""
    return render(
        request,
        "espace/frais/notes.html",
        {
            "notes": lire.notes_frais_du_medecin(medecin),
            "elu": _elu(request.user),
            "liquidateur": _verifie(request.user),
        },
    )


def _erreurs_des_lignes(form, formset, remplies, err: ValidationError) -> None:
    """The service's refusal of a line, shown beside the field of that line's form; the rest on the claim's form."""
    reste = {}
    for champ, erreurs in err.error_dict.items() if hasattr(err, "error_dict") else [(None, err.error_list)]:
        for erreur in erreurs:
            index = getattr(erreur, "ligne", None)
            if champ == "lignes" and index is not None and index < len(remplies):
                remplies[index].add_error(
                    erreur.champ if erreur.champ in remplies[index].fields else None, erreur.court
                )
            else:
                reste.setdefault(champ or "__all__", []).extend(erreur.messages)
    if reste:
        erreurs_du_service(
            form, ValidationError({c: m for c, m in reste.items() if c != "__all__"} or reste["__all__"])
        )
        if "__all__" in reste and len(reste) > 1:
            form.add_error(None, reste["__all__"])


@medecin_requis
@require_http_methods(["GET", "POST"])
def nouvelle(request, medecin):
    if not _elu(request.user):
        return render(request, "espace/frais/reserve_elus.html", status=403)
    if request.method == "POST":
        form = NoteFraisForm(request.POST)
        formset = LignesFormSet(request.POST, prefix="lignes")
        if form.is_valid() and formset.is_valid():
            remplies = formset.remplies()
            try:
                note = services.note_frais_deposer(
                    membre_id=None,
                    lignes=[f.saisie() for f in remplies],
                    vehicule_cv=form.cleaned_data.get("vehicule_cv"),
                    objet=form.cleaned_data.get("objet") or "",
                    par=request.user,
                    today=timezone.localdate(),
                )
            except PermissionDenied as err:
                form.add_error(None, str(err))
            except ValidationError as err:
                _erreurs_des_lignes(form, formset, remplies, err)
            else:
                messages.success(
                    request,
                    f"Votre note de frais {note.numero} est enregistrée en brouillon : joignez un justificatif à "
                    "chaque ligne, puis soumettez-la.",
                )
                return redirect("notes_frais:note", pk=note.pk)
    else:
        form = NoteFraisForm()
        formset = LignesFormSet(prefix="lignes")
    erreurs = bool(form.errors) or any(formset.errors) or bool(formset.non_form_errors())
    return render(
        request,
        "espace/frais/nouvelle.html",
        {"form": form, "formset": formset, "erreurs": erreurs},
        status=400 if erreurs else 200,
    )


def _page_note(request, note, *, form=None, renvoi=None, erreurs=None, status=200):
    user = request.user
    jour = timezone.localdate()
    modifiable = peut(user, "tresorerie.justificatif_deposer", objet=note, date=jour)
    lignes = list(note.lignes.all())
    if form is None and modifiable and lignes:
        form = JustificatifForm(lignes=lignes, taille_max=_taille_max())
    return render(
        request,
        "espace/frais/note.html",
        {
            "note": note,
            "lignes": lignes,
            "form": form if modifiable else None,
            "soumettre": peut(user, "tresorerie.note_frais_soumettre", objet=note, date=jour),
            "verifier": peut(user, "tresorerie.note_frais_verifier", objet=note, date=jour)
            and note.membre.medecin.user_id != user.pk,
            "engager": peut(user, "tresorerie.note_frais_engager", objet=note, date=jour),
            "renvoi": renvoi or RenvoiForm(),
            "erreurs": erreurs or [],
        },
        status=status,
    )


def _note(request, pk):
    return get_object_or_404(lire.notes_frais_visibles(request.user), pk=pk)


@medecin_requis
@require_http_methods(["GET", "POST"])
def note(request, medecin, pk):
    """The claim, its lines and receipts. Each POST names its act (`action`): attach a receipt, remove a line,
    submit; the liquidateur's check or sending back; the ordonnateur's engagement."""
    note = _note(request, pk)
    if request.method == "GET":
        return _page_note(request, note)
    action = request.POST.get("action", "")
    jour = timezone.localdate()
    if action == "joindre":
        return _joindre(request, note)
    if action == "renvoyer":
        return _renvoyer(request, note)
    if action.startswith("retirer-") and action[8:].isdigit():
        ligne = int(action[8:])
        if not note.lignes.filter(pk=ligne).exists():
            raise Http404("Ligne introuvable.")
        return _acte(
            request,
            note,
            lambda: services.ligne_frais_retirer(ligne_id=ligne, par=request.user, today=jour),
            "La ligne est retirée de la note.",
        )
    actes = {
        "soumettre": (
            services.note_frais_soumettre,
            "Votre note de frais est soumise au liquidateur : vous serez remboursé une fois vérifiée et payée.",
        ),
        "verifier": (services.note_frais_verifier, "Note de frais vérifiée : l'ordonnateur peut l'engager."),
        "engager": (
            services.note_frais_engager,
            "Note de frais engagée sur la ligne 6251 du budget : le liquidateur peut la liquider.",
        ),
    }
    if action not in actes:
        return _page_note(request, note, erreurs=["Action inconnue : rechargez la page."], status=400)
    service, succes = actes[action]
    return _acte(request, note, lambda: service(note_id=note.pk, par=request.user, today=jour), succes)


def _joindre(request, note):
    form = JustificatifForm(request.POST, request.FILES, lignes=list(note.lignes.all()), taille_max=_taille_max())
    if form.is_valid():
        try:
            justificatif = services.justificatif_deposer(
                note_id=note.pk,
                ligne_id=int(form.cleaned_data["ligne"]),
                fichier=form.cleaned_data["fichier"],
                par=request.user,
                today=timezone.localdate(),
            )
        except PermissionDenied as err:
            form.add_error(None, str(err))
        except ValidationError as err:
            erreurs_du_service(form, err)
        else:
            messages.success(request, f"Justificatif « {justificatif.nom_original} » joint à la ligne.")
            return redirect("notes_frais:note", pk=note.pk)
    return _page_note(request, _note(request, note.pk), form=form, status=400)


def _acte(request, note, faire, succes: str):
    try:
        faire()
    except PermissionDenied as err:
        return _page_note(request, _note(request, note.pk), erreurs=[str(err)], status=403)
    except ValidationError as err:
        return _page_note(request, _note(request, note.pk), erreurs=err.messages, status=400)
    messages.success(request, succes)
    return redirect("notes_frais:note", pk=note.pk)


def _renvoyer(request, note):
    form = RenvoiForm(request.POST)
    if form.is_valid():
        try:
            services.note_frais_renvoyer(
                note_id=note.pk, motif=form.cleaned_data["motif"], par=request.user, today=timezone.localdate()
            )
        except PermissionDenied as err:
            return _page_note(request, note, erreurs=[str(err)], status=403)
        except ValidationError as err:
            erreurs_du_service(form, err)
        else:
            messages.success(request, "La note est renvoyée au membre, avec ce qu'il doit corriger.")
            return redirect("notes_frais:a_verifier")
    return _page_note(request, note, renvoi=form, status=400)


@medecin_requis
@require_GET
def a_verifier(request, medecin):
    """The liquidateur's list: the submitted claims, oldest first."""
    exiger(request.user, "tresorerie.notes_frais_a_verifier", date=timezone.localdate())
    return render(request, "espace/frais/a_verifier.html", {"notes": lire.notes_frais_a_verifier()})


@medecin_requis
@require_GET
def justificatif(request, medecin, pk):
    """A receipt, streamed after the permission check; one the user may not read answers 404."""
    piece = get_object_or_404(lire.justificatifs_visibles(request.user), pk=pk)
    exiger(request.user, "tresorerie.justificatif_lire", objet=piece)
    return reponse_fichier(piece.fichier.name, nom=piece.nom_original, type_contenu=piece.type_contenu)
