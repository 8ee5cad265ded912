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


# --- etats: the unpaid-dues statement at a date, the treasurer's dashboard (issue 10 point 9) -------------------------
#
# The statement at a date D lists every dues record called on or before D whose balance AT D is above zero, the
# balance at D being: montant_du + the postage claimed by the reminders dated on or before D − the payments dated on
# or before D (counter-entries included: a payment cancelled before D no longer counts, one cancelled after D still
# does). `montant_du` is the CURRENT amount, after any exemption: an exemption is a decision for the whole year (the
# plenary's, or the rules of the call), so a record exempted in November is shown exempted on a statement at
# 30 September printed again in December; the statement printed on the day is kept by the treasurer as it was. The
# history tables hold the amount before the exemption for whoever needs to trace it. A handful of queries whatever
# the number of debtors: the figures at D are subqueries of one SELECT, the totals one pass over the same rows.

import datetime  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.db.models import (  # noqa: E402
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, ExtractMonth, ExtractYear, Upper  # noqa: E402

from config.perms import exiger  # noqa: E402

from .models import Categorie, EtapeRelance, StatutCotisation  # noqa: E402

ZERO = Decimal("0.00")
_ARGENT = DecimalField(max_digits=12, decimal_places=2)
# Balances are whole cents: "above zero" is "at least one cent", which stays exact where SQLite computes in floats.
UN_CENTIME = Decimal("0.01")
CHAMPS_IMPAYE = (
    "id",
    "annee",
    "medecin",
    "societe",
    "redevable",
    "rpps",
    "reference",
    "categorie",
    "montant_du",
    "frais_a_date",
    "paye_a_date",
    "solde_a_date",
    "derniere_relance",
)


def _somme_par_cotisation(qs, champ: str):
    """Σ `champ` of the rows of `qs` (filtered on OuterRef("pk")), 0.00 when there is none: a correlated subquery."""
    total = qs.order_by().values("cotisation").annotate(total=Sum(champ)).values("total")
    return Coalesce(Subquery(total, output_field=_ARGENT), Value(ZERO), output_field=_ARGENT)


def impayes_a_date(date: datetime.date):
    """The unpaid dues at `date`, one row (a dict of CHAMPS_IMPAYE) per record, by year then debtor's name. Figures
    at `date`: `frais_a_date` (reminders dated ≤ date), `paye_a_date` (payments and counter-entries dated ≤ date),
    `solde_a_date`; `derniere_relance` is the step of the last reminder dated ≤ date (None before the first)."""
    relances = Relance.objects.filter(cotisation=OuterRef("pk"), date__lte=date)
    paiements = Paiement.objects.filter(cotisation=OuterRef("pk"), date__lte=date)
    return (
        Cotisation.objects.filter(appelee_le__lte=date)
        .annotate(
            frais_a_date=_somme_par_cotisation(relances, "frais"),
            paye_a_date=_somme_par_cotisation(paiements, "montant"),
        )
        .annotate(
            solde_a_date=ExpressionWrapper(
                F("montant_du") + F("frais_a_date") - F("paye_a_date"), output_field=_ARGENT
            ),
            derniere_relance=Subquery(relances.order_by("-date", "-id").values("etape")[:1]),
            redevable=Case(
                When(
                    medecin__isnull=False,
                    then=Concat(F("medecin__prenom"), Value(" "), Upper(F("medecin__nom"))),
                ),
                default=F("societe__raison_sociale"),
            ),
            rpps=F("medecin__rpps"),
        )
        .filter(solde_a_date__gte=UN_CENTIME)
        .order_by("annee", "redevable", "id")
        .values(*CHAMPS_IMPAYE)
    )


def _totaux(lignes) -> tuple[list[dict], list[dict], dict]:
    """Totals by (year, category), by year, and the grand total, of the statement's rows."""
    vide = {"nombre": 0, "montant_du": ZERO, "frais": ZERO, "montant_paye": ZERO, "solde": ZERO}
    par_categorie, par_annee, general = {}, {}, dict(vide)
    for annee, categorie, du, frais, paye, solde in lignes:
        for cible in (
            par_categorie.setdefault((annee, categorie), dict(vide)),
            par_annee.setdefault(annee, dict(vide)),
            general,
        ):
            cible["nombre"] += 1
            cible["montant_du"] += du
            cible["frais"] += frais
            cible["montant_paye"] += paye
            cible["solde"] += solde
    libelles = dict(Categorie.choices)
    categories = [
        {"annee": annee, "categorie": categorie, "libelle": libelles.get(categorie, categorie), **valeurs}
        for (annee, categorie), valeurs in sorted(par_categorie.items())
    ]
    annees = [{"annee": annee, **valeurs} for annee, valeurs in sorted(par_annee.items())]
    return categories, annees, general


def etat_impayes(*, date: datetime.date, par) -> dict:
    """The état de situation des impayés at `date` (quarterly: 31 March, 30 June, 30 September, 31 December, but any
    date): {"date", "nombre", "total", "totaux" (by year and category), "totaux_annees", "lignes"} where `lignes` is
    the lazy queryset of impayes_a_date (one query when read; the totals took one more)."""
    exiger(par, "cotisations.etat_impayes_consulter")
    lignes = impayes_a_date(date)
    categories, annees, general = _totaux(
        lignes.values_list("annee", "categorie", "montant_du", "frais_a_date", "paye_a_date", "solde_a_date")
    )
    return {
        "date": date,
        "nombre": general["nombre"],
        "total": general["solde"],
        "totaux": categories,
        "totaux_annees": annees,
        "general": general,
        "lignes": lignes,
    }


def credits_en_attente():
    """The bank credits imported but not matched to a dues record yet (waiting for a person to confirm, or matching
    nobody), for the treasurer's dashboard.

    TODO(merge of helper "banque"): return the bank statement lines of banque's model that wait for a person (its
    `a_confirmer` and `non_rapprochees`), e.g. `LigneReleve.objects.filter(paiement__isnull=True, sens="credit")`.
    The dashboard reads only `.count()` and `.aggregate(total=Sum("montant"))` of what this returns. Until the merge
    it is an empty queryset of a model that has a `montant` (nothing waits), rendered as 0."""
    return Paiement.objects.none()


def _par_mois(qs, champ_date: str, champ_montant: str) -> dict[tuple[int, int], Decimal]:
    lignes = (
        qs.order_by()
        .annotate(a=ExtractYear(champ_date), m=ExtractMonth(champ_date))
        .values("a", "m")
        .annotate(total=Sum(champ_montant))
        .values_list("a", "m", "total")
    )
    return {(a, m): Decimal(total or 0) for a, m, total in lignes}


def _cumul(par_mois: dict, annee: int, mois: int) -> Decimal:
    return sum((v for (a, m), v in par_mois.items() if (a, m) <= (annee, mois)), ZERO)


def taux_de_recouvrement(annee: int, *, jusqu_au: datetime.date | None = None) -> list[dict]:
    """Month by month of `annee`, the collection rate of that year's dues: what was collected by the end of the
    month (payments less counter-entries, dated ≤ that day) over what was called by then (the amounts due after
    exemption of the records called ≤ that day, and the postage of the reminders dated ≤ that day). Months after
    `jusqu_au` are not reached yet (taux None). Three grouped queries."""
    appele = _par_mois(Cotisation.objects.filter(annee=annee), "appelee_le", "montant_du")
    frais = _par_mois(Relance.objects.filter(cotisation__annee=annee), "date", "frais")
    encaisse = _par_mois(Paiement.objects.filter(cotisation__annee=annee), "date", "montant")
    mois = []
    for m in range(1, 13):
        atteint = jusqu_au is None or (annee, m) <= (jusqu_au.year, jusqu_au.month)
        du = _cumul(appele, annee, m) + _cumul(frais, annee, m)
        recu = _cumul(encaisse, annee, m)
        taux = (recu * 100 / du).quantize(Decimal("0.1")) if atteint and du > 0 else None
        mois.append({"mois": m, "appele": du, "encaisse": recu, "taux": taux, "atteint": atteint})
    return mois


def tableau_de_bord(*, annee: int, today: datetime.date, par) -> dict:
    """The treasurer's dashboard for `annee`: the collection rate by month against the year before, the number of
    letters at each reminder step, what is still due (that year, and every year), the bank credits waiting to be
    matched. A bounded number of queries."""
    exiger(par, "cotisations.tableau_de_bord_consulter", date=today)
    comptes = dict(
        Relance.objects.filter(cotisation__annee=annee)
        .order_by()
        .values("etape")
        .annotate(n=Count("id"))
        .values_list("etape", "n")
    )
    solde = ExpressionWrapper(F("montant_du") + F("frais") - F("montant_paye"), output_field=_ARGENT)
    restes = Cotisation.objects.filter(statut=StatutCotisation.DUE).aggregate(
        annee_nombre=Count("id", filter=Q(annee=annee)),
        annee_montant=Coalesce(Sum(solde, filter=Q(annee=annee)), Value(ZERO), output_field=_ARGENT),
        tout_nombre=Count("id"),
        tout_montant=Coalesce(Sum(solde), Value(ZERO), output_field=_ARGENT),
    )
    credits = credits_en_attente()
    return {
        "annee": annee,
        "courant": taux_de_recouvrement(annee, jusqu_au=today),
        "precedent": taux_de_recouvrement(annee - 1),
        "relances": [
            {"etape": etape, "libelle": libelle, "nombre": comptes.get(etape, 0)}
            for etape, libelle in EtapeRelance.choices
        ],
        "reste_du": restes,
        "credits_en_attente": {
            "nombre": credits.count(),
            "montant": credits.aggregate(total=Coalesce(Sum("montant"), Value(ZERO), output_field=_ARGENT))["total"],
        },
    }
