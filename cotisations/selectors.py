"""Reads of the dues: what each user may see (staff and the council's treasury all; a doctor his own)."""

from django.db.models import Prefetch, Q

from config.perms import peut

from .models import Bareme, Cotisation, Paiement, Relance


def cotisations_visibles(user):
    """Staff allowed to read the dues and the trésorier, ordonnateur… see them all; a doctor his own only."""
    qs = Cotisation.objects.select_related("medecin", "societe", "exoneration_deliberation").prefetch_related(
        Prefetch("relances", queryset=Relance.objects.order_by("date", "id"))
    )
    if not (user and user.is_authenticated):
        return qs.none()
    if peut(user, "cotisations.cotisations_consulter"):
        return qs
    return qs.filter(medecin__user=user)


def baremes_visibles(user):
    """The national amounts are public (printed on every dues call): any logged-in user reads them."""
    if not (user and user.is_authenticated):
        return Bareme.objects.none()
    return Bareme.objects.all()


def paiements_de(qs):
    return qs.prefetch_related(Prefetch("paiements", queryset=Paiement.objects.order_by("date", "id")))


# --- exonération pour insuffisance de ressources (the hardship requests) ------------------------------------------


def prochaine_pleniere(today):
    """The next plenary session (ordinary or extraordinary) on or after `today` whose agenda is still open (not
    yet sent with the convocation: seed 002 L.I T.II 4.1.3), or None."""
    from gouvernance.models import TYPES_PLENIERS, Seance, StatutSeance

    return (
        Seance.objects.filter(type__in=TYPES_PLENIERS, date__gte=today, statut=StatutSeance.PREVUE)
        .order_by("date", "heure", "id")
        .first()
    )


def _demandes():
    from .models import DemandeExoneration

    return DemandeExoneration.objects.select_related(
        "cotisation__medecin", "seance", "deliberation__seance"
    ).prefetch_related("pieces")


def demandes_en_attente_q(today):
    """The requests waiting for a plenary: filed (or completed) and not yet on an agenda, or put on the agenda of
    a plenary that has been held (or is past) without deciding them."""
    from gouvernance.models import StatutSeance

    from .models import StatutDemande

    return Q(statut=StatutDemande.DEPOSEE) | (
        Q(statut=StatutDemande.INSCRITE) & (Q(seance__statut=StatutSeance.CLOSE) | Q(seance__date__lt=today))
    )


def demandes_en_attente(today):
    """The requests waiting for the next plenary, oldest first."""
    return _demandes().filter(demandes_en_attente_q(today)).order_by("deposee_le", "annee_depot", "sequence")


def demandes_visibles(user):
    """Staff with the right (and the trésorier) see every request; a doctor his own only."""
    if not (user and user.is_authenticated):
        return _demandes().none()
    if peut(user, "cotisations.exonerations_consulter"):
        return _demandes()
    return _demandes().filter(cotisation__medecin__user=user)


def demandes_du_medecin(medecin):
    """A doctor's requests, the latest first, with their documents (the espace médecin's list)."""
    return _demandes().filter(cotisation__medecin=medecin).order_by("-deposee_le", "-annee_depot", "-sequence")


def cotisations_exonerables(medecin):
    """The dues a doctor may still ask an exemption for: his own, unpaid, without a request under way."""
    from .models import STATUTS_OUVERTS, StatutCotisation

    return (
        Cotisation.objects.filter(medecin=medecin, statut=StatutCotisation.DUE)
        .exclude(demandes_exoneration__statut__in=STATUTS_OUVERTS)
        .order_by("-annee")
    )


def demandes_inscrites(seance):
    """The requests on a plenary's agenda, in the order of their file numbers."""
    from .models import StatutDemande

    return _demandes().filter(seance=seance, statut=StatutDemande.INSCRITE).order_by("annee_depot", "sequence")


def pieces_visibles(user):
    """The documents whose request `user` may read (the download views add `pk`: another's answers 404)."""
    from .models import PieceDemande

    return PieceDemande.objects.select_related("demande__cotisation__medecin").filter(
        demande__in=demandes_visibles(user).values("pk")
    )


def deliberations_de_decision(seance):
    """The adopted decisions of a plenary, to choose the one that decided a request."""
    from gouvernance.models import TYPES_PLENIERS, Deliberation

    if seance is None or seance.type not in TYPES_PLENIERS:
        return Deliberation.objects.none()
    return Deliberation.objects.filter(seance=seance, adoptee=True).select_related("seance").order_by("sequence")
