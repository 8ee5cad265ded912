"""Reads of the council's data. "Who holds function F on date D" is answered here, once, for every app
(`fonction_titulaire`, `membres_avec_fonction`, `fonctions_de`); `perms.peut` builds on it."""

import calendar
import datetime

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, QuerySet

from commun.periodes import couvre_q as couvre

from .models import (
    FONCTIONS_BUREAU,
    ROLE_ORDONNATEUR,
    TYPES_PLENIERS,
    Absence,
    Commission,
    DeclarationInterets,
    Delegation,
    Deliberation,
    Emargement,
    Fonction,
    Indisponibilite,
    Membre,
    NatureCommission,
    Qualite,
    RoleCommission,
    Seance,
    SiegeCommission,
    StatutSeance,
    TourElection,
    TypeFonction,
)


def ajouter_mois(date: datetime.date, mois: int) -> datetime.date:
    """`date` moved by a number of months, clamped to the month's last day (31 May - 3 months = 28/29 February)."""
    total = date.year * 12 + date.month - 1 + mois
    annee, mois0 = divmod(total, 12)
    jour = min(date.day, calendar.monthrange(annee, mois0 + 1)[1])
    return datetime.date(annee, mois0 + 1, jour)


# --- members ---------------------------------------------------------------------------------------------------


def membres_en_fonction(*, date: datetime.date, qualite: str | None = None) -> QuerySet[Membre]:
    qs = Membre.objects.filter(couvre(date)).select_related("medecin")
    if qualite:
        qs = qs.filter(qualite=qualite)
    return qs


def nombre_titulaires(*, date: datetime.date) -> int:
    """The titular members whose mandate covers the date (CONTRACT.md: not the statutory number of seats)."""
    return Membre.objects.filter(couvre(date), qualite=Qualite.TITULAIRE).count()


def majorite_absolue(n: int) -> int:
    return n // 2 + 1


def plafond_bureau(*, date: datetime.date) -> int:
    """At most 2/5 of the titular members (seed 002 L.I 2.1.3): 16 titulars → 6 (6.4 rounded down)."""
    return nombre_titulaires(date=date) * 2 // 5


def membre_de(*, date: datetime.date, medecin=None, user=None) -> Membre | None:
    """The mandate of this doctor (or of this user's doctor) covering the date, titular first."""
    qs = Membre.objects.filter(couvre(date))
    if medecin is not None:
        qs = qs.filter(medecin=medecin)
    elif user is not None and user.is_authenticated:
        qs = qs.filter(medecin__user=user)
    else:
        return None
    return qs.select_related("medecin").order_by("-qualite", "id").first()


# --- functions ---------------------------------------------------------------------------------------------------


def _fonctions_effectives(*, date: datetime.date, fonction: str | None = None) -> list[Fonction]:
    """The function rows covering the date, where an interim holder displaces the regular one of that post.

    For unique posts the interim replaces the holder outright; for vice-presidents and SG adjoints the interim
    displaces the unavailable holder only (the one with a covering `Indisponibilite`)."""
    qs = Fonction.objects.filter(couvre(date), membre__in=Membre.objects.filter(couvre(date)))
    if fonction:
        qs = qs.filter(fonction=fonction)
    lignes = list(qs.select_related("membre__medecin").order_by("fonction", "ordre", "date_debut", "id"))
    interims = [f for f in lignes if f.interim]
    if not interims:
        return lignes
    indisponibles = set(
        Indisponibilite.objects.filter(couvre(date), membre_id__in=[f.membre_id for f in lignes]).values_list(
            "membre_id", flat=True
        )
    )
    postes_interim = {f.fonction for f in interims}
    return [
        f
        for f in lignes
        if f.interim
        or f.fonction not in postes_interim
        or (f.fonction in {TypeFonction.VICE_PRESIDENT, TypeFonction.SECRETAIRE_GENERAL_ADJOINT})
        and f.membre_id not in indisponibles
    ]


