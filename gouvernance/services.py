"""Every write of the council's life (DOMAIN.md 4; seed 002, Livre I, titres I and II).

Services validate, then write in one transaction; a refusal raises ValidationError with a French message that
says what to fix, and nothing is written. The API, the admin and the staff pages call these.
"""

import datetime
import math
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from tableau.models import Statut as StatutMedecin

from . import selectors
from .models import (
    FONCTIONS_BUREAU,
    FONCTIONS_TITULAIRE_REQUIS,
    FONCTIONS_UNIQUES,
    GROUPES_INCOMPATIBLES,
    TRANSITIONS_SEANCE,
    TYPES_PLENIERS,
    Absence,
    ActivitePrincipale,
    Commission,
    DeclarationInterets,
    Delegation,
    Deliberation,
    DemandeInscriptionPoint,
    DemandeSeanceExtraordinaire,
    Election,
    Emargement,
    Fonction,
    Indisponibilite,
    Majorite,
    Membre,
    ModeSeance,
    ModeVote,
    NatureCommission,
    Qualite,
    RoleCommission,
    Seance,
    SiegeCommission,
    StatutSeance,
    TitreHonorifique,
    TourElection,
    TypeFonction,
    TypeSeance,
    VoieRecours,
    Voix,
)

UN_JOUR = datetime.timedelta(days=1)


def _enregistrer(instance, *, par, update_fields=None):
    instance._history_user = par
    instance.full_clean()
    instance.save(update_fields=update_fields)
    return instance


def _d(date: datetime.date) -> str:
    return f"{date:%d/%m/%Y}"


def _chevauche(debut: datetime.date, fin: datetime.date | None, prefixe: str = "") -> Q:
    """Rows whose inclusive period meets [debut, fin] (fin None: open-ended)."""
    q = Q(**{f"{prefixe}date_fin__isnull": True}) | Q(**{f"{prefixe}date_fin__gte": debut})
    if fin is not None:
        q &= Q(**{f"{prefixe}date_debut__lte": fin})
    return q


# --- members and mandates ----------------------------------------------------------------------------------------


def membre_creer(
    *,
    medecin,
    qualite: str,
    date_debut: datetime.date,
    date_fin: datetime.date | None = None,
    binome: int | None = None,
    moitie: int | None = None,
    rang: int | None = None,
    par,
) -> Membre:
    """Record an elected member's mandate (titular or substitute, seed 002 L.I T.II 1.3)."""
    if medecin.statut != StatutMedecin.INSCRIT:
        raise ValidationError(
            {
                "medecin": f"{medecin.nom_complet} n'est pas inscrit au tableau : seul un médecin inscrit siège au conseil."
            }
        )
    if Membre.objects.filter(_chevauche(date_debut, date_fin), medecin=medecin).exists():
        raise ValidationError(
            {"medecin": f"{medecin.nom_complet} a déjà un mandat en cours sur cette période : terminez-le d'abord."}
        )
    membre = Membre(
        medecin=medecin,
        qualite=qualite,
        date_debut=date_debut,
        date_fin=date_fin,
        binome=binome,
        moitie=moitie,
        rang=rang,
    )
    with transaction.atomic():
        if binome is not None:
            _verifier_binome(medecin=medecin, qualite=qualite, binome=binome, date_debut=date_debut, date_fin=date_fin)
        _enregistrer(membre, par=par)
    return membre


def _verifier_binome(*, medecin, qualite: str, binome: int, date_debut, date_fin) -> None:
    """Members are elected by binômes of one woman and one man (code de la santé publique L4123-5; seed 002 L.I
    T.II 1.3: a definitive replacement is of the same sex): a binôme holds two members of the same quality over a
    period, of different sexes."""
    autres = list(
        Membre.objects.filter(_chevauche(date_debut, date_fin), qualite=qualite, binome=binome).select_related(
            "medecin"
        )
    )
    libelle = "titulaires" if qualite == Qualite.TITULAIRE else "suppléants"
    if len(autres) >= 2:
        raise ValidationError({"binome": f"Le binôme {binome} compte déjà deux membres {libelle} sur cette période."})
    if autres and autres[0].medecin.sexe == medecin.sexe:
        sexe = "une femme" if medecin.sexe == "F" else "un homme"
        raise ValidationError(
            {
                "binome": f"Un binôme réunit une femme et un homme : le binôme {libelle} {binome} compte déjà "
                f"{sexe}, {autres[0].medecin.nom_complet}."
            }
        )


def membre_terminer(*, membre: Membre, date_fin: datetime.date, par) -> Membre:
    """End a mandate; the member's functions and the delegations he received end with it."""
    if date_fin < membre.date_debut:
        raise ValidationError({"date_fin": f"La fin du mandat ne peut précéder son début ({_d(membre.date_debut)})."})
    with transaction.atomic():
        membre = Membre.objects.select_for_update().get(pk=membre.pk)
        membre.date_fin = date_fin
        _enregistrer(membre, par=par, update_fields=["date_fin"])
        for fonction in membre.fonctions.filter(_chevauche(date_fin + UN_JOUR, None)):
            _clore(fonction, date_fin, par)
        for delegation in membre.delegations_recues.filter(_chevauche(date_fin + UN_JOUR, None)):
            _clore(delegation, date_fin, par)
        for siege in membre.sieges_commission.filter(_chevauche(date_fin + UN_JOUR, None)):
            _clore(siege, date_fin, par)
    return membre


def _clore(instance, date_fin: datetime.date, par):
    """End a dated row on `date_fin`, or delete it when it had not started yet (nothing to keep)."""
    if instance.date_debut > date_fin:
        instance._history_user = par
        instance.delete()
        return
    instance.date_fin = date_fin
    _enregistrer(instance, par=par, update_fields=["date_fin"])


def membre_remplacer_definitivement(*, titulaire: Membre, date: datetime.date, par) -> Membre:
    """A titular who leaves for good is replaced by the substitute of the same sex, next in electoral rank among
    the substitutes of the same half (seed 002 L.I T.II 1.3.2). Returns the new titular mandate."""
    if titulaire.qualite != Qualite.TITULAIRE:
        raise ValidationError({"titulaire": "Seul un membre titulaire est remplacé définitivement par un suppléant."})
    if not titulaire.couvre(date) or date == titulaire.date_debut:
        raise ValidationError({"date": "La date du remplacement doit tomber pendant le mandat du titulaire."})
    suppleant = selectors.suppleant_de_remplacement(titulaire=titulaire, date=date)
    if suppleant is None:
        raise ValidationError(
            {"titulaire": "Aucun suppléant du même sexe et de la même moitié n'est en fonction pour ce remplacement."}
        )
    fin_mandat = titulaire.date_fin
    with transaction.atomic():
        membre_terminer(membre=titulaire, date_fin=date - UN_JOUR, par=par)
        membre_terminer(membre=suppleant, date_fin=date - UN_JOUR, par=par)
        nouveau = Membre(
            medecin=suppleant.medecin,
            qualite=Qualite.TITULAIRE,
            binome=titulaire.binome,
            moitie=titulaire.moitie,
            rang=titulaire.rang,
            date_debut=date,
            date_fin=fin_mandat,
            remplace_definitivement=titulaire,
        )
        _enregistrer(nouveau, par=par)
    return nouveau


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
        Membre.objects.select_for_update().filter(pk=membre.pk).first()
        memes = Fonction.objects.filter(periode, fonction=fonction, interim=interim)
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
                ordre = (memes.aggregate(m=Max("ordre"))["m"] or 0) + 1
            elif memes.filter(ordre=ordre).exists():
                raise ValidationError({"ordre": f"Un vice-président occupe déjà le rang de suppléance {ordre}."})

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
        groupe = _groupe(fonction)
        if groupe is not None:
            conflit = next(
                (f for f in siennes if f.fonction != fonction and _groupe(f.fonction) is not None),
                None,
            )
            if conflit is not None:
                raise ValidationError(
                    {
                        "fonction": f"Incompatibilité : {membre.medecin.nom_complet} est déjà "
                        f"{conflit.get_fonction_display().lower()} ; l'ordonnateur, le liquidateur et le trésorier "
                        "(et leurs suppléants) sont des personnes distinctes (règlement de trésorerie, titre I, 2.2)."
                    }
                )
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
    if date_fin < fonction.date_debut:
        raise ValidationError({"date_fin": f"La fonction a commencé le {_d(fonction.date_debut)}."})
    with transaction.atomic():
        fonction = Fonction.objects.select_for_update().get(pk=fonction.pk)
        fonction.date_fin = date_fin
        _enregistrer(fonction, par=par, update_fields=["date_fin"])
        for delegation in fonction.delegations.filter(_chevauche(date_fin + UN_JOUR, None)):
            _clore(delegation, date_fin, par)
    return fonction


