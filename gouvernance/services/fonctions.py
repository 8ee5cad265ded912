"""Functions held by members (bureau and others), the bureau's cap, interim, unavailability, delegations (seed 002 L.I T.II 2)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q

from commun.services import verrouiller
from config.perms import exiger
from gouvernance import selectors
from gouvernance.models import (
    FONCTIONS_BUREAU,
    FONCTIONS_TITULAIRE_REQUIS,
    FONCTIONS_UNIQUES,
    GROUPES_INCOMPATIBLES,
    Delegation,
    Deliberation,
    Election,
    Fonction,
    Indisponibilite,
    Membre,
    Qualite,
    TypeFonction,
)

from ._commun import _chevauche, _d, _enregistrer, clore, clore_en_cascade

# --- functions ----------------------------------------------------------------------------------------------------


def _groupe(fonction: str):
    return next((g for g in GROUPES_INCOMPATIBLES if fonction in g), None)


def fonction_attribuer(
    *,
    membre: Membre,
    fonction: str,
    date_debut: datetime.date,
    date_fin: datetime.date | None = None,
    ordre: int | None = None,
    interim: bool = False,
    election: Election | None = None,
    deliberation: Deliberation | None = None,
    par,
) -> Fonction:
    """Give a member a function from `date_debut`, checking the bureau's 2/5 cap, that posts held by one person
    are free, the incompatibilities of the expense chain, and that the mandate allows it."""
    if election is None:
        exiger(par, "gouvernance.fonction_gerer")
    else:
        # Installed by the round that elected him: whoever may record the round (the doyen d'âge who chairs it
        # included) installs its outcome, and nothing else.
        exiger(par, "gouvernance.tour", objet=election)
        if fonction != election.poste:
            raise ValidationError({"fonction": "Une élection ne pourvoit que le poste pour lequel elle est ouverte."})
    if fonction not in TypeFonction.values:
        raise ValidationError({"fonction": f"Fonction inconnue : « {fonction} »."})
    libelle = TypeFonction(fonction).label.lower()
    if date_fin is not None and date_fin < date_debut:
        raise ValidationError({"date_fin": "La fin de la fonction ne peut précéder son début."})
    if not membre.couvre(date_debut):
        raise ValidationError(
            {"membre": f"Le mandat de {membre.medecin.nom_complet} ne couvre pas le {_d(date_debut)}."}
        )
    if fonction in FONCTIONS_TITULAIRE_REQUIS and membre.qualite != Qualite.TITULAIRE:
        raise ValidationError({"membre": f"La fonction de {libelle} est réservée aux membres titulaires du conseil."})
    if ordre is not None and fonction != TypeFonction.VICE_PRESIDENT:
        raise ValidationError({"ordre": "L'ordre de suppléance ne concerne que les vice-présidents."})
    # A function ends with the mandate that carries it.
    if membre.date_fin is not None and (date_fin is None or date_fin > membre.date_fin):
        date_fin = membre.date_fin
    periode = _chevauche(date_debut, date_fin)

    with transaction.atomic():
        # Every count below spans other members' rows (the bureau's cap, a post held by one person, the
        # vice-presidents' ranks): one shared lock serialises the attributions, whoever they are for.
        verrouiller("gouvernance.fonctions")
        memes = Fonction.objects.filter(periode, fonction=fonction, interim=interim)
        ordre = _verifier_poste_libre(memes, fonction=fonction, interim=interim, ordre=ordre, libelle=libelle)
        _verifier_cumul(membre=membre, fonction=fonction, interim=interim, periode=periode)
        if interim:
            _verifier_interim(fonction=fonction, date=date_debut)
        if fonction in FONCTIONS_BUREAU and not interim:
            for jour in _jours_du_plafond(date_debut, date_fin):
                _verifier_plafond_bureau(membre=membre, date=jour)

        ligne = Fonction(
            membre=membre,
            fonction=fonction,
            ordre=ordre,
            interim=interim,
            date_debut=date_debut,
            date_fin=date_fin,
            election=election,
            deliberation=deliberation,
        )
        _enregistrer(ligne, par=par)
    return ligne


def _verifier_poste_libre(memes, *, fonction: str, interim: bool, ordre: int | None, libelle: str) -> int | None:
    """A post held by one person is free over the period; a vice-president gets the next rank of substitution
    (or the one asked, if free). Returns the rank."""
    if fonction in FONCTIONS_UNIQUES:
        deja = memes.select_related("membre__medecin").first()
        if deja is not None:
            quoi = "un intérim de" if interim else ""
            raise ValidationError(
                {
                    "fonction": f"{deja.membre.medecin.nom_complet} assure déjà {quoi} la fonction de {libelle} "
                    f"depuis le {_d(deja.date_debut)} : clôturez d'abord cette fonction."
                }
            )
    if fonction == TypeFonction.VICE_PRESIDENT and not interim:
        if ordre is None:
            return (memes.aggregate(m=Max("ordre"))["m"] or 0) + 1
        if memes.filter(ordre=ordre).exists():
            raise ValidationError({"ordre": f"Un vice-président occupe déjà le rang de suppléance {ordre}."})
    return ordre


def _verifier_cumul(*, membre: Membre, fonction: str, interim: bool, periode) -> None:
    """One post of the bureau per member; the ordonnateur, the liquidateur and the trésorier (and their
    substitutes) are distinct persons (règlement de trésorerie, titre I, 2.2)."""
    siennes = list(Fonction.objects.filter(periode, membre__medecin_id=membre.medecin_id))
    if fonction in FONCTIONS_BUREAU and not interim:
        autre = next((f for f in siennes if f.fonction in FONCTIONS_BUREAU and not f.interim), None)
        if autre is not None:
            raise ValidationError(
                {
                    "fonction": f"{membre.medecin.nom_complet} est déjà {autre.get_fonction_display().lower()} : "
                    "un membre du bureau n'y occupe qu'un poste."
                }
            )
    if _groupe(fonction) is not None:
        conflit = next((f for f in siennes if f.fonction != fonction and _groupe(f.fonction) is not None), None)
        if conflit is not None:
            raise ValidationError(
                {
                    "fonction": f"Incompatibilité : {membre.medecin.nom_complet} est déjà "
                    f"{conflit.get_fonction_display().lower()} ; l'ordonnateur, le liquidateur et le trésorier "
                    "(et leurs suppléants) sont des personnes distinctes (règlement de trésorerie, titre I, 2.2)."
                }
            )


def _jours_du_plafond(debut: datetime.date, fin: datetime.date | None) -> list[datetime.date]:
    """The days of a new bureau function's period on which the cap must be checked: its first day, and each day
    another bureau function already recorded starts within it (a function recorded after the fact may start before
    others recorded earlier). The end of titulars' mandates is not anticipated: the bureau is re-elected after
    each renewal, before the new titulars are all recorded."""
    dans = Q(date_debut__gt=debut) if fin is None else Q(date_debut__gt=debut, date_debut__lte=fin)
    jours = {debut}
    jours.update(
        Fonction.objects.filter(dans, fonction__in=FONCTIONS_BUREAU, interim=False).values_list("date_debut", flat=True)
    )
    return sorted(jours)


def _verifier_plafond_bureau(*, membre: Membre, date: datetime.date) -> None:
    """The bureau may not exceed 2/5 of the titular members in office (seed 002 L.I 2.1.3; T.II 3.1).
    Interim holders stand in for an existing post and do not add to it."""
    plafond = selectors.plafond_bureau(date=date)
    titulaires = selectors.nombre_titulaires(date=date)
    membres = set(
        Fonction.objects.filter(selectors.couvre(date), fonction__in=FONCTIONS_BUREAU, interim=False).values_list(
            "membre__medecin_id", flat=True
        )
    )
    membres.add(membre.medecin_id)
    if len(membres) > plafond:
        raise ValidationError(
            {
                "fonction": f"Le bureau compterait {len(membres)} membres le {_d(date)} : il ne peut excéder les deux "
                f"cinquièmes des {titulaires} membres titulaires du conseil, soit {plafond} "
                "(règlement intérieur, titre I, 2.1.3)."
            }
        )


def _verifier_interim(*, fonction: str, date: datetime.date) -> None:
    """An interim is elected once a bureau member has been unable to act for three months (seed 002 L.I 3.1)."""
    if fonction not in FONCTIONS_BUREAU:
        raise ValidationError({"interim": "L'intérim élu par le conseil ne concerne que les postes du bureau."})
    seuil = selectors.ajouter_mois(date, -3)
    titulaires = Fonction.objects.filter(selectors.couvre(date), fonction=fonction, interim=False).values("membre_id")
    if not Indisponibilite.objects.filter(
        selectors.couvre(date), membre_id__in=titulaires, date_debut__lte=seuil
    ).exists():
        raise ValidationError(
            {
                "interim": f"Aucun titulaire de la fonction de {TypeFonction(fonction).label.lower()} n'est indisponible "
                f"depuis trois mois au {_d(date)} (indisponible depuis le {_d(seuil)} au plus tard) : "
                "l'intérim n'est élu qu'au bout de trois mois."
            }
        )


def fonction_cloturer(*, fonction: Fonction, date_fin: datetime.date, par) -> Fonction:
    exiger(par, "gouvernance.fonction_gerer")
    if date_fin < fonction.date_debut:
        raise ValidationError({"date_fin": f"La fonction a commencé le {_d(fonction.date_debut)}."})
    return clore_en_cascade(fonction, date_fin, par=par, enfants=(fonction.delegations,))


def indisponibilite_enregistrer(
    *, membre: Membre, date_debut: datetime.date, date_fin: datetime.date | None = None, motif: str = "", par
) -> Indisponibilite:
    exiger(par, "gouvernance.fonction_gerer")
    ligne = Indisponibilite(membre=membre, date_debut=date_debut, date_fin=date_fin, motif=motif)
    with transaction.atomic():
        # The member's periods must not overlap: checked under his own lock (two entries at once for him).
        verrouiller(f"gouvernance.indisponibilites.{membre.pk}")
        if Indisponibilite.objects.filter(_chevauche(date_debut, date_fin), membre=membre).exists():
            raise ValidationError({"date_debut": "Une indisponibilité de ce membre couvre déjà cette période."})
        _enregistrer(ligne, par=par)
    return ligne


def indisponibilite_clore(*, indisponibilite: Indisponibilite, date_fin: datetime.date, par) -> Indisponibilite:
    """The member resumes: the interim of his posts ends the same day (seed 002 L.I 3.1)."""
    exiger(par, "gouvernance.fonction_gerer")
    if date_fin < indisponibilite.date_debut:
        raise ValidationError({"date_fin": "La fin de l'indisponibilité ne peut précéder son début."})
    with transaction.atomic():
        indisponibilite.date_fin = date_fin
        _enregistrer(indisponibilite, par=par, update_fields=["date_fin"])
        postes = Fonction.objects.filter(
            selectors.couvre(date_fin), membre=indisponibilite.membre, interim=False
        ).values_list("fonction", flat=True)
        for interim in Fonction.objects.filter(selectors.couvre(date_fin), fonction__in=list(postes), interim=True):
            clore(interim, date_fin, par=par)
    return indisponibilite


def delegation_accorder(
    *,
    delegant: Fonction,
    delegataire: Membre,
    type: str,
    objet: str,
    date_debut: datetime.date,
    date_fin: datetime.date | None = None,
    par,
) -> Delegation:
    """A delegation of attributions or of signature, personal and for the current mandate (seed 002 L.I 2.2):
    it ends at the latest with the delegating function and with the delegate's mandate."""
    exiger(par, "gouvernance.fonction_gerer")
    if type not in Delegation.Type.values:
        raise ValidationError({"type": "Type de délégation inconnu : attribution ou signature."})
    if not (objet or "").strip():
        raise ValidationError({"objet": "Précisez le secteur ou les actes délégués."})
    delegant = Fonction.objects.select_related("membre").get(pk=delegant.pk)
    if not delegant.couvre(date_debut):
        raise ValidationError({"delegant": f"La fonction du délégant n'est pas exercée le {_d(date_debut)}."})
    if not delegataire.couvre(date_debut):
        raise ValidationError({"delegataire": f"Le délégataire n'est pas membre du conseil le {_d(date_debut)}."})
    if delegataire.medecin_id == delegant.membre.medecin_id:
        raise ValidationError({"delegataire": "On ne se délègue pas à soi-même."})
    for borne in (delegant.date_fin, delegataire.date_fin):
        if borne is not None and (date_fin is None or date_fin > borne):
            date_fin = borne
    ligne = Delegation(
        delegant=delegant,
        delegataire=delegataire,
        type=type,
        objet=objet.strip(),
        date_debut=date_debut,
        date_fin=date_fin,
    )
    with transaction.atomic():
        _enregistrer(ligne, par=par)
    return ligne


def delegation_retirer(*, delegation: Delegation, date_fin: datetime.date, par) -> Delegation:
    """The président (or the delegating holder) may withdraw a delegation at any time (seed 002 L.I 2.2.1)."""
    exiger(par, "gouvernance.fonction_gerer")
    with transaction.atomic():
        clore(delegation, max(date_fin, delegation.date_debut), par=par)
    return delegation
