"""Reads of the conciliation: the files a user may see, the legal deadlines."""

import datetime

from django.db.models import Prefetch, QuerySet

from conciliation.models import Conciliateur, Plainte, Reunion


def plaintes_lisibles(*, user, date: datetime.date) -> QuerySet[Plainte]:
    """The files this user may read (none for anybody else: the doors answer 404). A party never sees his own
    file: the doctor concerned, a complainant doctor, a member who declared a link (conciliation/perms.py)."""
    from config.perms import peut

    if not peut(user, "conciliation.plainte_lire", objet=Plainte(), date=date):
        return Plainte.objects.none()
    qs = Plainte.objects.select_related("medecin").order_by("-date_enregistrement", "-id")
    medecin = getattr(user, "medecin", None)
    if medecin is not None:
        qs = (
            qs.exclude(medecin=medecin)
            .exclude(plaignant_medecin=medecin)
            .exclude(pk__in=Plainte.objects.filter(liens__membre__medecin=medecin).values("pk"))
        )
    return qs


def plaintes_detaillees(qs: QuerySet[Plainte]) -> QuerySet[Plainte]:
    """With what a file's page shows: its conciliators, meetings and their PV, documents, links."""
    return qs.prefetch_related(
        Prefetch("conciliateurs", queryset=Conciliateur.objects.select_related("membre__medecin").order_by("id")),
        Prefetch("reunions", queryset=Reunion.objects.select_related("proces_verbal").order_by("date", "id")),
        "pieces",
        "liens",
    )


def membres_lies(plainte: Plainte) -> dict[int, str]:
    """The council's members who must step aside on this file, and why: a declared link, or being a party (the
    doctor concerned, the complainant doctor) when he is a member."""
    from gouvernance.models import Membre

    lies = {lien.membre_id: f"lien déclaré : {lien.description}" for lien in plainte.liens.all()}
    for membre in Membre.objects.filter(medecin_id__in=[plainte.medecin_id, plainte.plaignant_medecin_id]):
        lies.setdefault(
            membre.pk,
            "médecin mis en cause" if membre.medecin_id == plainte.medecin_id else "plaignant",
        )
    return lies


# --- documents slice (issue 12 points 2 and 6): the legal clock's reads and the yearly report -----------------------

from decimal import ROUND_HALF_UP, Decimal  # noqa: E402

from django.core.exceptions import ValidationError  # noqa: E402

from conciliation.models import (  # noqa: E402
    ISSUES_A_TRANSMETTRE,
    STATUTS_CLOS,
    IssueConciliation,
    NaturePlainte,
    ParametreConciliation,
    ProcesVerbal,
    QualitePlaignant,
    StatutPlainte,
    TypeEcheance,
)

# CONTRACT.md: the échéances list shows what has passed or falls within 7 days.
JOURS_ECHEANCES = 7


def _reunions_avec_pv():
    return Prefetch("reunions", queryset=Reunion.objects.select_related("proces_verbal").order_by("date", "id"))


def _proces_verbaux(plainte) -> list:
    """The PVs of a file, in meeting order, from the prefetched meetings."""
    return [r.proces_verbal for r in plainte.reunions.all() if _a_un_pv(r)]


def _a_un_pv(reunion) -> bool:
    try:
        return reunion.proces_verbal is not None
    except ProcesVerbal.DoesNotExist:
        return False


def conciliation_tenue(plainte, *, date: datetime.date) -> bool:
    """A meeting has been held (its date has come) or a PV established: the conciliation's deadline is behind."""
    return any(r.date <= date or _a_un_pv(r) for r in plainte.reunions.all())


def prochaine_echeance(plainte, *, date: datetime.date) -> tuple[str, datetime.date] | None:
    """The next legal deadline of an open complaint on `date` (meetings prefetched): the conciliation's until a
    meeting is held or a PV established, or when none is due (public authority, ordinal body), then the
    transmission's; none for a closed file, a grievance or a report (no clock until requalified)."""
    if plainte.nature != NaturePlainte.PLAINTE or plainte.statut in STATUTS_CLOS:
        return None
    if not plainte.sans_conciliation and not conciliation_tenue(plainte, date=date):
        return TypeEcheance.CONCILIATION.value, plainte.echeance_conciliation
    return TypeEcheance.TRANSMISSION.value, plainte.echeance_transmission


def echeances_proches(plaintes: QuerySet[Plainte], *, date: datetime.date, jours: int) -> list[dict]:
    """The open complaints of `plaintes` whose next deadline has passed or falls within `jours` days of `date`,
    the earliest first: `{"plainte", "type", "echeance", "depassee", "hors_delai"}` (`plainte` the object;
    `hors_delai`: a meeting was fixed after the conciliation's deadline — recorded, flagged)."""
    limite = date + datetime.timedelta(days=jours)
    ouvertes = (
        plaintes.filter(nature=NaturePlainte.PLAINTE)
        .exclude(statut__in=STATUTS_CLOS)
        .select_related("medecin")
        .prefetch_related(_reunions_avec_pv())
    )
    lignes = []
    for plainte in ouvertes:
        prochaine = prochaine_echeance(plainte, date=date)
        if prochaine is None or prochaine[1] > limite:
            continue
        type_, echeance = prochaine
        lignes.append(
            {
                "plainte": plainte,
                "type": type_,
                "echeance": echeance,
                "depassee": echeance < date,
                "hors_delai": any(
                    r.hors_delai or r.date > plainte.echeance_conciliation for r in plainte.reunions.all()
                ),
            }
        )
    lignes.sort(key=lambda ligne: (ligne["echeance"], ligne["plainte"].pk))
    return lignes