def indisponibilite_enregistrer(
    *, membre: Membre, date_debut: datetime.date, date_fin: datetime.date | None = None, motif: str = "", par
) -> Indisponibilite:
    if Indisponibilite.objects.filter(_chevauche(date_debut, date_fin), membre=membre).exists():
        raise ValidationError({"date_debut": "Une indisponibilité de ce membre couvre déjà cette période."})
    ligne = Indisponibilite(membre=membre, date_debut=date_debut, date_fin=date_fin, motif=motif)
    with transaction.atomic():
        _enregistrer(ligne, par=par)
    return ligne


def indisponibilite_clore(*, indisponibilite: Indisponibilite, date_fin: datetime.date, par) -> Indisponibilite:
    """The member resumes: the interim of his posts ends the same day (seed 002 L.I 3.1)."""
    if date_fin < indisponibilite.date_debut:
        raise ValidationError({"date_fin": "La fin de l'indisponibilité ne peut précéder son début."})
    with transaction.atomic():
        indisponibilite.date_fin = date_fin
        _enregistrer(indisponibilite, par=par, update_fields=["date_fin"])
        postes = Fonction.objects.filter(
            selectors.couvre(date_fin), membre=indisponibilite.membre, interim=False
        ).values_list("fonction", flat=True)
        for interim in Fonction.objects.filter(selectors.couvre(date_fin), fonction__in=list(postes), interim=True):
            _clore(interim, date_fin, par)
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
    with transaction.atomic():
        _clore(delegation, max(date_fin, delegation.date_debut), par)
    return delegation


# --- commissions ---------------------------------------------------------------------------------------------------

# One commission of each statutory nature at a time (seed 002 L.I T.II 5.1.1 and 5.1.2).
NATURES_UNIQUES = frozenset(
    {
        NatureCommission.CONCILIATION,
        NatureCommission.ENTRAIDE,
        NatureCommission.ETUDE_CONTRATS,
        NatureCommission.VIGILANCE,
    }
)
# The member who sits by right through a role elected in the commission, and the commission where it exists.
ROLES_DE_COMMISSION = {
    RoleCommission.DELEGUE_ENTRAIDE: NatureCommission.ENTRAIDE,
    RoleCommission.REFERENT_SECURITE: NatureCommission.VIGILANCE,
}


def commission_creer(
    *,
    nature: str,
    date_debut: datetime.date,
    nom: str = "",
    gestionnaire: Membre | None = None,
    deliberation: Deliberation | None = None,
    par,
) -> Commission:
    """Create a commission of the council. The président may entrust its management to a titular member
    (seed 002 L.I T.II 5.1)."""
    if nature not in NatureCommission.values:
        raise ValidationError({"nature": f"Nature de commission inconnue : « {nature} »."})
    nom = (nom or "").strip() or (NatureCommission(nature).label if nature != NatureCommission.AUTRE else "")
    if not nom:
        raise ValidationError({"nom": "Nommez la commission (par exemple « Commission de la permanence des soins »)."})
    if gestionnaire is not None and not (gestionnaire.qualite == Qualite.TITULAIRE and gestionnaire.couvre(date_debut)):
        raise ValidationError(
            {"gestionnaire": "La gestion d'une commission est confiée à un membre titulaire du conseil en fonction."}
        )
    commission = Commission(
        nature=nature, nom=nom, gestionnaire=gestionnaire, date_debut=date_debut, deliberation=deliberation
    )
    with transaction.atomic():
        if nature in NATURES_UNIQUES:
            existante = Commission.objects.filter(_chevauche(date_debut, None), nature=nature).first()
            if existante is not None:
                raise ValidationError(
                    {"nature": f"La {existante.nom.lower()} existe déjà depuis le {_d(existante.date_debut)}."}
                )
        _enregistrer(commission, par=par)
    return commission


def commission_supprimer(*, commission: Commission, date_fin: datetime.date, par) -> Commission:
    """The council dissolves a commission: it and its members' seats end on `date_fin`."""
    if date_fin < commission.date_debut:
        raise ValidationError({"date_fin": f"La commission a été créée le {_d(commission.date_debut)}."})
    with transaction.atomic():
        commission = Commission.objects.select_for_update().get(pk=commission.pk)
        commission.date_fin = date_fin
        _enregistrer(commission, par=par, update_fields=["date_fin"])
        for siege in commission.sieges.filter(_chevauche(date_fin + UN_JOUR, None)):
            _clore(siege, date_fin, par)
    return commission


def commission_membre_elire(
    *,
    commission: Commission,
    membre: Membre,
    date_debut: datetime.date,
    role: str = RoleCommission.MEMBRE,
    deliberation: Deliberation | None = None,
    par,
) -> SiegeCommission:
    """Record a member elected to a commission by the council, among the titular and substitute members (seed 002
    L.I T.II 5.1). The délégué à l'entraide is elected among the titulars; the trésorier only attends the entraide
    commission with an advisory voice and cannot be one of its members."""
    if role not in RoleCommission.values:
        raise ValidationError({"role": f"Rôle inconnu : « {role} »."})
    if not commission.couvre(date_debut):
        raise ValidationError({"commission": f"La {commission.nom.lower()} n'existe pas le {_d(date_debut)}."})
    if not membre.couvre(date_debut):
        raise ValidationError(
            {"membre": f"{membre.medecin.nom_complet} n'est pas membre du conseil le {_d(date_debut)}."}
        )
    nature_du_role = ROLES_DE_COMMISSION.get(role)
    if nature_du_role is not None and commission.nature != nature_du_role:
        raise ValidationError(
            {
                "role": f"Le {RoleCommission(role).label.lower()} siège à la {NatureCommission(nature_du_role).label.lower()}."
            }
        )
    if role == RoleCommission.DELEGUE_ENTRAIDE and membre.qualite != Qualite.TITULAIRE:
        raise ValidationError(
            {"membre": "Le délégué départemental à l'entraide est élu parmi les membres titulaires du conseil."}
        )
    if commission.nature == NatureCommission.ENTRAIDE and selectors.exerce(
        membre=membre, fonction=TypeFonction.TRESORIER, date=date_debut
    ):
        raise ValidationError(
            {
                "membre": f"{membre.medecin.nom_complet} est trésorier : il peut assister la commission d'entraide avec "
                "simple voix consultative, sans en être membre (règlement intérieur, titre II, 5.1.1)."
            }
        )
    siege = SiegeCommission(
        commission=commission, membre=membre, role=role, date_debut=date_debut, deliberation=deliberation
    )
    with transaction.atomic():
        Commission.objects.select_for_update().filter(pk=commission.pk).first()
        occupes = SiegeCommission.objects.filter(_chevauche(date_debut, None), commission=commission)
        if occupes.filter(membre__medecin_id=membre.medecin_id).exists():
            raise ValidationError({"membre": f"{membre.medecin.nom_complet} siège déjà à la {commission.nom.lower()}."})
        if role != RoleCommission.MEMBRE:
            deja = occupes.filter(role=role).select_related("membre__medecin").first()
            if deja is not None:
                raise ValidationError(
                    {
                        "role": f"{deja.membre.medecin.nom_complet} est déjà {RoleCommission(role).label.lower()} : "
                        "mettez d'abord fin à son siège."
                    }
                )
        _enregistrer(siege, par=par)
    return siege


