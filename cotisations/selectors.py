"""Reads of the dues: what each user may see (staff and the council's treasury all; a doctor his own)."""

from django.db.models import Exists, F, OuterRef, Prefetch, Q

from config.perms import peut

from .models import Bareme, Cotisation, Paiement, PaiementCarte, Relance


def reference_normalisee(texte: str) -> str:
    """A payment reference as typed or read from a cheque (« rf18 2026 m… »): spaces aside, upper case."""
    return "".join((texte or "").split()).upper()


def cotisation_par_reference(texte: str):
    """The dues whose payment reference (RF…, printed on the call) is `texte`, spaces and case aside; None."""
    return Cotisation.objects.select_related("medecin", "societe").filter(reference=reference_normalisee(texte)).first()


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
        .order_by("-annee", F("societe_id").asc(nulls_first=True), "id")  # his own dues first, on every database
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


# --- banque: bank statements, remittance slips, the monthly transfer to the CNOM -----------------------------------


def credits_en_attente():
    """The bank credits waiting for a person (à confirmer, non rapprochés), oldest first, with their proposals: the
    treasurer's list and the dashboard's count."""
    from .models import EtatLigne, LigneReleve

    return (
        LigneReleve.objects.filter(etat__in=[EtatLigne.A_CONFIRMER, EtatLigne.NON_RAPPROCHEE])
        .select_related("releve", "bordereau_propose")
        .prefetch_related(
            Prefetch("propositions", queryset=Cotisation.objects.select_related("medecin", "societe").order_by("id"))
        )
        .order_by("date", "id")
    )


def cheques_a_remettre():
    """The cheque payments received and on no slip yet (cancelled ones and counter-entries left out)."""
    from .models import ModePaiement

    return (
        Paiement.objects.filter(
            mode=ModePaiement.CHEQUE, annule__isnull=True, remise__isnull=True, contre_passation__isnull=True
        )
        .select_related("cotisation__medecin", "cotisation__societe")
        .order_by("date", "id")
    )


def bordereau_detail(bordereau):
    """A slip with its cheques, for its PDF and its page."""
    from .models import ChequeRemis

    return list(
        ChequeRemis.objects.filter(bordereau=bordereau)
        .select_related("paiement__cotisation__medecin", "paiement__cotisation__societe")
        .order_by("paiement__date", "paiement__id")
    )


def _fin_du_mois(debut):
    import datetime

    suivant = (debut.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return suivant - datetime.timedelta(days=1)


def etat_mensuel(mois) -> dict:
    """What the council collected in the month of `mois`: the payments dated in it less the counter-entries dated
    in it, split by dues category, and the postage collected apart. A payment pays the dues first, then the
    postage claimed: of what a dues record received in the month, the part up to its amount due (counting what it
    had received before) is dues, the rest postage. Two queries, whatever the number of payments."""
    from decimal import Decimal

    from django.db.models import Count, OuterRef, Q, Subquery, Sum
    from django.db.models.functions import Coalesce

    from .models import Categorie

    debut = mois.replace(day=1)
    fin = _fin_du_mois(debut)
    zero = Decimal("0.00")
    du_mois = Paiement.objects.filter(date__gte=debut, date__lte=fin)
    mouvements = du_mois.aggregate(
        encaisse=Coalesce(Sum("montant", filter=Q(montant__gt=0)), zero),
        nombre_paiements=Count("id", filter=Q(montant__gt=0)),
        contre_passe=Coalesce(Sum("montant", filter=Q(montant__lt=0)), zero),
        nombre_contre_passations=Count("id", filter=Q(montant__lt=0)),
    )
    avant = Paiement.objects.filter(cotisation=OuterRef("pk"), date__lt=debut).values("cotisation")
    lignes = (
        Cotisation.objects.filter(pk__in=du_mois.values("cotisation_id"))
        .annotate(
            avant=Coalesce(Subquery(avant.annotate(s=Sum("montant")).values("s")), zero),
            dans_le_mois=Coalesce(
                Sum("paiements__montant", filter=Q(paiements__date__gte=debut, paiements__date__lte=fin)), zero
            ),
        )
        .values_list("categorie", "montant_du", "avant", "dans_le_mois")
    )
    categories = {c: zero for c in Categorie.values}
    frais = zero
    for categorie, montant_du, avant_mois, dans_le_mois in lignes:
        cotisation = min(avant_mois + dans_le_mois, montant_du) - min(avant_mois, montant_du)
        categories[categorie] += cotisation
        frais += dans_le_mois - cotisation
    centime = Decimal("0.01")
    categories = {c: Decimal(m).quantize(centime) for c, m in categories.items()}
    frais = Decimal(frais).quantize(centime)
    total = sum(categories.values(), zero)
    return {
        "mois": debut,
        "debut": debut,
        "fin": fin,
        "categories": categories,
        "libelles": dict(Categorie.choices),
        "total_cotisations": total,
        "frais": frais,
        "total_encaisse": total + frais,
        "encaisse": Decimal(mouvements["encaisse"]).quantize(Decimal("0.01")),
        "contre_passe": Decimal(mouvements["contre_passe"]).quantize(Decimal("0.01")),
        "nombre_paiements": mouvements["nombre_paiements"],
        "nombre_contre_passations": mouvements["nombre_contre_passations"],
    }


# --- relances: the reminder calendar -------------------------------------------------------------------------------


def relances_a_venir(*, date):
    """What a run of the calendar on `date` would send, step by step (the admin shows it before the run): a list of
    {"annee", "etape", "libelle", "nombre", "cotisations"} (a queryset of the dues concerned), in calendar order,
    and the total. The same WHERE clause as the run itself (cotisations.calendrier.conditions)."""
    from .calendrier import annees_a_relancer, cotisations_dues, etapes_dues
    from .models import EtapeRelance

    etapes = []
    for annee in annees_a_relancer(date):
        for etape in etapes_dues(date, annee):
            cotisations = cotisations_dues(etape=etape, annee=annee, date=date).select_related("medecin", "societe")
            nombre = cotisations.count()
            if nombre:
                etapes.append(
                    {
                        "annee": annee,
                        "etape": str(etape),
                        "libelle": EtapeRelance(etape).label,
                        "nombre": nombre,
                        "cotisations": cotisations.order_by("reference"),
                    }
                )
    return {"date": date, "etapes": etapes, "total": sum(e["nombre"] for e in etapes)}


def debiteurs_restants(*, annee: int, date):
    """The dues of `annee` still unpaid on `date` after the second registered letter and without a court request:
    the list the plenary deliberates on in January N+1 (with the debtor, the letters and the balance)."""
    from .calendrier import debiteurs_injonction

    return (
        debiteurs_injonction(annee=annee, date=date)
        .select_related("medecin", "societe")
        .prefetch_related(Prefetch("relances", queryset=Relance.objects.order_by("date", "id")))
        .order_by("reference")
    )


def relances_de(qs):
    return qs.select_related("cotisation__medecin", "cotisation__societe", "deliberation")


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


def compte_du_conseil():
    """The council's account printed on the calls for transfers, None while it is still the demo's (« à compléter »)."""
    from .models import CompteBancaire, RoleCompte

    return CompteBancaire.objects.filter(role=RoleCompte.CONSEIL, a_completer=False).first()