def echeances(*, user, today: datetime.date, horizon: datetime.date | None = None) -> list[dict]:
    """GET /api/conciliation/echeances/?date=: the deadlines of the files this user may read.

    Two dates, never mixed: the user's right is judged on `today` (the day of the request: a member whose seat has
    ended reads nothing, whatever past `?date=` he passes), and `horizon` (`?date=`, default `today`) is only the
    day the list is drawn up at (passed or within 7 days of it)."""
    return echeances_proches(plaintes_lisibles(user=user, date=today), date=horizon or today, jours=JOURS_ECHEANCES)


def parametres_conciliation():
    """The one parameter row (loaded by the migration 0003); a French message if someone deleted it."""
    parametre = ParametreConciliation.objects.order_by("pk").first()
    if parametre is None:
        raise ValidationError(
            "Les paramètres de la conciliation manquent : recréez-les dans l'administration (Conciliation > "
            "Paramètres de la conciliation)."
        )
    return parametre


def _pourcentage(n: int, total: int) -> str:
    if not total:
        return "0.00"
    return str((Decimal(100 * n) / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def rapport_annuel(*, annee: int, today: datetime.date) -> dict:
    """The yearly report to the plenary (R4123-1 CSP; seed 002 5.1.1: « un bilan de l'ensemble des griefs,
    signalements et plaintes parvenus au conseil lors de l'année civile, ainsi que du suivi qui leur a été
    donné »): every file received in `annee` (`recue_le`), a dépaysée one included, counted by its nature now (a
    grievance requalified as a complaint counts once, as a complaint), by complainant type, by outcome (the last
    PV of each file) and by what followed (its status); the share of legal deadlines met.

    - `conciliation_dans_le_mois`: among the complaints on which a conciliation is due (not a public authority or
      an ordinal body, not dépaysée), those whose first meeting took place within 1 month of t0, out of those
      with a meeting, plus those without one whose deadline has passed on `today` (a withdrawn or closed file
      without a meeting is not counted; one whose deadline is still ahead is pending);
    - `transmission_dans_les_3_mois`: among the complaints transmitted or to transmit whose deadline has passed
      (not dépaysée), those transmitted within 3 months of t0.
    Both are percentages to the hundredth, "0.00" when no complaint is concerned (the counts are in `delais`).
    No name of a party: the report goes to the plenary.

    The year is that of `recue_le` (the day the file reached the council), not of `date_enregistrement` (t0): a
    requalification moves t0 to its own day, so a grievance received on 20 December and requalified on 8 January
    would otherwise leave the year it was received in, or be counted in neither report (the contract's "registered
    in the year", the seed's "parvenus au conseil lors de l'année civile"); it counts once, as a complaint, in the
    year it was received (tests/conciliation/test_rapport.py pins it)."""
    plaintes = (
        Plainte.objects.filter(recue_le__year=annee)
        .prefetch_related(_reunions_avec_pv())
        .only(
            "id",
            "nature",
            "nature_initiale",
            "plaignant_qualite",
            "statut",
            "depaysement",
            "date_enregistrement",
            "date_transmission",
        )
    )
    recues = dict.fromkeys(NaturePlainte.values, 0)
    par_qualite = dict.fromkeys(QualitePlaignant.values, 0)
    issues = dict.fromkeys(IssueConciliation.values, 0)
    suites = dict.fromkeys(StatutPlainte.values, 0)
    requalifiees = transmises = 0
    conciliation = {"concernees": 0, "dans_le_delai": 0}
    transmission = {"concernees": 0, "dans_le_delai": 0}
    for plainte in plaintes:
        recues[plainte.nature] += 1
        par_qualite[plainte.plaignant_qualite] += 1
        suites[plainte.statut] += 1
        if plainte.nature != plainte.nature_initiale:
            requalifiees += 1
        pvs = _proces_verbaux(plainte)
        if pvs:
            issues[pvs[-1].issue] += 1
        if plainte.statut == StatutPlainte.TRANSMISE:
            transmises += 1
        if plainte.nature != NaturePlainte.PLAINTE or plainte.depaysement or plainte.statut == StatutPlainte.DEPAYSEE:
            continue
        if not plainte.sans_conciliation:
            reunions = list(plainte.reunions.all())
            echeance = plainte.echeance_conciliation
            if reunions:
                conciliation["concernees"] += 1
                conciliation["dans_le_delai"] += reunions[0].date <= echeance
            elif echeance < today and plainte.statut not in (StatutPlainte.RETIREE, StatutPlainte.CLASSEE):
                conciliation["concernees"] += 1
        echeance = plainte.echeance_transmission
        if plainte.statut == StatutPlainte.TRANSMISE:
            transmission["concernees"] += 1
            transmission["dans_le_delai"] += plainte.date_transmission <= echeance
        elif echeance < today and (
            plainte.statut == StatutPlainte.A_TRANSMETTRE
            or (plainte.sans_conciliation and plainte.statut in (StatutPlainte.ENREGISTREE, StatutPlainte.CONVOQUEE))
            or (plainte.statut == StatutPlainte.CONVOQUEE and pvs and pvs[-1].issue in ISSUES_A_TRANSMETTRE)
        ):
            transmission["concernees"] += 1
    return {
        "annee": annee,
        "recues": recues,
        "issues": issues,
        "transmises": transmises,
        "conciliation_dans_le_mois": _pourcentage(conciliation["dans_le_delai"], conciliation["concernees"]),
        "transmission_dans_les_3_mois": _pourcentage(transmission["dans_le_delai"], transmission["concernees"]),
        "total": sum(recues.values()),
        "requalifiees": requalifiees,
        "par_qualite": par_qualite,
        "suites": suites,
        "delais": {"conciliation": conciliation, "transmission": transmission},
    }