def commission_membre_retirer(*, siege: SiegeCommission, date_fin: datetime.date, par) -> SiegeCommission:
    if date_fin < siege.date_debut:
        raise ValidationError({"date_fin": f"Le siège a commencé le {_d(siege.date_debut)}."})
    with transaction.atomic():
        _clore(siege, date_fin, par)
    return siege


# --- declarations of interests -------------------------------------------------------------------------------------

CHAMPS_DECLARATION = (
    "activite_principale",
    "activite_principale_precision",
    "mandats_ordinaux",
    "fonctions_assesseur",
    "autres_fonctions_electives",
    "activites_remunerees",
    "liens_parente",
    "certifie_exact",
    "fait_a",
    "date",
    "attestation_signee",
    "attestation_signee_le",
)
LISTES_DECLARATION = ("mandats_ordinaux", "fonctions_assesseur", "activites_remunerees", "liens_parente")


def declaration_interets_deposer(*, membre: Membre, donnees: dict, par, today: datetime.date) -> DeclarationInterets:
    """File a new version of the member's declaration of interests (seed 002 L.I 1.1.3 and annex): each change
    adds a version, the latest is the current and published one."""
    inconnus = sorted(set(donnees) - set(CHAMPS_DECLARATION))
    if inconnus:
        raise ValidationError({c: "Champ inconnu de la déclaration d'intérêts." for c in inconnus})
    erreurs = {}
    for champ in LISTES_DECLARATION:
        valeur = donnees.get(champ, [])
        if not isinstance(valeur, list) or not all(isinstance(x, dict) for x in valeur):
            erreurs[champ] = "Une liste de lignes est attendue."
    if donnees.get("activite_principale", "") not in ("", *ActivitePrincipale.values):
        erreurs["activite_principale"] = "Activité principale inconnue."
    if not donnees.get("certifie_exact"):
        erreurs["certifie_exact"] = "Vous devez certifier l'exactitude des renseignements fournis."
    if erreurs:
        raise ValidationError(erreurs)
    donnees = dict(donnees)
    donnees.setdefault("date", today)
    if donnees.get("attestation_signee") and not donnees.get("attestation_signee_le"):
        donnees["attestation_signee_le"] = today
    with transaction.atomic():
        Membre.objects.select_for_update().filter(pk=membre.pk).first()
        version = (DeclarationInterets.objects.filter(membre=membre).aggregate(m=Max("version"))["m"] or 0) + 1
        declaration = DeclarationInterets(membre=membre, version=version, deposee_par=par, **donnees)
        _enregistrer(declaration, par=par)
    return declaration


# --- sessions -----------------------------------------------------------------------------------------------------


def _valider_ordre_du_jour(ordre_du_jour) -> list[str]:
    if ordre_du_jour is None:
        return []
    if not isinstance(ordre_du_jour, list | tuple) or not all(isinstance(p, str) and p.strip() for p in ordre_du_jour):
        raise ValidationError({"ordre_du_jour": "L'ordre du jour est une liste de points (textes non vides)."})
    return [p.strip() for p in ordre_du_jour]


def seance_creer(
    *,
    date: datetime.date,
    type: str = TypeSeance.PLENIERE,
    heure: datetime.time | None = None,
    ordre_du_jour=(),
    suite_a: Seance | None = None,
    mode: str = ModeSeance.PRESENTIEL,
    urgence: bool = False,
    commission: str = "",
    lieu: str = "",
    election_bureau: bool = False,
    resultats_proclames_le: datetime.date | None = None,
    demande_extraordinaire: DemandeSeanceExtraordinaire | None = None,
    commission_reunie: Commission | None = None,
    par,
) -> Seance:
    """Record a session, past or future (CONTRACT.md: recording is always possible; delays are checked when the
    convocation is sent). `suite_a`: the plenary whose quorum failed; the extraordinary session that follows it
    within 15 days sits without quorum (seed 002 L.I 4.2). `demande_extraordinaire`: the request of one third of
    the titular members, the extraordinary session sits within 15 days of it (T.II 4.1.2). `election_bureau`: the
    first session after a renewal, where the président then the bureau are elected, at most 21 days after the
    results (`resultats_proclames_le`, L.I 3.1)."""
    ordre_du_jour = _valider_ordre_du_jour(list(ordre_du_jour))
    if demande_extraordinaire is not None:
        _verifier_demande_extraordinaire(type=type, date=date, demande=demande_extraordinaire)
    if election_bureau or resultats_proclames_le is not None:
        _verifier_election_bureau(
            type=type, date=date, election_bureau=election_bureau, resultats_proclames_le=resultats_proclames_le
        )
    if commission_reunie is not None:
        if type != TypeSeance.COMMISSION:
            raise ValidationError({"commission_reunie": "Une commission se réunit en réunion de commission."})
        if not commission_reunie.couvre(date):
            raise ValidationError(
                {"commission_reunie": f"La {commission_reunie.nom.lower()} n'existe pas le {_d(date)}."}
            )
        commission = commission.strip() or commission_reunie.nom
    if type == TypeSeance.COMMISSION and not commission.strip():
        raise ValidationError({"commission": "Précisez la commission qui se réunit."})
    if suite_a is not None:
        if type != TypeSeance.EXTRAORDINAIRE:
            raise ValidationError(
                {"suite_a": "Seule une séance extraordinaire fait suite à une séance plénière restée sans quorum."}
            )
        if suite_a.type not in TYPES_PLENIERS or suite_a.suite_a_id is not None:
            raise ValidationError({"suite_a": "La séance d'origine doit être une séance plénière soumise au quorum."})
        if not (suite_a.date < date <= suite_a.date + datetime.timedelta(days=15)):
            raise ValidationError(
                {
                    "suite_a": f"La séance extraordinaire sans quorum se tient dans les quinze jours qui suivent la "
                    f"séance du {_d(suite_a.date)}, soit au plus tard le {_d(suite_a.date + datetime.timedelta(days=15))}."
                }
            )
        atteint = suite_a.quorum_ouverture
        if atteint is None:
            atteint = selectors.seance_quorum(seance=suite_a)["atteint"]
        if atteint:
            raise ValidationError(
                {"suite_a": f"Le quorum de la séance du {_d(suite_a.date)} était atteint : pas de séance sans quorum."}
            )
    seance = Seance(
        date=date,
        heure=heure,
        type=type,
        ordre_du_jour=ordre_du_jour,
        suite_a=suite_a,
        mode=mode,
        urgence=urgence,
        commission=commission.strip(),
        lieu=lieu,
        election_bureau=election_bureau,
        resultats_proclames_le=resultats_proclames_le,
        demande_extraordinaire=demande_extraordinaire,
        commission_reunie=commission_reunie,
    )
    with transaction.atomic():
        if demande_extraordinaire is not None:
            DemandeSeanceExtraordinaire.objects.select_for_update().filter(pk=demande_extraordinaire.pk).first()
            if Seance.objects.filter(demande_extraordinaire=demande_extraordinaire).exists():
                raise ValidationError(
                    {"demande_extraordinaire": "Une séance extraordinaire est déjà réunie sur cette demande."}
                )
        _enregistrer(seance, par=par)
    return seance


DELAI_SEANCE_EXTRAORDINAIRE = 15
DELAI_ELECTION_BUREAU = 21


def _verifier_demande_extraordinaire(*, type: str, date: datetime.date, demande) -> None:
    """At the request of one third of the titular members, the council meets in extraordinary session within
    fifteen days of the request (seed 002 L.I T.II 4.1.2)."""
    if type != TypeSeance.EXTRAORDINAIRE:
        raise ValidationError(
            {"demande_extraordinaire": "La demande du tiers des titulaires réunit une séance extraordinaire."}
        )
    if not demande.recevable:
        raise ValidationError(
            {
                "demande_extraordinaire": f"La demande du {_d(demande.recue_le)} n'est pas recevable "
                f"({demande.motif}) : le président peut convoquer une séance extraordinaire de sa propre initiative."
            }
        )
    limite = demande.recue_le + datetime.timedelta(days=DELAI_SEANCE_EXTRAORDINAIRE)
    if not (demande.recue_le <= date <= limite):
        raise ValidationError(
            {
                "date": f"La séance extraordinaire demandée le {_d(demande.recue_le)} doit avoir lieu dans les quinze "
                f"jours de la demande, soit au plus tard le {_d(limite)} (règlement intérieur, titre II, 4.1.2)."
            }
        )


