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


# --- budget (issue 11 points 1, 3, 10): parameters, the CNOM deadline, the execution report -------------------------

import datetime  # noqa: E402
from decimal import ROUND_HALF_UP  # noqa: E402

from django.core.exceptions import ValidationError  # noqa: E402
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Subquery  # noqa: E402

from .models import Budget, CompteComptable, NatureCompte, ParametreBudget, Virement  # noqa: E402

CENTIME = Decimal("0.01")
# Seed 002 L.II T.I 1.1: « transmis aux services de la trésorerie du conseil national au plus tard le 20 octobre »
# of the year before the budget's (a rule of the règlement, not a yearly amount).
JOUR_LIMITE_CNOM = (10, 20)
# Seed 002 L.II T.I 1.1: the CNOM receives « la situation comptable au 30 septembre et la prévision du 4e trimestre ».
JOUR_SITUATION = (9, 30)
# Headings the dues feed (cotisations.Cotisation/Paiement): doctors and companies.
RUBRIQUE_COTISATIONS_MEDECINS = "7561"
RUBRIQUE_COTISATIONS_SOCIETES = "7562"
RUBRIQUE_DOTATION = "7401"


def arrondi(valeur: Decimal) -> Decimal:
    return valeur.quantize(CENTIME, rounding=ROUND_HALF_UP)


def parametres_budget(annee: int) -> ParametreBudget:
    """The budget parameters of `annee` (a row of the yearly table); a clear refusal when the row is missing."""
    parametre = ParametreBudget.objects.filter(annee=annee).first()
    if parametre is None:
        raise ValidationError(
            f"Les paramètres budgétaires de {annee} (seuil des virements, rappel de l'échéance) ne sont pas "
            "saisis : ajoutez-les dans « Paramètres budgétaires »."
        )
    return parametre


def date_limite_cnom(annee_budget: int) -> datetime.date:
    """The budget of year N+1 reaches the CNOM by 20 October of N."""
    return datetime.date(annee_budget - 1, *JOUR_LIMITE_CNOM)


def echeance_cnom(budget: Budget, today: datetime.date) -> dict:
    """{"limite", "transmis_le", "en_retard"}: late when sent after 20 October, or not sent and 20 October past."""
    limite = date_limite_cnom(budget.annee)
    if budget.transmis_le is not None:
        en_retard = budget.transmis_le > limite
    else:
        en_retard = today > limite
    return {"limite": limite, "transmis_le": budget.transmis_le, "en_retard": en_retard}


def comptes_budgetaires():
    return CompteComptable.objects.filter(budgetaire=True, actif=True).order_by("numero")


def budgets_visibles():
    return Budget.objects.select_related("deliberation__seance")


def lignes_avec_disponible(budget_ids):
    """The lines of these budgets with their available credit, in three queries whatever their number (the API's
    `lignes`): what `disponible(ligne)` computes line by line, set-based."""
    lignes = list(
        LigneBudgetaire.objects.filter(budget_id__in=list(budget_ids))
        .select_related("compte")
        .order_by("budget_id", "compte__numero")
    )
    ids = [ligne.pk for ligne in lignes]
    engage = dict(
        Engagement.objects.filter(ligne_id__in=ids)
        .values("ligne_id")
        .annotate(t=Sum(montant_retenu_expr()))
        .values_list("ligne_id", "t")
    )
    nets = _virements_nets(Virement.objects.filter(Q(de_id__in=ids) | Q(vers_id__in=ids)))
    for ligne in lignes:
        ligne.disponible = ligne.montant + nets.get(ligne.pk, ZERO) - (engage.get(ligne.pk) or ZERO)
    return lignes


