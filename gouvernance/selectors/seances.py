"""Sessions: held or not, attendance, quorum, voters, substitutes in rotation, the live page's read model."""

import datetime

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet

from gouvernance.models import (
    TYPES_PLENIERS,
    Absence,
    Deliberation,
    Emargement,
    Membre,
    Qualite,
    Seance,
    StatutSeance,
    TourElection,
)
from gouvernance.selectors.membres import majorite_absolue, membres_en_fonction, nombre_titulaires

# --- sessions, attendance, quorum -----------------------------------------------------------------------------


# A session has minutes once held: opened (then closed), or recorded after the fact with its attendance register
# (CONTRACT.md: a past session may be recorded straight away). A planned or convened one has none yet.
STATUTS_TENUE = (StatutSeance.OUVERTE, StatutSeance.CLOSE)


def seance_tenue(*, seance: Seance) -> bool:
    """Has this session been held, so that it has a procès-verbal? (No query when its attendance is prefetched.)"""
    return seance.statut in STATUTS_TENUE or seance.emargements.exists()


def seances_liste() -> QuerySet[Seance]:
    """The sessions, latest first, each with `tenue` (as seance_tenue answers it) in the same query."""
    emargee = Exists(Emargement.objects.filter(seance=OuterRef("pk")))
    return Seance.objects.annotate(
        tenue=ExpressionWrapper(Q(statut__in=STATUTS_TENUE) | emargee, output_field=BooleanField())
    ).order_by("-date", "-heure", "-id")


def presents(*, seance: Seance) -> QuerySet[Emargement]:
    return (
        Emargement.objects.filter(seance=seance)
        .select_related("membre__medecin", "remplace__medecin")
        .order_by("membre__qualite", "membre__medecin__nom", "id")
    )


def _present(arrivee, depart, heure) -> bool:
    if heure is None:
        return depart is None
    if arrivee is not None and arrivee > heure:
        return False
    return depart is None or depart > heure


def present_a(emargement: Emargement, heure: datetime.time | None = None) -> bool:
    """Is the member who signed still in the room? Without `heure` (now, during the session): not if his
    departure is recorded. At `heure` (a vote recorded afterwards): arrived by then and not yet left."""
    return _present(emargement.heure_arrivee, emargement.heure_depart, heure)


def votants_de(*, seance: Seance, heure: datetime.time | None = None) -> set[int]:
    """The members with a deliberative vote present: titulars who signed, and substitutes replacing a titular
    (a substitute who replaces no one attends without a vote, seed 002 L.I T.II 1.3.2). A member whose departure
    is recorded no longer counts (for the quorum checked on request, L.I 4.2, and the votes that follow);
    `heure`: who was there at that time."""
    votants = set()
    for membre_id, qualite, remplace_id, arrivee, depart in Emargement.objects.filter(seance=seance).values_list(
        "membre_id", "membre__qualite", "remplace_id", "heure_arrivee", "heure_depart"
    ):
        if (qualite == Qualite.TITULAIRE or remplace_id is not None) and _present(arrivee, depart, heure):
            votants.add(membre_id)
    return votants


def registre_arrete(*, seance: Seance) -> str:
    """Why the attendance register of a session can no longer lose a signature ("" while it can): once the session
    is closed, or once a vote was recorded on the strength of it (the PV and the quorum read it)."""
    if seance.statut == StatutSeance.CLOSE:
        return "La séance est close : le registre d'émargement est arrêté."
    if (
        Deliberation.objects.filter(seance=seance).exists()
        or TourElection.objects.filter(election__seance=seance).exists()
    ):
        return (
            "Des votes ont été enregistrés d'après ce registre : une signature ne s'en retire plus. Si le membre est "
            "parti, enregistrez l'heure de son départ."
        )
    return ""


def seance_quorum(*, seance: Seance, heure: datetime.time | None = None) -> dict:
    """Quorum = absolute majority of the members with a deliberative vote (seed 002 L.I 4.2), read from the
    attendance register: 16 titulars in office → 9 required. Checked at the opening and, on request, during the
    session: the members who left (departure recorded) no longer count."""
    requis = majorite_absolue(nombre_titulaires(date=seance.date))
    presents_ = len(votants_de(seance=seance, heure=heure))
    return {"atteint": presents_ >= requis, "presents": presents_, "requis": requis}