def _verifier_election_bureau(
    *, type: str, date: datetime.date, election_bureau: bool, resultats_proclames_le: datetime.date | None
) -> None:
    """The président and the bureau are elected by the plenary at the first session after the renewal, at most
    21 days after the results are proclaimed (seed 002 L.I 3.1)."""
    if not election_bureau:
        raise ValidationError(
            {"resultats_proclames_le": "La date des résultats ne concerne que la séance d'élection du bureau."}
        )
    if type not in TYPES_PLENIERS:
        raise ValidationError({"election_bureau": "Le président et le bureau sont élus en séance plénière."})
    if resultats_proclames_le is not None:
        limite = resultats_proclames_le + datetime.timedelta(days=DELAI_ELECTION_BUREAU)
        if not (resultats_proclames_le <= date <= limite):
            raise ValidationError(
                {
                    "date": f"L'élection du bureau se tient au plus tard vingt et un jours après la proclamation des "
                    f"résultats du {_d(resultats_proclames_le)}, soit le {_d(limite)} (règlement intérieur, titre I, "
                    "3.1)."
                }
            )


def demande_seance_extraordinaire_enregistrer(
    *, objet: str, recue_le: datetime.date, signataires, par
) -> DemandeSeanceExtraordinaire:
    """Record the written request of titular members to convene an extraordinary session. It is receivable when
    at least one third of the titular members in office on the day it is received signed it (seed 002 L.I T.II
    4.1.2: 16 titulars → 6 signatures); the session is then created with `seance_creer(demande_extraordinaire=…)`
    within fifteen days."""
    objet = (objet or "").strip()
    if not objet:
        raise ValidationError({"objet": "Précisez l'objet de la séance extraordinaire demandée."})
    signataires = list({m.pk: m for m in signataires}.values())
    if not signataires:
        raise ValidationError({"signataires": "Indiquez les membres titulaires qui ont signé la demande."})
    hors = [m for m in signataires if not m.couvre(recue_le)]
    if hors:
        raise ValidationError(
            {"signataires": f"{hors[0].medecin.nom_complet} n'est pas membre du conseil le {_d(recue_le)}."}
        )
    titulaires = selectors.nombre_titulaires(date=recue_le)
    requis = math.ceil(titulaires / 3)
    signes = sum(1 for m in signataires if m.qualite == Qualite.TITULAIRE)
    motif = ""
    if signes < requis:
        motif = f"{signes} signataire(s) titulaire(s) sur les {requis} requis (le tiers de {titulaires})"
    demande = DemandeSeanceExtraordinaire(objet=objet, recue_le=recue_le, recevable=not motif, motif=motif)
    with transaction.atomic():
        _enregistrer(demande, par=par)
        demande.signataires.set(signataires)
    return demande


def _transition(seance: Seance, statut: str) -> None:
    if statut not in TRANSITIONS_SEANCE[seance.statut]:
        raise ValidationError(
            {
                "statut": f"La séance est « {StatutSeance(seance.statut).label.lower()} » : elle ne peut pas passer à "
                f"« {StatutSeance(statut).label.lower()} »."
            }
        )


def delai_convocation(seance: Seance) -> int:
    """Days between convocation and session: 8 for a plenary (seed 002 L.I T.II 4.1.3), 3 in urgency for a remote
    deliberation (L.I 6.4); the bureau is convened at any time (T.II 4.2)."""
    if seance.type not in TYPES_PLENIERS:
        return 0
    if seance.urgence and seance.mode != ModeSeance.PRESENTIEL:
        return 3
    return 8


def seance_convoquer(*, seance: Seance, today: datetime.date, par) -> int:
    """E-mail the convocation and the agenda to the members in office (titulars and substitutes: both are
    convened to every session, seed 002 L.I T.II 1.3.2; only the titulars to the session electing the bureau,
    L.I 3.1). Returns the number of e-mails sent."""
    with transaction.atomic():
        seance = Seance.objects.select_for_update().get(pk=seance.pk)
        _transition(seance, StatutSeance.CONVOQUEE)
        if not seance.ordre_du_jour:
            raise ValidationError(
                {
                    "ordre_du_jour": "L'ordre du jour est vide : la convocation le porte à la connaissance des conseillers."
                }
            )
        delai = delai_convocation(seance)
        reste = (seance.date - today).days
        if reste < 0:
            raise ValidationError({"date": "On ne convoque pas à une séance passée."})
        if reste < delai:
            if delai == 8 and seance.urgence:
                precision = " Le délai de 3 jours de l'urgence ne vaut que pour une délibération à distance."
            else:
                precision = ""
            raise ValidationError(
                {
                    "date": f"La convocation doit parvenir aux conseillers {delai} jours au moins avant la séance "
                    f"du {_d(seance.date)} ; il en reste {reste}.{precision}"
                }
            )
        if seance.demande_extraordinaire_id is not None:
            _verifier_demande_extraordinaire(type=seance.type, date=seance.date, demande=seance.demande_extraordinaire)
        if seance.election_bureau:
            _verifier_election_bureau(
                type=seance.type,
                date=seance.date,
                election_bureau=True,
                resultats_proclames_le=seance.resultats_proclames_le,
            )
        destinataires = selectors.membres_en_fonction(date=seance.date)
        if seance.election_bureau:
            # "Pour les conseils départementaux, les seuls membres titulaires sont convoqués" (L.I 3.1).
            destinataires = destinataires.filter(qualite=Qualite.TITULAIRE)
        if seance.commission_reunie_id is not None:
            # Its members by right, elected, and the advisory trésorier of the entraide commission.
            (ligne,) = selectors.commissions_composition(date=seance.date, commissions=[seance.commission_reunie])
            destinataires = destinataires.filter(pk__in=[c["membre"].pk for c in ligne["composition"]])
        if seance.type == TypeSeance.BUREAU:
            destinataires = destinataires.filter(
                pk__in=Fonction.objects.filter(selectors.couvre(seance.date), fonction__in=FONCTIONS_BUREAU).values(
                    "membre_id"
                )
            )
        adresses = sorted({m.medecin.email for m in destinataires if m.medecin.email})
        seance.statut = StatutSeance.CONVOQUEE
        seance.convocation_envoyee_le = today
        _enregistrer(seance, par=par, update_fields=["statut", "convocation_envoyee_le"])
        sujet = f"Convocation : {seance}"
        points = "\n".join(f"{i}. {p}" for i, p in enumerate(seance.ordre_du_jour, 1))
        heure = f" à {seance.heure:%H h %M}" if seance.heure else ""
        mode = "" if seance.mode == ModeSeance.PRESENTIEL else f"\nModalité : {seance.get_mode_display()}."
        corps = (
            f"Madame, Monsieur le conseiller,\n\nVous êtes convoqué(e) à la {seance.get_type_display().lower()} du "
            f"{_d(seance.date)}{heure}{(' (' + seance.lieu + ')') if seance.lieu else ''}.{mode}\n\n"
            f"Ordre du jour :\n{points}\n\nLes débats et délibérations du conseil sont confidentiels.\n"
        )
        messages = [(sujet, corps, None, [adresse]) for adresse in adresses]
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return len(adresses)