def avec_disponible(lignes):
    """Lines annotated with `disponible_calcule` (the same figure as `disponible(ligne)`), by subqueries: one
    query for a page of lines (the admin's inline)."""
    engage = (
        Engagement.objects.filter(ligne=OuterRef("pk"))
        .values("ligne")
        .annotate(t=Sum(montant_retenu_expr()))
        .values("t")
    )
    entrees = Virement.objects.filter(vers=OuterRef("pk")).values("vers").annotate(t=Sum("montant")).values("t")
    sorties = Virement.objects.filter(de=OuterRef("pk")).values("de").annotate(t=Sum("montant")).values("t")

    def somme(sous_requete):
        return Coalesce(Subquery(sous_requete, output_field=_ARGENT), Value(ZERO), output_field=_ARGENT)

    return lignes.annotate(
        disponible_calcule=ExpressionWrapper(
            F("montant") + somme(entrees) - somme(sorties) - somme(engage), output_field=_ARGENT
        )
    )


def _virements_nets(virements) -> dict[int, Decimal]:
    """{line id: transfers in − out} of these transfers, summed by the database (two grouped queries)."""
    nets: dict[int, Decimal] = {}
    for champ, signe in (("de_id", -1), ("vers_id", 1)):
        for ligne_id, total in virements.order_by().values(champ).annotate(t=Sum("montant")).values_list(champ, "t"):
            nets[ligne_id] = nets.get(ligne_id, ZERO) + signe * total
    return nets


def _EST_SOCIETE(champ: str):
    return ExpressionWrapper(Q(**{f"{champ}__isnull": False}), output_field=BooleanField())


def cotisations_appelees_encaissees(annee: int, *, au: datetime.date | None = None) -> dict[str, dict]:
    """The dues of `annee` called (after exemption) and collected (payments, counter-entries included), for the
    doctors (7561) and the companies (7562), up to `au` if given: two queries (cotisations' tables, read here)."""
    from cotisations.models import Cotisation, Paiement

    cotisations = Cotisation.objects.filter(annee=annee)
    paiements = Paiement.objects.filter(cotisation__annee=annee)
    if au is not None:
        cotisations = cotisations.filter(appelee_le__lte=au)
        paiements = paiements.filter(date__lte=au)
    appele = dict(
        cotisations.annotate(societe_=_EST_SOCIETE("societe"))
        .values("societe_")
        .annotate(t=Sum("montant_du"))
        .values_list("societe_", "t")
    )
    encaisse = dict(
        paiements.annotate(societe_=_EST_SOCIETE("cotisation__societe"))
        .values("societe_")
        .annotate(t=Sum("montant"))
        .values_list("societe_", "t")
    )
    return {
        RUBRIQUE_COTISATIONS_MEDECINS: {
            "appele": appele.get(False) or ZERO,
            "encaisse": encaisse.get(False) or ZERO,
        },
        RUBRIQUE_COTISATIONS_SOCIETES: {
            "appele": appele.get(True) or ZERO,
            "encaisse": encaisse.get(True) or ZERO,
        },
    }


def _engage_a_date(au: datetime.date | None):
    """What an engagement holds on its line on `au` (its state on that day: cancelled, liquidated, engaged)."""
    if au is None:
        return montant_retenu_expr()
    return Case(
        When(Q(engage_le__gt=au), then=Value(ZERO)),
        When(Q(annule_le__isnull=False, annule_le__lte=au), then=Value(ZERO)),
        When(Q(liquide_le__isnull=False, liquide_le__lte=au), then=F("montant_liquide")),
        default=F("montant"),
        output_field=_ARGENT,
    )


