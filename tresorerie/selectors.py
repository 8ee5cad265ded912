"""Reads of the trésorerie: the credit still available on a budget line, the budget's execution."""

from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, Q, Sum, Value, When
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


# --- the expense chain (issue 11 points 2 and 4) ------------------------------------------------------------------


def _somme(qs, expr) -> Decimal:
    return qs.aggregate(total=Coalesce(Sum(expr), Value(ZERO), output_field=_ARGENT))["total"]


def remplacements_engages(budget) -> Decimal:
    """What the year's replacements of assets hold (seed 002 L.II T.IV 2: at most the year's ceiling)."""
    return _somme(
        Engagement.objects.filter(ligne__budget=budget, remplacement_bien=True).exclude(statut=StatutEngagement.ANNULE),
        montant_retenu_expr(),
    )


def urgences_sous_plafond(budget) -> Decimal:
    """The urgent expenses the président authorised in the year under the budget session's ceiling (those an
    extraordinary session decided do not count), less those whose engagement was cancelled."""
    from .models import AutorisationDepenseUrgente

    return _somme(
        AutorisationDepenseUrgente.objects.filter(ligne__budget=budget, deliberation__isnull=True).exclude(
            engagement__statut=StatutEngagement.ANNULE
        ),
        "montant",
    )


def depenses_pour_commission(annee: int | None = None):
    """The engagements flagged for the commission des dotations complémentaires: urgent expenses (with the
    request for their funding) and replacements of assets (the information of the commission)."""
    qs = (
        Engagement.objects.filter(demande_dotation_complementaire=True)
        .exclude(statut=StatutEngagement.ANNULE)
        .select_related("ligne__budget", "ligne__compte", "autorisation__deliberation", "autorisee_par")
        .order_by("engage_le", "id")
    )
    return qs.filter(ligne__budget__annee=annee) if annee else qs


def empeche(user, *, date) -> bool:
    """Is this user an elected member prevented on the date (a gouvernance Indisponibilite covers it)? His
    substitute then signs in his stead (roles_de gives the substitute the function; the prevented holder keeps
    his title, but not his pen)."""
    from commun.periodes import couvre_q
    from gouvernance.models import Indisponibilite

    if user is None or not getattr(user, "pk", None):
        return False
    return Indisponibilite.objects.filter(couvre_q(date), membre__medecin__user=user).exists()


def a_signer(user, *, date):
    """What waits for this elected member's signature on the date, by the role he exercises then: the engaged
    expenses he did not engage (liquidateur), the liquidated ones he did not liquidate (ordonnateur), the ordered
    ones he neither engaged nor ordered (trésorier). {"liquider": [...], "ordonnancer": [...], "payer": [...]}."""
    from gouvernance import selectors as gouvernance
    from gouvernance.models import ROLE_ORDONNATEUR, TypeFonction

    roles = gouvernance.roles_de(
        user=user, date=date, parmi={ROLE_ORDONNATEUR, TypeFonction.LIQUIDATEUR, TypeFonction.TRESORIER}
    )
    base = (
        engagements_visibles().select_related("engage_par", "liquide_par", "ordonnance_par").order_by("engage_le", "id")
    )
    attente = {"liquider": [], "ordonnancer": [], "payer": []}
    if empeche(user, date=date):
        return attente
    if TypeFonction.LIQUIDATEUR in roles:
        attente["liquider"] = list(
            base.filter(statut=StatutEngagement.ENGAGE).exclude(engage_par=user).annotate(nb_pieces=Count("pieces"))
        )
    if ROLE_ORDONNATEUR in roles:
        attente["ordonnancer"] = list(base.filter(statut=StatutEngagement.LIQUIDE).exclude(liquide_par=user))
    if TypeFonction.TRESORIER in roles:
        attente["payer"] = list(
            base.filter(statut=StatutEngagement.ORDONNANCE).exclude(ordonnance_par=user).exclude(engage_par=user)
        )
    return attente
