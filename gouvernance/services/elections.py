"""Elections in a session and their rounds (seed 002 L.I 3)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from config.perms import exiger
from gouvernance import selectors
from gouvernance.models import (
    FONCTIONS_BUREAU,
    FONCTIONS_TITULAIRE_REQUIS,
    FONCTIONS_UNIQUES,
    Election,
    Fonction,
    Membre,
    Qualite,
    Seance,
    StatutSeance,
    TourElection,
    TypeFonction,
)

from ._commun import UN_JOUR, _enregistrer, clore
from .deliberations import _verifier_quorum, _verifier_seance_deliberante
from .fonctions import fonction_attribuer

# --- elections ----------------------------------------------------------------------------------------------------


def election_creer(
    *,
    seance: Seance,
    poste: str,
    candidats,
    ordre: int | None = None,
    interim: bool = False,
    par,
) -> Election:
    """Open the election of one post (post by post, seed 002 L.I 3.1), chaired by the doyen d'âge of the titular
    members present, or the next oldest when he is a candidate."""
    exiger(par, "gouvernance.election", objet=seance)
    if poste not in TypeFonction.values:
        raise ValidationError({"poste": f"Poste inconnu : « {poste} »."})
    seance = Seance.objects.get(pk=seance.pk)
    _verifier_seance_deliberante(seance)
    candidats = list({m.pk: m for m in candidats}.values())
    if not candidats:
        raise ValidationError({"candidats": "Au moins un candidat est requis."})
    for m in candidats:
        if not m.couvre(seance.date):
            raise ValidationError({"candidats": f"{m.medecin.nom_complet} n'est pas membre du conseil à cette date."})
        if poste in FONCTIONS_TITULAIRE_REQUIS and m.qualite != Qualite.TITULAIRE:
            raise ValidationError(
                {"candidats": f"{m.medecin.nom_complet} est suppléant : ce poste est réservé aux membres titulaires."}
            )
    if ordre is not None and poste != TypeFonction.VICE_PRESIDENT:
        raise ValidationError({"ordre": "L'ordre de suppléance ne concerne que les vice-présidents."})
    with transaction.atomic():
        if seance.election_bureau and not interim:
            Seance.objects.select_for_update().filter(pk=seance.pk).first()
            _verifier_ordre_des_postes(seance=seance, poste=poste)
        election = Election(
            seance=seance,
            poste=poste,
            ordre=ordre,
            interim=interim,
            president_de_seance=selectors.doyen_d_age(seance=seance, exclure=candidats),
            creee_par=par,
        )
        _enregistrer(election, par=par)
        election.candidats.set(candidats)
    return election


# The order in which the bureau is elected after a renewal (seed 002 L.I 3.1: the président first, who then proposes
# the organisation of the bureau; T.II 3.2 and 2.2: then the secrétaire général, the trésorier, the vice-présidents,
# and the other members). A post may be elected once every post of the earlier steps has its elected member.
ORDRE_ELECTION_BUREAU: tuple[frozenset[str], ...] = (
    frozenset({TypeFonction.PRESIDENT}),
    frozenset({TypeFonction.SECRETAIRE_GENERAL}),
    frozenset({TypeFonction.TRESORIER}),
    frozenset({TypeFonction.VICE_PRESIDENT}),
    frozenset({TypeFonction.SECRETAIRE_GENERAL_ADJOINT, TypeFonction.TRESORIER_ADJOINT}),
)


def _verifier_ordre_des_postes(*, seance: Seance, poste: str) -> None:
    """At the session electing the bureau, the elections run post by post: one at a time, in the order of
    ORDRE_ELECTION_BUREAU, the président first."""
    elections = list(Election.objects.filter(seance=seance, interim=False).prefetch_related("tours"))
    en_cours = next((e for e in elections if e.elu_id is None and len(e.tours.all()) < 2), None)
    if en_cours is not None:
        raise ValidationError(
            {
                "poste": f"L'élection « {en_cours.get_poste_display().lower()} » n'est pas achevée : les postes sont "
                "élus un par un (règlement intérieur, titre I, 3.1)."
            }
        )
    if poste not in FONCTIONS_BUREAU:
        return
    elus = {e.poste for e in elections if e.elu_id is not None}
    for etape in ORDRE_ELECTION_BUREAU:
        if poste in etape:
            return
        manquants = sorted(etape - elus, key=list(TypeFonction).index)
        if manquants:
            libelle = TypeFonction(manquants[0]).label.lower()
            if manquants[0] == TypeFonction.PRESIDENT:
                raise ValidationError(
                    {
                        "poste": "Le président est élu en premier, puis il propose l'organisation du bureau : élisez "
                        "le président avant les autres postes du bureau (règlement intérieur, titre I, 3.1)."
                    }
                )
            raise ValidationError(
                {
                    "poste": f"Les postes du bureau sont élus dans l'ordre du règlement intérieur (titre II, 2.2 et "
                    f"3.2) : élisez d'abord le {libelle}."
                }
            )


def _lire_voix(election: Election, voix) -> dict[int, int]:
    if not isinstance(voix, dict):
        raise ValidationError({"voix": 'Les voix sont un objet {"<id du membre>": nombre}.'})
    candidats = {m.pk: m for m in election.candidats.all()}
    lues = {pk: 0 for pk in candidats}
    for cle, nombre in voix.items():
        try:
            pk = int(cle)
        except (TypeError, ValueError):
            raise ValidationError({"voix": f"« {cle} » n'est pas un identifiant de membre."}) from None
        if pk not in candidats:
            raise ValidationError({"voix": f"Le membre {pk} n'est pas candidat à cette élection."})
        if isinstance(nombre, bool) or not isinstance(nombre, int) or nombre < 0:
            raise ValidationError({"voix": "Chaque candidat reçoit un nombre de voix entier, positif ou nul."})
        lues[pk] = nombre
    return lues


def tour_enregistrer(*, election: Election, voix, blancs_nuls: int = 0, par) -> TourElection:
    """Record one round of a secret ballot (counts only) and proclaim the result (seed 002 L.I 3.1):
    round 1, absolute majority of the votes cast (blank and spoilt ballots are not votes cast); round 2, relative
    majority, a tie going to the oldest candidate; there is no third round. The elected member gets the function
    from the session's date: the previous holder's function (and the elected's other bureau post) end the day
    before, under the bureau's 2/5 cap and the incompatibilities."""
    exiger(par, "gouvernance.tour", objet=election)
    if isinstance(blancs_nuls, bool) or not isinstance(blancs_nuls, int) or blancs_nuls < 0:
        raise ValidationError({"blancs_nuls": "Un nombre de bulletins positif ou nul est attendu."})
    with transaction.atomic():
        election = Election.objects.select_for_update().select_related("seance").get(pk=election.pk)
        seance = election.seance
        numero = election.tours.count() + 1
        if numero <= 2 and election.elu_id is not None:
            raise ValidationError(
                {"tour": "L'élection est acquise dès le premier tour : le candidat élu a été proclamé."}
            )
        if numero > 2:
            raise ValidationError(
                {
                    "tour": "Il n'y a pas de troisième tour : au second tour la majorité relative suffit et, en cas "
                    "d'égalité, le candidat le plus âgé est élu (règlement intérieur, titre I, 3.1)."
                }
            )
        if seance.statut == StatutSeance.CLOSE:
            raise ValidationError({"seance": "La séance est close."})
        voix = _lire_voix(election, voix)
        _verifier_quorum(seance)
        votants = len(selectors.votants_de(seance=seance))
        exprimes = sum(voix.values())
        if exprimes + blancs_nuls > votants:
            raise ValidationError(
                {
                    "voix": f"{exprimes + blancs_nuls} bulletins pour {votants} membres ayant voix délibérative "
                    "présents (le vote par procuration n'est pas admis)."
                }
            )
        if exprimes == 0:
            raise ValidationError({"voix": "Aucun suffrage exprimé : aucun candidat ne peut être proclamé."})
        meilleur = max(voix.values())
        en_tete = [pk for pk, n in voix.items() if n == meilleur]
        elu_id = None
        if numero == 1:
            if 2 * meilleur > exprimes:
                elu_id = en_tete[0]
        else:
            candidats = {m.pk: m for m in election.candidats.select_related("medecin")}
            elu_id = min(en_tete, key=lambda pk: (candidats[pk].medecin.date_naissance, pk))
        tour = TourElection(
            election=election,
            numero=numero,
            voix={str(pk): n for pk, n in voix.items()},
            blancs_nuls=blancs_nuls,
            elu_id=elu_id,
        )
        tour.full_clean()
        tour.save()
        if elu_id is not None:
            election.elu_id = elu_id
            _enregistrer(election, par=par, update_fields=["elu"])
            _installer_elu(election=election, elu=Membre.objects.select_related("medecin").get(pk=elu_id), par=par)
    return tour


def _installer_elu(*, election: Election, elu: Membre, par) -> Fonction:
    date = election.seance.date
    if not election.interim:
        sortants = Fonction.objects.filter(selectors.couvre(date), interim=False)
        if election.poste in FONCTIONS_UNIQUES:
            q = Q(fonction=election.poste)
        elif election.poste == TypeFonction.VICE_PRESIDENT and election.ordre is not None:
            q = Q(fonction=election.poste, ordre=election.ordre)
        else:
            q = Q(pk__in=[])
        if election.poste in FONCTIONS_BUREAU:
            # The elected member leaves the bureau post he held: the next election fills it (L.I 3.1).
            q |= Q(membre__medecin_id=elu.medecin_id, fonction__in=FONCTIONS_BUREAU)
        for fonction in sortants.filter(q):
            clore(fonction, date - UN_JOUR, par=par)
    return fonction_attribuer(
        membre=elu,
        fonction=election.poste,
        date_debut=date,
        ordre=election.ordre,
        interim=election.interim,
        election=election,
        par=par,
    )
