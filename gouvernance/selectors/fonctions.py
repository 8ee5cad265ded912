"""Functions on a date: who holds, who exercises, who stands in (THE answer every app reads), the bureau, commissions, delegations."""

import datetime

from django.db.models import Exists, OuterRef, QuerySet

from commun.periodes import couvre_q as couvre
from gouvernance.models import (
    FONCTIONS_BUREAU,
    ROLE_ORDONNATEUR,
    Commission,
    Delegation,
    Fonction,
    Indisponibilite,
    Membre,
    NatureCommission,
    Qualite,
    RoleCommission,
    SiegeCommission,
    TypeFonction,
)
from gouvernance.selectors.membres import ajouter_mois, membres_en_fonction

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