def membres_avec_fonction(*, fonction: str, date: datetime.date) -> list[Membre]:
    """Every member holding the function on the date (vice-presidents in their order of substitution)."""
    vus, membres = set(), []
    for f in _fonctions_effectives(date=date, fonction=fonction):
        if f.membre_id not in vus:
            vus.add(f.membre_id)
            membres.append(f.membre)
    return membres


def fonction_titulaire(*, fonction: str, date: datetime.date) -> Membre | None:
    """Who holds function F on date D: THE selector every app uses (cotisations, trésorerie, entraide…).
    An interim holder elected after 3 months of unavailability is returned instead of the regular holder;
    for `vice_president` the first in the order of substitution."""
    lignes = _fonctions_effectives(date=date, fonction=fonction)
    lignes.sort(key=lambda f: (not f.interim, f.ordre if f.ordre is not None else 99, f.date_debut, f.id))
    return lignes[0].membre if lignes else None


# Who stands in for the holder of a function while he is prevented (an unavailability covers the date) or the post
# is vacant: the vice-presidents in their order for the président (seed 002 L.I 2.1.4; 3.2.1: the designated
# vice-president replaces at once a président whose function became incompatible), the trésorier adjoint for the
# trésorier (2.1.6), the liquidateur's designated substitute for him (règlement de trésorerie, T.I 2.2). The
# secrétaire général's substitute stands in for him as ordonnateur only, which the trésorerie asks for itself.
SUPPLEANCES = {
    TypeFonction.PRESIDENT: TypeFonction.VICE_PRESIDENT,
    TypeFonction.TRESORIER: TypeFonction.TRESORIER_ADJOINT,
    TypeFonction.LIQUIDATEUR: TypeFonction.LIQUIDATEUR_SUPPLEANT,
}


def suppleances_exercees(*, date: datetime.date) -> dict[str, Membre]:
    """{function: the member who exercises it as substitute on the date}, for the functions whose holders are all
    prevented or which are vacant. Two queries."""
    lignes = _fonctions_effectives(date=date)
    empeches = set(
        Indisponibilite.objects.filter(couvre(date), membre_id__in={f.membre_id for f in lignes}).values_list(
            "membre_id", flat=True
        )
    )
    exercees = {}
    for fonction, suppleante in SUPPLEANCES.items():
        if any(f.fonction == fonction and f.membre_id not in empeches for f in lignes):
            continue
        disponibles = sorted(
            (f for f in lignes if f.fonction == suppleante and f.membre_id not in empeches),
            key=lambda f: (not f.interim, f.ordre if f.ordre is not None else 99, f.date_debut, f.id),
        )
        if disponibles:
            exercees[fonction] = disponibles[0].membre
    return exercees


def fonction_exercee_par(*, fonction: str, date: datetime.date) -> Membre | None:
    """Who acts as F on D: its holder, or while he is prevented or the post vacant, his substitute (SUPPLEANCES)."""
    suppleant = suppleances_exercees(date=date).get(fonction) if fonction in SUPPLEANCES else None
    return suppleant or fonction_titulaire(fonction=fonction, date=date)


def fonctions_de(*, date: datetime.date, medecin=None, user=None) -> set[str]:
    """The functions a doctor (or a user's doctor) exercises on the date: those he holds, interim ones included,
    and those he stands in for as substitute (a vice-president while the président is prevented, SUPPLEANCES)."""
    if medecin is None and (user is None or not user.is_authenticated):
        return set()
    qs = Fonction.objects.filter(couvre(date), membre__in=Membre.objects.filter(couvre(date)))
    qs = qs.filter(membre__medecin=medecin) if medecin is not None else qs.filter(membre__medecin__user=user)
    lignes = list(qs.only("id", "fonction", "interim", "membre_id"))
    if not lignes:
        return set()
    effectives = {f.id for f in _fonctions_effectives(date=date)}
    fonctions = {f.fonction for f in lignes if f.id in effectives}
    if fonctions & set(SUPPLEANCES.values()):
        membres = {f.membre_id for f in lignes}
        fonctions |= {f for f, m in suppleances_exercees(date=date).items() if m.pk in membres}
    return fonctions