def seance_ouvrir(*, seance: Seance, par) -> Seance:
    """Open the session: the quorum is assessed at the opening from the register (seed 002 L.I 4.2)."""
    with transaction.atomic():
        seance = Seance.objects.select_for_update().get(pk=seance.pk)
        _transition(seance, StatutSeance.OUVERTE)
        seance.statut = StatutSeance.OUVERTE
        seance.ouverte_le = timezone.now()
        quorum = selectors.seance_quorum(seance=seance)
        seance.quorum_ouverture = quorum["atteint"]
        seance.presents_ouverture = quorum["presents"]
        seance.requis_ouverture = quorum["requis"]
        champs = ["statut", "ouverte_le", "quorum_ouverture", "presents_ouverture", "requis_ouverture"]
        if seance.president_seance_id is None:
            # The président presides; absent or prevented, the vice-presidents in their order (L.I 2.1.4).
            presents = selectors.votants_de(seance=seance)
            ordre = selectors.membres_avec_fonction(fonction=TypeFonction.PRESIDENT, date=seance.date)
            ordre += selectors.membres_avec_fonction(fonction=TypeFonction.VICE_PRESIDENT, date=seance.date)
            seance.president_seance = next((m for m in ordre if m.pk in presents), None)
            champs.append("president_seance")
        _enregistrer(seance, par=par, update_fields=champs)
    return seance


def seance_clore(*, seance: Seance, par) -> Seance:
    with transaction.atomic():
        seance = Seance.objects.select_for_update().get(pk=seance.pk)
        _transition(seance, StatutSeance.CLOSE)
        seance.statut = StatutSeance.CLOSE
        seance.close_le = timezone.now()
        _enregistrer(seance, par=par, update_fields=["statut", "close_le"])
    return seance


def seance_ajouter_point(*, seance: Seance, libelle: str, par) -> Seance:
    """Add a point to the agenda: freely while it is being prepared; once sent, only by the président at the start
    of the session, who announces it then (seed 002 L.I T.II 4.1.3)."""
    libelle = (libelle or "").strip()
    if not libelle:
        raise ValidationError({"libelle": "Le point à ajouter est vide."})
    with transaction.atomic():
        seance = Seance.objects.select_for_update().get(pk=seance.pk)
        if seance.statut == StatutSeance.CONVOQUEE:
            raise ValidationError(
                {
                    "libelle": "L'ordre du jour a été envoyé : le président ajoute un point en début de séance, ou une "
                    "demande écrite des deux cinquièmes des conseillers reçue 48 heures avant l'y inscrit de droit."
                }
            )
        if seance.statut == StatutSeance.CLOSE:
            raise ValidationError({"libelle": "La séance est close."})
        if seance.statut == StatutSeance.OUVERTE and seance.deliberations.exists():
            raise ValidationError(
                {"libelle": "Le président ajoute un point en début de séance, avant la première délibération."}
            )
        seance.ordre_du_jour = [*seance.ordre_du_jour, libelle]
        _enregistrer(seance, par=par, update_fields=["ordre_du_jour"])
    return seance


def demande_inscription_enregistrer(
    *, seance: Seance, libelle: str, signataires, recue_le: datetime.datetime, par
) -> DemandeInscriptionPoint:
    """A written request to put a question on a plenary's agenda. It is added of right when at least 2/5 of the
    councillors signed it and the président received it at least 48 hours before the session (seed 002 L.I T.II
    4.1.3). The councillors counted are the titular members in office (those with a deliberative vote)."""
    libelle = (libelle or "").strip()
    if not libelle:
        raise ValidationError({"libelle": "Précisez la question demandée."})
    seance = Seance.objects.get(pk=seance.pk)
    if seance.type not in TYPES_PLENIERS:
        raise ValidationError({"seance": "L'inscription de droit d'une question vaut pour les séances plénières."})
    if seance.statut == StatutSeance.CLOSE:
        raise ValidationError({"seance": "La séance est close."})
    signataires = list({m.pk: m for m in signataires}.values())
    hors = [m for m in signataires if not m.couvre(seance.date)]
    if hors:
        raise ValidationError(
            {"signataires": f"{hors[0].medecin.nom_complet} n'est pas membre du conseil à la date de la séance."}
        )
    titulaires = selectors.nombre_titulaires(date=seance.date)
    requis = math.ceil(titulaires * 2 / 5)
    signes = sum(1 for m in signataires if m.qualite == Qualite.TITULAIRE)
    debut = timezone.make_aware(datetime.datetime.combine(seance.date, seance.heure or datetime.time(0, 0)))
    limite = debut - datetime.timedelta(hours=48)
    if timezone.is_naive(recue_le):
        recue_le = timezone.make_aware(recue_le)
    motifs = []
    if signes < requis:
        motifs.append(f"{signes} signataire(s) titulaire(s) sur les {requis} requis (2/5 de {titulaires})")
    if recue_le > limite:
        motifs.append(f"reçue après le {timezone.localtime(limite):%d/%m/%Y à %H h %M} (48 heures avant la séance)")
    with transaction.atomic():
        seance = Seance.objects.select_for_update().get(pk=seance.pk)
        demande = DemandeInscriptionPoint(
            seance=seance, libelle=libelle, recue_le=recue_le, inscrite_de_droit=not motifs, motif="; ".join(motifs)
        )
        _enregistrer(demande, par=par)
        demande.signataires.set(signataires)
        if not motifs:
            seance.ordre_du_jour = [*seance.ordre_du_jour, libelle]
            _enregistrer(seance, par=par, update_fields=["ordre_du_jour"])
    return demande


def seance_envoyer_proces_verbal(*, seance: Seance, today: datetime.date, par) -> int:
    """Send the draft minutes of a closed session to the members in office, who adopt them at the next session
    (seed 002 L.I 4.5). The PDF goes attached to each e-mail; the date is kept. Returns the number of e-mails."""
    with transaction.atomic():
        seance = Seance.objects.select_for_update().get(pk=seance.pk)
        if seance.statut != StatutSeance.CLOSE:
            raise ValidationError({"seance": "Le projet de procès-verbal s'envoie une fois la séance close."})
        if seance.pv_adopte_en_id is not None:
            raise ValidationError({"seance": "Le procès-verbal est déjà adopté."})
        destinataires = selectors.membres_en_fonction(date=max(today, seance.date))
        if seance.type not in TYPES_PLENIERS:
            # A bureau or commission compte rendu goes to those who were convened, i.e. who sat or were excused.
            destinataires = destinataires.filter(Q(emargements__seance=seance) | Q(absences__seance=seance)).distinct()
        adresses = sorted({m.medecin.email for m in destinataires if m.medecin.email})
        if not adresses:
            raise ValidationError({"seance": "Aucun membre destinataire n'a d'adresse électronique."})
        seance.pv_envoye_le = today
        _enregistrer(seance, par=par, update_fields=["pv_envoye_le"])
        pk = seance.pk
        transaction.on_commit(lambda: _envoyer_proces_verbal(seance_id=pk, adresses=adresses))
    return len(adresses)


def _envoyer_proces_verbal(*, seance_id: int, adresses: list[str]) -> None:
    from django.core.mail import EmailMessage, get_connection

    from . import documents

    seance = Seance.objects.get(pk=seance_id)
    contenu = documents.proces_verbal_pdf(seance_id=seance_id)
    nom = documents.proces_verbal_nom_fichier(seance)
    corps = (
        f"Madame, Monsieur le conseiller,\n\nVeuillez trouver ci-joint le projet de procès-verbal de la "
        f"{seance.get_type_display().lower()} du {_d(seance.date)}. Vos observations éventuelles seront consignées "
        "lors de son adoption à la séance suivante.\n\nCe document est confidentiel (article L4123-12 du code de la "
        "santé publique).\n"
    )
    messages = []
    for adresse in adresses:
        message = EmailMessage(subject=f"Projet de procès-verbal : {seance}", body=corps, to=[adresse])
        message.attach(nom, contenu, "application/pdf")
        messages.append(message)
    get_connection(fail_silently=False).send_messages(messages)