def absents(*, seance: Seance) -> QuerySet[Membre]:
    """Members in office on the session's date who did not sign the register."""
    return membres_en_fonction(date=seance.date).exclude(emargements__seance=seance).order_by("qualite", "id")


def suppleant_suivant(*, seance: Seance) -> Membre | None:
    """The substitute to invite next to replace a prevented titular: substitutes take turns (seed 002 L.I T.II
    1.3.2), so the one who replaced least recently (never first), then by electoral rank."""
    deja = Emargement.objects.filter(seance=seance).values("membre_id")
    candidats = list(
        membres_en_fonction(date=seance.date, qualite=Qualite.SUPPLEANT)
        .exclude(pk__in=deja)
        .exclude(pk__in=Absence.objects.filter(seance=seance).values("membre_id"))
    )
    if not candidats:
        return None
    derniers = {}
    for membre_id, date in (
        Emargement.objects.filter(membre__in=candidats, remplace__isnull=False, seance__date__lte=seance.date)
        .exclude(seance=seance)
        .values_list("membre_id", "seance__date")
    ):
        derniers[membre_id] = max(date, derniers.get(membre_id, date))
    return min(
        candidats,
        key=lambda m: (
            derniers.get(m.pk, datetime.date.min),
            m.rang if m.rang is not None else 999,
            m.pk,
        ),
    )


def doyen_d_age(*, seance: Seance, exclure=()) -> Membre | None:
    """The oldest titular present (or in office, before the register is signed), skipping the candidates:
    he chairs the election and steps aside when he is a candidate (seed 002 L.I 3.1)."""
    exclus = {getattr(m, "pk", m) for m in exclure}
    titulaires = membres_en_fonction(date=seance.date, qualite=Qualite.TITULAIRE)
    emarges = titulaires.filter(emargements__seance=seance)
    base = emarges if emarges.exists() else titulaires
    return base.exclude(pk__in=exclus).order_by("medecin__date_naissance", "id").first()


def seance_detail(*, seance_id: int) -> Seance:
    """One session with everything its procès-verbal or live page shows, in a fixed number of queries."""
    return (
        Seance.objects.select_related("suite_a", "president_seance__medecin", "secretaire_seance__medecin")
        .prefetch_related(
            Prefetch("emargements", queryset=Emargement.objects.select_related("membre__medecin", "remplace__medecin")),
            Prefetch("absences", queryset=Absence.objects.select_related("membre__medecin")),
            Prefetch(
                "deliberations",
                queryset=Deliberation.objects.select_related("medecin_concerne")
                .order_by("sequence")
                .prefetch_related(
                    Prefetch("non_participants", queryset=Membre.objects.select_related("medecin")),
                    Prefetch("sortis_conflit_interets", queryset=Membre.objects.select_related("medecin")),
                ),
            ),
            Prefetch(
                "elections__tours",
                queryset=TourElection.objects.select_related("elu__medecin").order_by("numero"),
            ),
            "elections__candidats__medecin",
            "demandes_inscription",
        )
        .select_related("demande_extraordinaire")
        .get(pk=seance_id)
    )


def deliberations_liste() -> QuerySet[Deliberation]:
    return (
        Deliberation.objects.select_related("seance", "voie_recours")
        .prefetch_related("non_participants", "sortis_conflit_interets")
        .order_by("-annee", "-sequence")
    )