def ordonnateur(*, date: datetime.date) -> Membre | None:
    """Who orders the expenses on D (règlement de trésorerie, T.I 2.2): the secrétaire général; while he is
    prevented (an unavailability covers D) or the post is vacant, the ordonnateur suppléant — as ordonnateur only,
    never as secrétaire général."""
    sg = fonction_titulaire(fonction=TypeFonction.SECRETAIRE_GENERAL, date=date)
    if sg is not None and not Indisponibilite.objects.filter(couvre(date), membre=sg).exists():
        return sg
    return fonction_titulaire(fonction=TypeFonction.ORDONNATEUR_SUPPLEANT, date=date)


def roles_de(*, date: datetime.date, medecin=None, user=None, parmi=None) -> set[str]:
    """What config.perms reads: the functions a doctor exercises on D (`fonctions_de`) and the roles they give,
    `ordonnateur` for the SG or, while he is prevented, his substitute. `parmi`: the roles the caller asks about
    (the ordonnateur is worked out only when it is among them)."""
    fonctions = fonctions_de(date=date, medecin=medecin, user=user)
    roles = set(fonctions)
    if (parmi is None or ROLE_ORDONNATEUR in parmi) and fonctions & {
        TypeFonction.SECRETAIRE_GENERAL,
        TypeFonction.ORDONNATEUR_SUPPLEANT,
    }:
        qui = ordonnateur(date=date)
        if qui is not None and (
            qui.medecin_id == getattr(medecin, "pk", None) or (user is not None and qui.medecin.user_id == user.pk)
        ):
            roles.add(ROLE_ORDONNATEUR)
    return roles


def delegation_de_signature(*, user, fonction: str, date: datetime.date) -> bool:
    """A signature delegation in force on D, given by the holder of `fonction` to this user's mandate (seed 002
    L.I 2.2.2), both mandates running."""
    return (
        Delegation.objects.filter(
            couvre(date),
            couvre(date, "delegant__"),
            couvre(date, "delegataire__"),
            type=Delegation.Type.SIGNATURE,
            delegant__fonction=fonction,
            delegataire__medecin__user=user,
        )
    ).exists()


def bureau(*, date: datetime.date) -> list[Fonction]:
    """The bureau on the date (president, VPs, SG, SG adjoints, trésorier, trésorier adjoint)."""
    ordre = {f: i for i, f in enumerate(TypeFonction)}
    lignes = [f for f in _fonctions_effectives(date=date) if f.fonction in FONCTIONS_BUREAU]
    return sorted(lignes, key=lambda f: (ordre[f.fonction], f.ordre or 0, f.id))


def composition_publique(*, date: datetime.date) -> dict:
    """What the council publishes of itself on a date: its members by binôme, the bureau in its order, the other
    functions of the expense chain, and the delegations of attributions and of signature in force (seed 002 L.I
    2.1.3 and 2.2: "publiées"), and the commissions with their members (T.II 5.1). A fixed number of queries
    whatever the size of the council."""
    membres = list(
        membres_en_fonction(date=date).select_related("medecin").order_by("qualite", "binome", "medecin__sexe", "id")
    )
    fonctions = _fonctions_effectives(date=date)
    ordre = {f: i for i, f in enumerate(TypeFonction)}
    fonctions.sort(key=lambda f: (ordre[f.fonction], f.ordre or 0, f.id))
    return {
        "titulaires": [m for m in membres if m.qualite == Qualite.TITULAIRE],
        "suppleants": [m for m in membres if m.qualite == Qualite.SUPPLEANT],
        "bureau": [f for f in fonctions if f.fonction in FONCTIONS_BUREAU],
        "autres_fonctions": [f for f in fonctions if f.fonction not in FONCTIONS_BUREAU],
        "delegations": list(delegations_en_cours(date=date)),
        "commissions": commissions_composition(date=date),
    }