def seance_adopter_proces_verbal(*, seance: Seance, en_seance: Seance, observations: str = "", par) -> Seance:
    """The minutes are adopted at the next session, after the observations are recorded (seed 002 L.I 4.5)."""
    if en_seance.date <= seance.date or en_seance.type not in TYPES_PLENIERS:
        raise ValidationError({"en_seance": "Le procès-verbal est adopté lors d'une séance plénière ultérieure."})
    with transaction.atomic():
        seance = Seance.objects.select_for_update().get(pk=seance.pk)
        seance.pv_adopte_en = en_seance
        seance.pv_observations = (observations or "").strip()
        _enregistrer(seance, par=par, update_fields=["pv_adopte_en", "pv_observations"])
    return seance


# --- attendance -----------------------------------------------------------------------------------------------


def emargement_enregistrer(
    *,
    seance: Seance,
    membre: Membre,
    remplace: Membre | None = None,
    distance: bool = False,
    heure_arrivee: datetime.time | None = None,
    par,
) -> Emargement:
    """Sign the attendance register. A substitute names the prevented titular he replaces (designated by the
    président, in rotation: `selectors.suppleant_suivant`); without one he attends without a vote and outside
    the quorum (seed 002 L.I T.II 1.3.2)."""
    if not membre.couvre(seance.date):
        raise ValidationError(
            {"membre": f"{membre.medecin.nom_complet} n'est pas membre du conseil le {_d(seance.date)}."}
        )
    with transaction.atomic():
        seance = Seance.objects.select_for_update().get(pk=seance.pk)
        if seance.statut == StatutSeance.CLOSE:
            raise ValidationError({"seance": "La séance est close : le registre d'émargement est arrêté."})
        emargements = {e.membre_id: e for e in Emargement.objects.filter(seance=seance)}
        if membre.pk in emargements:
            raise ValidationError({"membre": f"{membre.medecin.nom_complet} a déjà émargé pour cette séance."})
        remplaces = {e.remplace_id: e for e in emargements.values() if e.remplace_id}
        if membre.qualite == Qualite.TITULAIRE:
            if remplace is not None:
                raise ValidationError({"remplace": "Un membre titulaire siège pour lui-même et ne remplace personne."})
            if membre.pk in remplaces:
                raise ValidationError(
                    {"membre": f"{membre.medecin.nom_complet} est déjà remplacé par un suppléant pour cette séance."}
                )
        elif remplace is not None:
            if seance.type not in TYPES_PLENIERS:
                raise ValidationError({"remplace": "Les suppléants remplacent les titulaires en séance plénière."})
            if remplace.qualite != Qualite.TITULAIRE or not remplace.couvre(seance.date):
                raise ValidationError(
                    {"remplace": "Le membre remplacé doit être un titulaire en fonction à la date de la séance."}
                )
            if remplace.pk in emargements:
                raise ValidationError(
                    {"remplace": f"{remplace.medecin.nom_complet} est présent : il n'y a personne à remplacer."}
                )
            if remplace.pk in remplaces:
                raise ValidationError(
                    {"remplace": f"{remplace.medecin.nom_complet} est déjà remplacé pour cette séance."}
                )
        for absence in Absence.objects.filter(seance=seance, membre=membre):  # he came after all
            absence._history_user = par
            absence.delete()
        emargement = Emargement(
            seance=seance,
            membre=membre,
            remplace=remplace,
            distance=distance,
            heure_arrivee=heure_arrivee,
            saisi_par=par,
        )
        _enregistrer(emargement, par=par)
    return emargement


def emargement_depart(*, emargement: Emargement, heure: datetime.time, par) -> Emargement:
    """Record that a member left the session: he no longer counts for the quorum checked on request nor among
    the voters of the deliberations that follow (seed 002 L.I 4.2)."""
    if emargement.heure_arrivee is not None and heure < emargement.heure_arrivee:
        raise ValidationError(
            {"heure_depart": f"Le départ ne peut précéder l'arrivée ({emargement.heure_arrivee:%H:%M})."}
        )
    emargement.heure_depart = heure
    with transaction.atomic():
        _enregistrer(emargement, par=par, update_fields=["heure_depart"])
    return emargement


def emargement_supprimer(*, emargement: Emargement, par) -> None:
    """Withdraw a signature entered by mistake, while no vote rests on the register (selectors.registre_arrete).
    The history keeps the deleted row and who deleted it."""
    with transaction.atomic():
        seance = Seance.objects.select_for_update().get(pk=emargement.seance_id)
        motif = selectors.registre_arrete(seance=seance)
        if motif:
            raise ValidationError({"seance": motif})
        emargement._history_user = par
        emargement.delete()


def absence_enregistrer(*, seance: Seance, membre: Membre, excusee: bool = True, motif: str = "", par) -> Absence:
    """Record an absence and whether its reason is valid (seed 002 L.I 1.1.1.1: three consecutive absences
    without valid reason may lead to a resignation proposal)."""
    if not membre.couvre(seance.date):
        raise ValidationError({"membre": f"{membre.medecin.nom_complet} n'est pas membre du conseil à cette date."})
    if Emargement.objects.filter(seance=seance, membre=membre).exists():
        raise ValidationError({"membre": f"{membre.medecin.nom_complet} a émargé : il est présent."})
    with transaction.atomic():
        absence = Absence.objects.filter(seance=seance, membre=membre).first() or Absence(seance=seance, membre=membre)
        absence.excusee = excusee
        absence.motif = (motif or "").strip()
        _enregistrer(absence, par=par)
    return absence


# --- deliberations ---------------------------------------------------------------------------------------------

# Stock phrases that motivate nothing (seed 002 L.I 5.1: "une formule standard ne peut suffire").
FORMULES_TYPES = (
    "le conseil, après en avoir délibéré",
    "après en avoir délibéré",
    "après délibération",
    "vu le dossier",
    "vu les pièces du dossier",
    "au vu du dossier",
    "considérant le dossier",
    "le conseil décide",
    "le conseil émet un avis favorable",
    "avis favorable",
    "avis défavorable",
    "pour les motifs exposés en séance",
    "conformément à la réglementation en vigueur",
    "conformément aux textes en vigueur",
    "sur proposition du président",
    "à l'unanimité",
    "il est décidé",
    "décide",
    "adopté",
    "accordé",
    "refusé",
)
MOTIVATION_MINIMUM = 30