def membres_a_signaler(*, date: datetime.date) -> list[Membre]:
    """Titular members absent without valid reason from the last three plenary sessions of their mandate up to
    `date` (seed 002 L.I 1.1.1.1): the council may propose them to the national council as resigned.
    Substitutes are not counted: they sit only when called to replace a titular. Four queries whatever the size."""
    titulaires = list(membres_en_fonction(date=date, qualite=Qualite.TITULAIRE))
    if not titulaires:
        return []
    debut = min(m.date_debut for m in titulaires)
    # Only the sessions that were held count: opened or closed, or recorded afterwards with their register. A
    # session that was planned and never held (postponed, cancelled) makes nobody absent.
    tenue = Q(statut__in=[StatutSeance.OUVERTE, StatutSeance.CLOSE]) | Exists(
        Emargement.objects.filter(seance=OuterRef("pk"))
    )
    seances = list(
        Seance.objects.filter(tenue, type__in=TYPES_PLENIERS, date__gte=debut, date__lte=date)
        .order_by("-date", "-heure", "-id")
        .values_list("id", "date")
    )
    ids = [s for s, _ in seances]
    presences = set(Emargement.objects.filter(seance_id__in=ids).values_list("seance_id", "membre_id"))
    # A titular replaced by a substitute did not sit either; only an excused absence saves him.
    excuses = set(Absence.objects.filter(seance_id__in=ids, excusee=True).values_list("seance_id", "membre_id"))
    signales = []
    for membre in titulaires:
        siennes = [s for s, d in seances if membre.couvre(d)][:3]
        if len(siennes) == 3 and all(
            (s, membre.pk) not in presences and (s, membre.pk) not in excuses for s in siennes
        ):
            signales.append(membre)
    return signales


def seance_en_direct(*, seance_id: int) -> dict:
    """What the live page of a session shows (register, substitutes, quorum, elections and their rounds,
    deliberations), in a fixed number of queries whatever the size of the council."""
    seance = seance_detail(seance_id=seance_id)
    membres = sorted(
        membres_en_fonction(date=seance.date),
        key=lambda m: (m.qualite != Qualite.TITULAIRE, m.binome or 99, m.medecin.nom, m.pk),
    )
    emargements = {e.membre_id: e for e in seance.emargements.all()}
    remplacants = {e.remplace_id: e for e in emargements.values() if e.remplace_id}
    absences = {a.membre_id: a for a in seance.absences.all()}
    titulaires = [m for m in membres if m.qualite == Qualite.TITULAIRE]
    suppleants = [m for m in membres if m.qualite != Qualite.TITULAIRE]
    empeches = [m for m in titulaires if m.pk not in emargements and m.pk not in remplacants]
    suivant = suppleant_suivant(seance=seance)
    lignes = [
        {
            "membre": m,
            "emargement": emargements.get(m.pk),
            "remplacant": remplacants.get(m.pk),
            "absence": absences.get(m.pk),
        }
        for m in titulaires
    ]
    presents = [e.membre for e in sorted(emargements.values(), key=lambda e: (e.membre.medecin.nom, e.pk))]
    elections = []
    doyens = {e.president_de_seance_id for e in seance.elections.all()} - {None}
    doyens = {m.pk: m for m in Membre.objects.filter(pk__in=doyens).select_related("medecin")} if doyens else {}
    for election in seance.elections.all():
        tours = list(election.tours.all())
        candidats = sorted(election.candidats.all(), key=lambda m: m.medecin.nom)
        noms = {str(m.pk): m for m in candidats}
        elections.append(
            {
                "election": election,
                "doyen": doyens.get(election.president_de_seance_id),
                "candidats": candidats,
                "tours": [
                    {"tour": t, "voix": [(noms.get(pk), n) for pk, n in sorted(t.voix.items(), key=lambda kv: -kv[1])]}
                    for t in tours
                ],
                "ouverte": election.elu_id is None and len(tours) < 2,
                "elu": next((t.elu for t in tours if t.elu_id), None),
            }
        )
    return {
        "seance": seance,
        "lignes": lignes,
        "titulaires": titulaires,
        "suppleants": [
            {"membre": m, "emargement": emargements.get(m.pk), "absence": absences.get(m.pk)} for m in suppleants
        ],
        "suppleants_libres": [m for m in suppleants if m.pk not in emargements],
        "empeches": empeches,
        "non_emarges": [m for m in membres if m.pk not in emargements],
        "presents": presents,
        "suivant": suivant,
        "quorum": seance_quorum(seance=seance),
        "elections": elections,
        "deliberations": list(seance.deliberations.all()),
        "close": seance.statut == StatutSeance.CLOSE,
        "ouverte": seance.statut == StatutSeance.OUVERTE,
    }
