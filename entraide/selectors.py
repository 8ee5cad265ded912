"""Reads of the entraide: who reads a request on a date, the requests a user may see."""

import datetime

from django.db.models import QuerySet

from commun.periodes import couvre_q
from entraide.models import Demande, PieceDemande, ReferentEntraide
from gouvernance.models import Commission, NatureCommission, TypeFonction


def est_lecteur(*, user, date: datetime.date) -> bool:
    """A deliberative member of the entraide commission on `date` (gouvernance's composition), or, when no entraide
    commission exists on that date, the référent designated; never the trésorier on that date."""
    medecin = getattr(user, "medecin", None) if user is not None and user.is_authenticated else None
    if medecin is None:
        return False
    from gouvernance import selectors as gouvernance

    if TypeFonction.TRESORIER in gouvernance.roles_de(user=user, date=date, parmi={TypeFonction.TRESORIER}):
        return False
    if Commission.objects.filter(couvre_q(date), nature=NatureCommission.ENTRAIDE).exists():
        return gouvernance.siege_en_commission(medecin=medecin, nature=NatureCommission.ENTRAIDE, date=date)
    return ReferentEntraide.objects.filter(couvre_q(date), membre__medecin=medecin).exists()


def demandes_lisibles(*, user, date: datetime.date) -> QuerySet[Demande]:
    """The requests this user may read in full (none for anybody else: the doors answer 404). A member of the
    commission who applies never reads his own requests in full: he follows them as an applicant."""
    from config.perms import peut

    if not peut(user, "entraide.demande_lire", objet=Demande(), date=date):
        return Demande.objects.none()
    demandes = Demande.objects.select_related("medecin").order_by("-date_depot", "-id")
    medecin = getattr(user, "medecin", None)
    if medecin is not None and not (user.is_staff or user.is_superuser):
        demandes = demandes.exclude(medecin=medecin)
    return demandes


def demandes_du_medecin(*, medecin) -> QuerySet[Demande]:
    """The applicant's own requests (their status and dates only are shown to him)."""
    return Demande.objects.filter(medecin=medecin).order_by("-date_depot", "-id")


# --- entraide-dossier (issue 12): reads that are logged, the documents, the access log -----------------------------


def peut_lire(*, user, date: datetime.date) -> bool:
    """Is this user a reader of the requests on `date` (a deliberative member, the référent, the entraide's staff)?"""
    from config.perms import peut

    return peut(user, "entraide.demande_lire", objet=Demande(), date=date)


def consigner_refus(*, user, action: str, objet) -> None:
    """A refused read of an existing file is logged too (issue 12, "Bad input"): who tried, when, from where."""
    from commun.models import JournalAcces

    if user is not None and user.is_authenticated:
        JournalAcces.consigner(utilisateur=user, action=action, objet=objet, accorde=False)


def demande_a_lire(*, user, pk, date: datetime.date, action: str = "entraide.demande_lire") -> Demande:
    """The request, read in full by a reader (the read logged); anybody else, staff of another service included:
    the refusal logged, then 404 (CONTRACT.md entraide: nobody but a reader learns that a file exists)."""
    from django.http import Http404

    from config.perms import exiger, peut

    demande = Demande.objects.select_related("medecin").filter(pk=pk).first() if str(pk).isdigit() else None
    if demande is None:
        raise Http404("Demande introuvable.")
    if not peut(user, action, objet=demande, date=date):
        consigner_refus(user=user, action=action, objet=demande)
        raise Http404("Demande introuvable.")
    exiger(user, action, objet=demande, date=date, lecture=True)
    return demande


def piece_a_lire(*, user, demande_pk, piece_pk, date: datetime.date) -> PieceDemande:
    """A document of a request, for its download by a reader (logged); anybody else: refusal logged, 404."""
    from django.http import Http404

    from config.perms import exiger, peut

    piece = (
        PieceDemande.objects.select_related("demande").filter(pk=piece_pk, demande_id=demande_pk).first()
        if str(piece_pk).isdigit() and str(demande_pk).isdigit()
        else None
    )
    if piece is None:
        raise Http404("Document introuvable.")
    if not peut(user, "entraide.piece_lire", objet=piece.demande, date=date):
        consigner_refus(user=user, action="entraide.piece_lire", objet=piece)
        raise Http404("Document introuvable.")
    exiger(user, "entraide.piece_lire", objet=piece, date=date, lecture=True)
    return piece


def pieces_visibles(*, user, demande: Demande, date: datetime.date) -> QuerySet[PieceDemande]:
    """The documents whose names this user sees: all for a reader; the applicant, those he deposited himself."""
    from config.perms import peut

    pieces = PieceDemande.objects.filter(demande=demande).order_by("id")
    if peut(user, "entraide.demande_lire", objet=demande, date=date):
        return pieces
    medecin = getattr(user, "medecin", None)
    if medecin is not None and demande.medecin_id == medecin.pk:
        return pieces.filter(deposee_par=user)
    return pieces.none()


def journal_de(demande: Demande):
    """The access log of a request and of its documents, newest first (one query, the users joined)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from commun.models import JournalAcces

    types = ContentType.objects.get_for_models(Demande, PieceDemande)
    pieces = [str(pk) for pk in PieceDemande.objects.filter(demande=demande).values_list("pk", flat=True)]
    return (
        JournalAcces.objects.filter(
            Q(type_objet=types[Demande], objet_id=str(demande.pk))
            | Q(type_objet=types[PieceDemande], objet_id__in=pieces)
        )
        .select_related("utilisateur")
        .order_by("-le", "-id")
    )


# --- entraide-aides (issue 12 points 10-12) ---


def contacts_affiches():
    """The helplines shown to doctors (espace, public page, API), in their order."""
    from entraide.models import Contact

    return Contact.objects.filter(actif=True).order_by("ordre", "id")


def aides_de(demande):
    return demande.aides.select_related("engagement", "exoneration", "cotisation", "decidee_par").order_by("date", "id")