def _normaliser(texte: str) -> str:
    texte = unicodedata.normalize("NFKD", texte.lower())
    texte = "".join(c for c in texte if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", texte).strip()


def motivation_valider(motivation: str) -> str:
    """A decision states the elements of law and of fact it rests on (seed 002 L.I 5.1; R4127-112): too short a
    text, or one made of stock phrases only, is refused."""
    motivation = (motivation or "").strip()
    if len(motivation) < MOTIVATION_MINIMUM:
        raise ValidationError(
            {
                "motivation": f"La motivation est obligatoire et doit exposer les éléments de droit et de fait qui "
                f"fondent la décision ({MOTIVATION_MINIMUM} caractères au moins)."
            }
        )
    reste = f" {_normaliser(motivation)} "
    for formule in sorted(FORMULES_TYPES, key=len, reverse=True):
        reste = reste.replace(f" {_normaliser(formule)} ", " ")
    if len(reste.replace(" ", "")) < MOTIVATION_MINIMUM - 10:
        raise ValidationError(
            {
                "motivation": "Une formule standard ne suffit pas à motiver une décision : exposez les éléments de "
                "droit et de fait sur lesquels elle est fondée (règlement intérieur, titre I, 5.1)."
            }
        )
    return motivation


def _verifier_quorum(seance: Seance, heure: datetime.time | None = None) -> None:
    """Without quorum the council cannot deliberate, except at the extraordinary session that follows a plenary
    whose quorum failed (seed 002 L.I 4.2). The members who left (departure recorded) no longer count."""
    quorum = selectors.seance_quorum(seance=seance, heure=heure)
    if seance.mode != ModeSeance.PRESENTIEL:
        # A remote or hybrid deliberation is valid only if at least half the members take part (L.I 6.2),
        # even at a session that sits without quorum.
        titulaires = selectors.nombre_titulaires(date=seance.date)
        moitie = math.ceil(titulaires / 2)
        if quorum["presents"] < moitie:
            raise ValidationError(
                {
                    "quorum": f"Délibération à distance : {quorum['presents']} membres ayant voix délibérative y "
                    f"prennent part, il en faut la moitié au moins ({moitie}) (règlement intérieur, titre I, 6.2)."
                }
            )
    if seance.suite_a_id is not None:
        return
    if seance.quorum_ouverture is False:
        # "Les conditions du quorum sont appréciées à l'ouverture de la séance" (L.I 4.2): members who sign in
        # afterwards do not make up for a quorum that failed at the opening.
        chiffres = (
            f" ({seance.presents_ouverture} membres ayant voix délibérative présents, {seance.requis_ouverture} requis)"
            if seance.presents_ouverture is not None
            else ""
        )
        raise ValidationError(
            {
                "quorum": f"La séance a été ouverte sans quorum{chiffres} : les conditions du quorum s'apprécient à "
                "l'ouverture (règlement intérieur, titre I, 4.2) et le conseil ne peut pas délibérer. Reportez les "
                "points à la séance suivante ou convoquez sous quinze jours une séance extraordinaire, qui délibérera "
                "sans quorum."
            }
        )
    if not quorum["atteint"]:
        raise ValidationError(
            {
                "quorum": f"Le quorum n'est pas atteint ({quorum['presents']} membres ayant voix délibérative présents, "
                f"{quorum['requis']} requis) : le conseil ne peut pas délibérer. Reportez le point à la séance suivante "
                "ou convoquez sous quinze jours une séance extraordinaire, qui délibérera sans quorum."
            }
        )


def _verifier_seance_deliberante(seance: Seance) -> None:
    if seance.type not in TYPES_PLENIERS:
        raise ValidationError(
            {
                "seance": "Le bureau et les commissions rendent des avis consignés dans leur compte rendu : les "
                "décisions sont prises par le conseil en séance plénière."
            }
        )
    if seance.statut == StatutSeance.CLOSE:
        raise ValidationError({"seance": "La séance est close."})


def deliberation_enregistrer(
    *,
    seance: Seance,
    objet: str,
    motivation: str,
    vote: str = ModeVote.MAIN_LEVEE,
    pour: int,
    contre: int,
    abstention: int = 0,
    non_participants=(),
    sortis_conflit_interets=(),
    voix_preponderante: str = "",
    majorite: str | None = None,
    votants=None,
    secret_demande_par: Membre | None = None,
    confidentielle: bool = False,
    individuelle: bool = False,
    medecin_concerne=None,
    titre_honorifique: str = "",
    heure: datetime.time | None = None,
    voie_recours: VoieRecours | None = None,
    par,
) -> Deliberation:
    """Record a decision of the council with its vote and give it the year's next number ("2026-014").

    - quorum required, except at an extraordinary session following a plenary without quorum (L.I 4.2);
    - written, motivated (L.I 5.1); secret ballot of right when a member asks (L.I 4.3);
    - pour + contre + abstention ≤ members with a vote present, less those who left the room (conflict of
      interest, L.I 1.1.1.2); `votants`, when given, names who voted and each must have a vote and not have
      withdrawn (a substitute replacing no one does not vote, T.II 1.3.2);
    - majority of votes cast (abstentions are not cast), président's casting vote on a tie (L.I 4.3); or the
      absolute majority of the council's titular members for the decisions that require it (honorary titles, 1.2).
    - `sortis_conflit_interets`: those who left the room for a conflict of interest (L.I 1.1.1.2, 4.5); they are
      among the `non_participants` (added if missing), the procès-verbal says why they left;
    - `medecin_concerne`: the doctor an individual decision concerns (anonymised in the publishable extract); if he
      sits on the council and is in the room, he must leave it (conflict of interest);
    - `titre_honorifique`: président d'honneur for a former président, honorariat for a former member of the
      bureau, at the absolute majority of the members and in the person's absence (L.I 1.2);
    - `heure`: the time of the vote; the members whose departure is recorded (before it) no longer count.
    """
    if majorite is None or majorite == "":
        majorite = Majorite.MEMBRES if titre_honorifique else Majorite.SUFFRAGES_EXPRIMES
    erreurs = {}
    objet = (objet or "").strip()
    if not objet:
        erreurs["objet"] = "Précisez l'objet de la délibération."
    try:
        motivation = motivation_valider(motivation)
    except ValidationError as exc:
        erreurs.update(exc.message_dict)
    if vote not in ModeVote.values:
        erreurs["vote"] = "Mode de vote inconnu : main_levee, electronique ou secret."
    if majorite not in Majorite.values:
        erreurs["majorite"] = "Majorité inconnue : suffrages_exprimes ou membres."
    if voix_preponderante not in ("", *Voix.values):
        erreurs["voix_preponderante"] = "La voix prépondérante est « pour » ou « contre »."
    for champ, valeur in (("pour", pour), ("contre", contre), ("abstention", abstention)):
        if not isinstance(valeur, int) or valeur < 0:
            erreurs[champ] = "Un nombre de voix positif ou nul est attendu."
    if titre_honorifique:
        if titre_honorifique not in TitreHonorifique.values:
            erreurs["titre_honorifique"] = "Titre inconnu : president_honneur ou honorariat."
        elif medecin_concerne is None:
            erreurs["medecin_concerne"] = "Indiquez le médecin à qui le titre honorifique est accordé."
        elif majorite != Majorite.MEMBRES:
            erreurs["majorite"] = (
                "Un titre honorifique est accordé à la majorité absolue des membres du conseil, non des suffrages "
                "exprimés (règlement intérieur, titre I, 1.2) : choisissez la majorité « membres »."
            )
    if secret_demande_par is not None and vote != ModeVote.SECRET:
        erreurs["vote"] = (
            f"{secret_demande_par.medecin.nom_complet} a demandé un vote à bulletin secret : il est de droit "
            "(règlement intérieur, titre I, 4.3)."
        )
    if erreurs:
        raise ValidationError(erreurs)
    if medecin_concerne is not None:
        individuelle = True
    if voie_recours is not None and not individuelle:
        raise ValidationError(
            {"voie_recours": "Les voies et délais de recours accompagnent la notification d'une décision individuelle."}
        )
    with transaction.atomic():
        seance = Seance.objects.select_for_update().get(pk=seance.pk)
        _verifier_seance_deliberante(seance)
        if titre_honorifique:
            _verifier_titre_honorifique(titre=titre_honorifique, medecin=medecin_concerne, date=seance.date)
        _verifier_quorum(seance, heure=heure)
        emargements = {
            e.membre_id: e
            for e in Emargement.objects.filter(seance=seance).select_related("membre__medecin")
            if selectors.present_a(e, heure)
        }
        ayant_voix = selectors.votants_de(seance=seance, heure=heure)
        sortis = {m.pk: m for m in sortis_conflit_interets}
        retires = {m.pk: m for m in non_participants} | sortis
        absents = [m for pk, m in retires.items() if pk not in emargements]
        if absents:
            champ = "sortis_conflit_interets" if absents[0].pk in sortis else "non_participants"
            raise ValidationError(
                {
                    champ: f"{absents[0].medecin.nom_complet} n'est pas présent (pas d'émargement, ou départ "
                    "enregistré) : seul un membre présent peut se retirer de la délibération."
                }
            )
        if medecin_concerne is not None:
            concerne = next(
                (e.membre for e in emargements.values() if e.membre.medecin_id == medecin_concerne.pk), None
            )
            if concerne is not None and concerne.pk not in retires:
                if titre_honorifique:
                    message = (
                        f"{concerne.medecin.nom_complet} est présent : le titre honorifique est accordé en l'absence "
                        "de l'intéressé (règlement intérieur, titre I, 1.2). Il doit sortir de la salle (indiquez-le "
                        "parmi les membres sortis) avant le vote."
                    )
                else:
                    message = (
                        f"La délibération concerne {concerne.medecin.nom_complet}, présent : il doit sortir de la "
                        "salle pour ce point (prévention des conflits d'intérêts, règlement intérieur, titre I, "
                        "1.1.1.2) ; indiquez-le parmi les membres sortis."
                    )
                raise ValidationError({"medecin_concerne": message})
        if votants is not None:
            votants = {m.pk: m for m in votants}
            for pk, m in votants.items():
                if pk not in emargements:
                    raise ValidationError(
                        {"votants": f"{m.medecin.nom_complet} n'est pas présent (pas d'émargement, ou parti) au vote."}
                    )
                if pk in retires:
                    raise ValidationError(
                        {
                            "votants": f"{m.medecin.nom_complet} s'est retiré de cette délibération (conflit d'intérêts) "
                            "et ne peut pas prendre part au vote."
                        }
                    )
                if pk not in ayant_voix:
                    raise ValidationError(
                        {
                            "votants": f"{m.medecin.nom_complet} est suppléant et ne remplace aucun titulaire à cette "
                            "séance : il assiste sans voix délibérative."
                        }
                    )
        capacite = len(ayant_voix - set(retires))
        total = pour + contre + abstention
        if total > capacite:
            raise ValidationError(
                {
                    "pour": f"{total} voix comptées (pour, contre, abstentions) pour {capacite} membres ayant voix "
                    f"délibérative présents et prenant part au vote : le décompte dépasse les présents."
                }
            )
        if votants is not None and total != len(votants):
            raise ValidationError(
                {
                    "votants": f"{len(votants)} votants déclarés mais {total} voix comptées : le décompte ne concorde pas."
                }
            )

        if majorite == Majorite.MEMBRES:
            titulaires = selectors.nombre_titulaires(date=seance.date)
            adoptee = pour >= selectors.majorite_absolue(titulaires)
            voix_preponderante = ""
        elif pour == contre and pour > 0:
            if not voix_preponderante:
                raise ValidationError(
                    {
                        "voix_preponderante": f"Partage égal des voix ({pour} pour, {contre} contre) : indiquez le sens "
                        "de la voix prépondérante du président (pour ou contre)."
                    }
                )
            adoptee = voix_preponderante == Voix.POUR
        else:
            adoptee = pour > contre
            voix_preponderante = ""

        annee = seance.date.year
        for _essai in range(5):
            sequence = (Deliberation.objects.filter(annee=annee).aggregate(m=Max("sequence"))["m"] or 0) + 1
            deliberation = Deliberation(
                seance=seance,
                annee=annee,
                sequence=sequence,
                numero=f"{annee}-{sequence:03d}",
                objet=objet,
                motivation=motivation,
                vote=vote,
                secret_demande_par=secret_demande_par,
                pour=pour,
                contre=contre,
                abstention=abstention,
                voix_preponderante=voix_preponderante,
                majorite=majorite,
                adoptee=adoptee,
                confidentielle=confidentielle,
                individuelle=individuelle,
                medecin_concerne=medecin_concerne,
                titre_honorifique=titre_honorifique,
                heure=heure,
                voie_recours=voie_recours,
                saisie_par=par,
            )
            deliberation._history_user = par
            deliberation.full_clean(validate_unique=False, validate_constraints=False)
            try:
                with transaction.atomic():
                    deliberation.save()
                break
            except IntegrityError:  # another deliberation took this number meanwhile
                continue
        else:
            raise ValidationError({"detail": "Numérotation de la délibération impossible : réessayez."})
        deliberation.non_participants.set(list(retires.values()))
        deliberation.sortis_conflit_interets.set(list(sortis.values()))
    return deliberation


def _verifier_titre_honorifique(*, titre: str, medecin, date: datetime.date) -> None:
    """Président d'honneur: to a former président; honorariat: to a former member of the bureau (seed 002 L.I
    1.2), as the functions' history shows (a function ended before the session)."""
    postes = [TypeFonction.PRESIDENT] if titre == TitreHonorifique.PRESIDENT_HONNEUR else list(FONCTIONS_BUREAU)
    anciennes = Fonction.objects.filter(
        membre__medecin=medecin, fonction__in=postes, interim=False, date_fin__lt=date
    ).exists()
    if not anciennes:
        qui = "un ancien président" if titre == TitreHonorifique.PRESIDENT_HONNEUR else "un ancien membre du bureau"
        raise ValidationError(
            {
                "medecin_concerne": f"Le titre de {TitreHonorifique(titre).label.lower()} est accordé à {qui} : "
                f"aucune fonction de ce type de {medecin.nom_complet} ne s'est achevée avant le {_d(date)} "
                "(règlement intérieur, titre I, 1.2)."
            }
        )


def deliberation_notifier(
    *, deliberation: Deliberation, today: datetime.date, voie_recours: VoieRecours | None = None, par
) -> Deliberation:
    """Notify an individual decision to the doctor it concerns: the letter states the decision, its reasons and the
    means and delays of appeal, at the address he gave (seed 002 L.I 5.2); it is e-mailed to him too when he has
    an address. The date and the address are kept: the delay of appeal runs from the notification."""
    with transaction.atomic():
        # No select_related here: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
        deliberation = Deliberation.objects.select_for_update().get(pk=deliberation.pk)
        if deliberation.medecin_concerne is None:
            raise ValidationError(
                {
                    "medecin_concerne": "Indiquez le médecin que la décision concerne : seule une décision individuelle "
                    "se notifie."
                }
            )
        if deliberation.notifiee_le is not None:
            raise ValidationError(
                {"notifiee_le": f"La décision a déjà été notifiée le {_d(deliberation.notifiee_le)}."}
            )
        voie_recours = voie_recours or deliberation.voie_recours
        if voie_recours is None:
            raise ValidationError(
                {
                    "voie_recours": "Choisissez les voies et délais de recours à indiquer : sans eux, la notification "
                    "n'est pas régulière (règlement intérieur, titre I, 5.2)."
                }
            )
        if today < deliberation.seance.date:
            raise ValidationError({"today": "Une décision ne se notifie pas avant la séance qui l'a prise."})
        medecin = deliberation.medecin_concerne
        adresse = selectors.adresse_de_notification(medecin)
        if not adresse:
            raise ValidationError(
                {
                    "medecin_concerne": f"La fiche de {medecin.nom_complet} ne porte ni adresse de correspondance ni "
                    "adresse professionnelle complète : complétez-la avant de notifier."
                }
            )
        deliberation.voie_recours = voie_recours
        deliberation.notifiee_le = today
        deliberation.notifiee_a = adresse
        _enregistrer(deliberation, par=par, update_fields=["voie_recours", "notifiee_le", "notifiee_a"])
        if medecin.email:
            pk = deliberation.pk
            transaction.on_commit(lambda: _envoyer_notification(deliberation_id=pk))
    return deliberation


def _envoyer_notification(*, deliberation_id: int) -> None:
    from django.core.mail import EmailMessage

    from . import documents

    deliberation = Deliberation.objects.select_related("medecin_concerne", "seance").get(pk=deliberation_id)
    medecin = deliberation.medecin_concerne
    message = EmailMessage(
        subject=f"Notification de la décision n° {deliberation.numero} du conseil départemental",
        body=f"{'Madame' if medecin.sexe == 'F' else 'Monsieur'} le docteur {medecin.nom_complet},\n\n"
        f"Vous trouverez ci-joint la notification de la décision n° {deliberation.numero} prise par le conseil en "
        f"séance du {_d(deliberation.seance.date)}, avec les voies et délais de recours. Elle vous est également "
        "adressée par courrier.\n\nLe conseil départemental de l'Ordre des médecins\n",
        to=[medecin.email],
    )
    message.attach(
        documents.notification_nom_fichier(deliberation),
        documents.notification_pdf(deliberation_id=deliberation.pk),
        "application/pdf",
    )
    message.send(fail_silently=False)


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
            _clore(fonction, date - UN_JOUR, par)
    return fonction_attribuer(
        membre=elu,
        fonction=election.poste,
        date_debut=date,
        ordre=election.ordre,
        interim=election.interim,
        election=election,
        par=par,
    )