def exerce(*, membre: Membre, fonction: str, date: datetime.date) -> bool:
    return fonction in fonctions_de(medecin=membre.medecin, date=date)


MEMBRES_DE_DROIT = (TypeFonction.PRESIDENT, TypeFonction.SECRETAIRE_GENERAL)


def commissions_composition(*, date: datetime.date, commissions=None) -> list[dict]:
    """Each commission existing on the date with who sits in it (seed 002 L.I T.II 5.1): the président and the
    secrétaire général by right in every commission, the elected members with their role (the délégué à
    l'entraide, the référent sécurité), the trésorier with an advisory voice in the entraide commission; and what
    its composition lacks (`alertes`). Four queries whatever the number of commissions."""
    if commissions is None:
        commissions = Commission.objects.filter(couvre(date)).select_related("gestionnaire__medecin")
    commissions = list(commissions)
    sieges = list(
        SiegeCommission.objects.filter(couvre(date), commission__in=commissions)
        .filter(membre__in=Membre.objects.filter(couvre(date)))
        .select_related("membre__medecin")
        .order_by("role", "membre__medecin__nom", "id")
    )
    lignes = _fonctions_effectives(date=date)
    titulaire = {}
    for f in sorted(lignes, key=lambda f: (not f.interim, f.date_debut, f.id)):
        titulaire.setdefault(f.fonction, f.membre)
    resultat = []
    for commission in commissions:
        siens = [s for s in sieges if s.commission_id == commission.pk]
        composition, vus = [], set()
        for fonction in MEMBRES_DE_DROIT:
            membre = titulaire.get(fonction)
            if membre is not None and membre.pk not in vus:
                vus.add(membre.pk)
                composition.append(
                    {
                        "membre": membre,
                        "qualite": "droit",
                        "libelle": f"{TypeFonction(fonction).label}, membre de droit",
                    }
                )
        for siege in siens:
            if siege.membre_id in vus:
                continue
            vus.add(siege.membre_id)
            libelle = siege.get_role_display()
            if siege.role != RoleCommission.MEMBRE:
                libelle += ", membre de droit"
            composition.append({"membre": siege.membre, "qualite": "elu", "libelle": libelle, "siege": siege})
        tresorier = titulaire.get(TypeFonction.TRESORIER)
        if commission.nature == NatureCommission.ENTRAIDE and tresorier is not None and tresorier.pk not in vus:
            composition.append(
                {"membre": tresorier, "qualite": "consultatif", "libelle": "Trésorier, avec voix consultative"}
            )
        resultat.append(
            {"commission": commission, "composition": composition, "alertes": _alertes_commission(commission, siens)}
        )
    return resultat


def _alertes_commission(commission: Commission, sieges: list[SiegeCommission]) -> list[str]:
    roles = {s.role for s in sieges}
    alertes = []
    if commission.nature == NatureCommission.CONCILIATION and len(sieges) < 3:
        alertes.append(
            f"La commission de conciliation compte {len(sieges)} membre(s) élu(s) : il en faut au moins trois, élus "
            "parmi les titulaires et les suppléants (article L4123-2 du code de la santé publique)."
        )
    if commission.nature == NatureCommission.ENTRAIDE and RoleCommission.DELEGUE_ENTRAIDE not in roles:
        alertes.append("Le délégué départemental à l'entraide, membre de droit, n'est pas élu.")
    if commission.nature == NatureCommission.VIGILANCE and RoleCommission.REFERENT_SECURITE not in roles:
        alertes.append("Le référent sécurité, membre de droit, n'est pas désigné.")
    return alertes


