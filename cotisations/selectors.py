"""Reads of the dues: what each user may see (staff and the council's treasury all; a doctor his own)."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from config.perms import peut

from .models import Bareme, Cotisation, Paiement, PaiementCarte, Relance


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


# --- carte: the espace médecin's dues ----------------------------------------------------------------------------


def cotisations_de_l_espace(medecin):
    """The dues a doctor sees in his espace: his own and those of the companies he manages (Societe.gerant), each
    year's with its reminders and its payments (the receipts); every other record is out of reach (404)."""
    return (
        Cotisation.objects.filter(Q(medecin=medecin) | Q(societe__gerant=medecin))
        .select_related("medecin", "societe__gerant", "exoneration_deliberation")
        .prefetch_related(
            Prefetch("relances", queryset=Relance.objects.order_by("date", "id")),
            Prefetch(
                "paiements",
                queryset=Paiement.objects.filter(annule__isnull=True)
                .annotate(est_annule=Exists(Paiement.objects.filter(annule=OuterRef("pk"))))
                .order_by("date", "id"),
                to_attr="paiements_recus",
            ),
        )
        .order_by("-annee", "societe_id", "id")
    )


def paiement_de_l_espace(medecin, pk: int) -> Paiement:
    """A payment (its receipt) of dues the doctor sees, else Paiement.DoesNotExist."""
    return Paiement.objects.select_related("cotisation__medecin", "cotisation__societe__gerant").get(
        Q(cotisation__medecin=medecin) | Q(cotisation__societe__gerant=medecin), pk=pk, annule__isnull=True
    )


def paiement_carte_de_l_espace(medecin, pk: int) -> PaiementCarte:
    """A card payment on dues the doctor sees, else PaiementCarte.DoesNotExist."""
    return PaiementCarte.objects.select_related("cotisation__medecin", "cotisation__societe__gerant", "paiement").get(
        Q(cotisation__medecin=medecin) | Q(cotisation__societe__gerant=medecin), pk=pk
    )