def execution_budget(budget: Budget, *, au: datetime.date | None = None) -> dict:
    """The budget's execution by heading (issue 11 point 10), on `au` (default: everything recorded): for each
    expense line voted (amendments included), transfers (net), open credits, engaged, liquidated, paid, available;
    for each income line forecast, called and collected (the dues from cotisations on 7561/7562). Six queries
    whatever the number of engagements (grouped sums)."""
    lignes = list(budget.lignes.select_related("compte").order_by("compte__numero"))
    ids = [ligne.pk for ligne in lignes]
    engagements = Engagement.objects.filter(ligne_id__in=ids)
    liquide_q = Q(liquide_le__isnull=False) & ~Q(statut=StatutEngagement.ANNULE)
    paye_q = Q(statut=StatutEngagement.PAYE)
    if au is not None:
        liquide_q &= Q(liquide_le__lte=au)
        paye_q &= Q(paye_le__lte=au)
    sommes = {
        ligne_id: (engage, liquide, paye)
        for ligne_id, engage, liquide, paye in engagements.values("ligne_id")
        .annotate(
            engage=Sum(_engage_a_date(au)),
            liquide=Sum("montant_liquide", filter=liquide_q),
            paye=Sum("montant_liquide", filter=paye_q),
        )
        .values_list("ligne_id", "engage", "liquide", "paye")
    }
    virements = Virement.objects.filter(budget=budget)
    if au is not None:
        virements = virements.filter(date__lte=au)
    nets = _virements_nets(virements)
    cotisations = cotisations_appelees_encaissees(budget.annee, au=au)
    depenses, recettes = [], []
    for ligne in lignes:
        vote = ligne.montant
        virement = nets.get(ligne.pk, ZERO)
        ouvert = vote + virement
        if ligne.compte.nature == NatureCompte.PRODUIT:
            dues = cotisations.get(ligne.compte.numero)
            appele = dues["appele"] if dues else ZERO
            encaisse = dues["encaisse"] if dues else ZERO
            recettes.append(
                {
                    "ligne": ligne,
                    "rubrique": ligne.compte.numero,
                    "libelle": ligne.libelle or ligne.compte.libelle,
                    "vote": vote,
                    "appele": appele,
                    "encaisse": encaisse,
                    "reste": vote - encaisse,
                }
            )
            continue
        engage, liquide, paye = (s or ZERO for s in sommes.get(ligne.pk, (ZERO, ZERO, ZERO)))
        depenses.append(
            {
                "ligne": ligne,
                "rubrique": ligne.compte.numero,
                "libelle": ligne.libelle or ligne.compte.libelle,
                "vote": vote,
                "virements": virement,
                "ouvert": ouvert,
                "engage": engage,
                "liquide": liquide,
                "paye": paye,
                "disponible": ouvert - engage,
            }
        )

    def total(rangs, cles):
        return {cle: sum((r[cle] for r in rangs), ZERO) for cle in cles}

    return {
        "budget": budget,
        "au": au,
        "depenses": depenses,
        "recettes": recettes,
        "total_depenses": total(depenses, ("vote", "virements", "ouvert", "engage", "liquide", "paye", "disponible")),
        "total_recettes": total(recettes, ("vote", "appele", "encaisse", "reste")),
    }


def situation_au_30_septembre(annee: int) -> dict | None:
    """The accounting position of the current year's budget at 30 September and the Q4 forecast, sent with the
    next year's budget (seed 002 L.II T.I 1.1). The forecast extends the nine months' pace to the fourth quarter
    (realised × 3 / 9, rounded to the cent): the seed gives no method, the trésorier comments it. None when the
    year has no budget."""
    budget = Budget.objects.filter(annee=annee).first()
    if budget is None:
        return None
    au = datetime.date(annee, *JOUR_SITUATION)
    execution = execution_budget(budget, au=au)
    for rang in execution["depenses"]:
        rang["realise"] = rang["liquide"]
    for rang in execution["recettes"]:
        rang["realise"] = rang["encaisse"]
    for rang in execution["depenses"] + execution["recettes"]:
        rang["prevision_t4"] = arrondi(rang["realise"] / 3)
        rang["estime"] = rang["realise"] + rang["prevision_t4"]
    return execution


def budget_totaux(budget: Budget) -> dict:
    """Voted totals by nature and the balance (produits − charges), in one query."""
    totaux = dict(budget.lignes.values("compte__nature").annotate(t=Sum("montant")).values_list("compte__nature", "t"))
    charges = totaux.get(NatureCompte.CHARGE) or ZERO
    produits = totaux.get(NatureCompte.PRODUIT) or ZERO
    return {"charges": charges, "produits": produits, "solde": produits - charges}


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