def siege_en_commission(*, medecin, nature: str, date: datetime.date) -> bool:
    """Does this doctor sit in the commission of that nature on the date, by right or elected (the advisory
    trésorier does not)? For the apps whose files only a commission's members may read (entraide)."""
    commissions = Commission.objects.filter(couvre(date), nature=nature)
    for ligne in commissions_composition(date=date, commissions=commissions):
        if any(c["qualite"] != "consultatif" and c["membre"].medecin_id == medecin.pk for c in ligne["composition"]):
            return True
    return False


def adresse_de_notification(medecin) -> str:
    """Where an individual decision is notified: the address the doctor gave for correspondence, else his
    professional address (seed 002 L.I 5.2: "faite à l'adresse indiquée par le destinataire")."""
    for adresse, code_postal, ville in (
        (medecin.adresse_correspondance, medecin.code_postal_correspondance, medecin.ville_correspondance),
        (medecin.adresse_professionnelle, medecin.code_postal_professionnel, medecin.ville_professionnelle),
    ):
        if adresse.strip() and (code_postal or ville):
            return f"{adresse.strip()}\n{code_postal} {ville}".strip()
    return ""


def fonctions_liste() -> QuerySet[Fonction]:
    return Fonction.objects.select_related("membre__medecin").order_by("-date_debut", "fonction", "ordre", "id")


def delegations_en_cours(*, date: datetime.date) -> QuerySet[Delegation]:
    """The delegations in force, for publication (seed 002 L.I 2.2)."""
    return (
        Delegation.objects.filter(couvre(date))
        .select_related("delegant__membre__medecin", "delegataire__medecin")
        .order_by("delegant__fonction", "type", "id")
    )


def indemnite_de_fonction_suspendue(*, membre: Membre, date: datetime.date) -> bool:
    """A bureau member unavailable for more than three months no longer receives the function allowance
    (seed 002 L.I 3.1)."""
    return Indisponibilite.objects.filter(couvre(date), membre=membre, date_debut__lt=ajouter_mois(date, -3)).exists()


def indisponibilites_liste(*, date: datetime.date) -> QuerySet[Indisponibilite]:
    """The unavailabilities, each with `indemnite_suspendue` on `date` (as `indemnite_de_fonction_suspendue`
    answers it) in the same query."""
    suspendue = Indisponibilite.objects.filter(
        couvre(date), membre=OuterRef("membre"), date_debut__lt=ajouter_mois(date, -3)
    )
    return Indisponibilite.objects.select_related("membre__medecin").annotate(indemnite_suspendue=Exists(suspendue))


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


# --- declarations of interests ---------------------------------------------------------------------------------


def declaration_courante(*, membre: Membre) -> DeclarationInterets | None:
    return DeclarationInterets.objects.filter(membre=membre).order_by("-version").first()


def declarations_publiees(*, date: datetime.date) -> list[DeclarationInterets]:
    """The current (latest) declaration of every member in office, for the public page (seed 002 L.I 1.1.3)."""
    membres = membres_en_fonction(date=date).values("pk")
    dernieres = {}
    for d in (
        DeclarationInterets.objects.filter(membre__in=membres)
        .select_related("membre__medecin")
        .order_by("membre_id", "-version")
    ):
        dernieres.setdefault(d.membre_id, d)
    return sorted(dernieres.values(), key=lambda d: (d.membre.medecin.nom, d.membre.medecin.prenom, d.pk))


def suppleant_de_remplacement(*, titulaire: Membre, date: datetime.date) -> Membre | None:
    """The substitute who replaces a titular for good: same sex, same half, next in electoral rank (seed 002 L.I
    T.II 1.3.2)."""
    return (
        membres_en_fonction(date=date, qualite=Qualite.SUPPLEANT)
        .filter(moitie=titulaire.moitie, medecin__sexe=titulaire.medecin.sexe)
        .order_by(F("rang").asc(nulls_last=True), "id")
        .first()
    )


def declarations_historique(*, membre: Membre) -> list[DeclarationInterets]:
    """Every version a member filed for this mandate, the current (latest) first, for their espace page."""
    return list(DeclarationInterets.objects.filter(membre=membre).order_by("-version"))


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
