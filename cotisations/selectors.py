"""Reads of the dues: what each user may see (staff and the council's treasury all; a doctor his own)."""

from django.db.models import Prefetch

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


# --- impression: the calls and receipts as letters, the print run ---------------------------------------------------
# The letters' reads, in a bounded number of queries whatever the number of letters (a chunk of the print run reads
# its dues in one query, the scales of their years in one, the trésorier once per date of call).


def cotisations_pour_lettres(ids) -> list[Cotisation]:
    """The dues `ids` with what their letters print (debtor, company's manager), in the order of `ids`."""
    ids = list(ids)
    par_id = Cotisation.objects.select_related("medecin", "societe", "societe__gerant").in_bulk(ids)
    return [par_id[i] for i in ids if i in par_id]


def baremes_des_annees(annees) -> dict[int, Bareme]:
    return Bareme.objects.in_bulk(set(annees))


def tresorier_le(date):
    """The trésorier on `date` (gouvernance's answer), or None when the post is vacant."""
    from gouvernance.models import TypeFonction
    from gouvernance.selectors import fonction_titulaire

    return fonction_titulaire(fonction=TypeFonction.TRESORIER, date=date)


def paiement_pour_recu(pk: int) -> Paiement:
    """A payment with a receipt (not a counter-entry), with its dues, debtor and cancellation if any."""
    return (
        Paiement.objects.select_related(
            "cotisation__medecin", "cotisation__societe", "cotisation__societe__gerant", "contre_passation"
        )
        .filter(numero_recu__isnull=False)
        .get(pk=pk)
    )


def paiements_recus_visibles(user):
    """The payments whose receipt `user` may download: those of the dues he sees (cotisations_visibles)."""
    return Paiement.objects.filter(
        numero_recu__isnull=False, cotisation__in=cotisations_visibles(user).values("pk")
    ).select_related("cotisation__medecin", "cotisation__societe", "cotisation__societe__gerant", "contre_passation")


def ordre_du_tirage(annee: int) -> list[int]:
    """The ids of every dues call of `annee` in the print run's order: by the debtor's name (a doctor's surname and
    first name, a company's name), then id. One query."""
    from django.db.models import Value
    from django.db.models.functions import Coalesce, Lower

    return list(
        Cotisation.objects.filter(annee=annee)
        .order_by(
            Lower(Coalesce("medecin__nom", "societe__raison_sociale")),
            Lower(Coalesce("medecin__prenom", Value(""))),
            "id",
        )
        .values_list("pk", flat=True)
    )


def tirages_liste():
    from .models import Tirage

    return Tirage.objects.select_related("demande_par")
