"""Reads of the trésorerie: the credit still available on a budget line, the budget's execution."""

from decimal import Decimal

from django.db.models import Case, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from .models import Engagement, LigneBudgetaire, StatutEngagement

ZERO = Decimal("0.00")
_ARGENT = DecimalField(max_digits=14, decimal_places=2)


def montant_retenu_expr():
    """What an engagement holds on its line, as SQL: the liquidated amount once liquidated, else the engaged one;
    nothing once cancelled (Engagement.montant_retenu, the same rule in Python)."""
    return Case(
        When(statut=StatutEngagement.ANNULE, then=Value(ZERO)),
        When(montant_liquide__isnull=False, then=F("montant_liquide")),
        default=F("montant"),
        output_field=_ARGENT,
    )


def engage_sur_ligne(ligne_id: int) -> Decimal:
    """Sum of what the line's engagements hold (one query)."""
    return Engagement.objects.filter(ligne_id=ligne_id).aggregate(
        total=Coalesce(Sum(montant_retenu_expr()), Value(ZERO), output_field=_ARGENT)
    )["total"]


def virements_nets(ligne_id: int) -> Decimal:
    """Credit transfers into the line minus those out of it (tresorerie.models.Virement, once it exists)."""
    from . import models

    Virement = getattr(models, "Virement", None)
    if Virement is None:
        return ZERO
    entrees = Virement.objects.filter(vers_id=ligne_id).aggregate(t=Coalesce(Sum("montant"), Value(ZERO)))["t"]
    sorties = Virement.objects.filter(de_id=ligne_id).aggregate(t=Coalesce(Sum("montant"), Value(ZERO)))["t"]
    return entrees - sorties


def disponible(ligne: LigneBudgetaire) -> Decimal:
    """Available credit of a line = voted (amendments included) + transfers in − out − engaged
    (seed 002 L.II T.I 2.3 a: « Les dépenses ne peuvent être engagées que dans la limite des crédits inscrits à
    chaque rubrique »)."""
    return ligne.montant + virements_nets(ligne.pk) - engage_sur_ligne(ligne.pk)


def engagements_visibles():
    return Engagement.objects.select_related("ligne__budget", "ligne__compte").filter(~Q(pk=None))


# --- indemnités (issue 11 point 8) -------------------------------------------------------------------------------


def inscrits_au(jour) -> int:
    """The doctors on this council's tableau on `jour`, in one query: their status on that day read from the dated
    status history (the last change on or before it; else the status before the first change after it; else the
    record's status), registered on or before it. The same reading as the dues' call on 1 January
    (cotisations.services.appel._inscrit_au_1er_janvier), here counted by the database."""
    from django.db.models import OuterRef, Subquery

    from tableau.models import ChangementStatut, Medecin, Statut

    avant = ChangementStatut.objects.filter(medecin=OuterRef("pk"), date__lte=jour).order_by("-date", "-id")
    apres = ChangementStatut.objects.filter(medecin=OuterRef("pk"), date__gt=jour).order_by("date", "id")
    return (
        Medecin.objects.filter(Q(date_inscription__isnull=True) | Q(date_inscription__lte=jour))
        .annotate(
            statut_au_jour=Coalesce(
                Subquery(avant.values("nouveau_statut")[:1]), Subquery(apres.values("ancien_statut")[:1]), F("statut")
            )
        )
        .filter(statut_au_jour=Statut.INSCRIT)
        .count()
    )


def vacations_liste():
    from .models import Vacation

    return Vacation.objects.select_related("membre__medecin", "saisie_par").order_by("-date", "-id")
