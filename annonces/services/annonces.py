"""Every write on an ad (issue 13 point 6, CONTRACT.md annonces). Each service checks the actor first
(config.perms.exiger), validates, and writes in one transaction with the ad locked; a refusal writes nothing.

- The author drafts (`brouillon`), edits while it is a draft or sent back for correction, submits (`soumise`),
  withdraws (`retiree`) at any time before it is refused or expired.
- A moderator publishes, asks for a correction (motif) or refuses (motif); never his own ad (403).
- A published ad is never rewritten by its author: his change is a `RevisionAnnonce` (one open at a time), submitted
  and moderated like an ad, while the public keeps reading the published text until a moderator publishes it.
- `annonces_expirer` (beat, every morning) marks `expiree` the published ads whose end date has passed; the reads
  never show them anyway (annonces.selectors.publiques_q judges on `today`).
- A doctor answers a published ad: his message is e-mailed to the author (commun.services.envois_programmer); the
  sender never learns the author's address.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from commun.models import NatureEnvoi
from commun.services import enregistrer, envois_programmer
from config.perms import exiger

from ..models import (
    CHAMPS_CONTENU,
    REVISIONS_EN_COURS,
    STATUTS_MODIFIABLES,
    TRANSITIONS_ANNONCE,
    Annonce,
    MessageAnnonce,
    RevisionAnnonce,
    StatutAnnonce,
    StatutRevision,
)

CHAMPS_OBLIGATOIRES = ("categorie", "sens", "titre", "texte", "commune", "date_debut")


def _verrouiller(annonce_id: int) -> Annonce:
    return Annonce.objects.select_for_update().select_related("auteur").get(pk=annonce_id)


def _revision(annonce: Annonce) -> RevisionAnnonce | None:
    return annonce.revisions.select_for_update().filter(statut__in=REVISIONS_EN_COURS).first()


def _valider_dates(contenu, today: datetime.date) -> None:
    """The end date: not before the start, not already passed (an ad nobody could read)."""
    if contenu.date_fin is None:
        return
    if contenu.date_debut is not None and contenu.date_fin < contenu.date_debut:
        raise ValidationError(
            {
                "date_fin": f"La date de fin ({contenu.date_fin:%d/%m/%Y}) précède la date de début "
                f"({contenu.date_debut:%d/%m/%Y}) : corrigez l'une ou l'autre."
            }
        )
    if contenu.date_fin < today:
        raise ValidationError(
            {
                "date_fin": f"La date de fin ({contenu.date_fin:%d/%m/%Y}) est passée : une annonce expirée n'est "
                "plus affichée. Indiquez une date de fin à venir, ou aucune."
            }
        )


def _ecrire(contenu, donnees: dict) -> None:
    inconnus = sorted(set(donnees) - set(CHAMPS_CONTENU))
    if inconnus:
        raise ValidationError({c: "Ce champ ne se modifie pas ici." for c in inconnus})
    for champ, valeur in donnees.items():
        if champ in ("titre", "texte", "commune") and isinstance(valeur, str):
            valeur = valeur.strip()
        setattr(contenu, champ, valeur)


def _pas_l_auteur(annonce: Annonce, par) -> None:
    if annonce.auteur.user_id is not None and annonce.auteur.user_id == par.pk:
        raise PermissionDenied(
            "Vous êtes l'auteur de cette annonce : sa modération revient à un autre modérateur du conseil."
        )


def annonce_deposer(*, donnees: dict, par, today: datetime.date, auteur=None) -> Annonce:
    """A doctor drafts an ad (`brouillon`); he submits it when it is ready. `auteur`: the doctor logged in, unless
    the system user writes for one (the demo)."""
    if auteur is None:
        from tableau.selectors import medecin_de

        auteur = medecin_de(par)
    exiger(par, "annonces.annonce_deposer", objet=auteur, date=today)
    if auteur is None:
        raise PermissionDenied("Seul un médecin inscrit dépose une annonce, depuis son espace médecin.")
    manquants = [c for c in CHAMPS_OBLIGATOIRES if donnees.get(c) in (None, "")]
    if manquants:
        raise ValidationError({c: "Ce champ est obligatoire." for c in manquants})
    annonce = Annonce(auteur=auteur, statut=StatutAnnonce.BROUILLON, cree_le=today)
    _ecrire(annonce, donnees)
    _valider_dates(annonce, today)
    with transaction.atomic():
        return enregistrer(annonce, par=par)


def annonce_modifier(*, annonce_id: int, donnees: dict, par, today: datetime.date) -> Annonce:
    """The author's change: on the ad itself while it is a draft or sent back for correction; on its revision once
    published (the public keeps the published text until a moderator publishes the change)."""
    with transaction.atomic():
        annonce = _verrouiller(annonce_id)
        exiger(par, "annonces.annonce_modifier", objet=annonce, date=today)
        if annonce.statut in STATUTS_MODIFIABLES:
            _ecrire(annonce, donnees)
            _valider_dates(annonce, today)
            return enregistrer(annonce, par=par)
        revision = _revision(annonce)
        if revision is not None and revision.statut == StatutRevision.SOUMISE:
            raise ValidationError(
                "Votre modification de cette annonce attend la modération : attendez la décision du conseil avant de "
                "la changer à nouveau."
            )
        if revision is None:
            revision = RevisionAnnonce(
                annonce=annonce,
                cree_le=today,
                **{c: getattr(annonce, c) for c in CHAMPS_CONTENU},
            )
        _ecrire(revision, donnees)
        _valider_dates(revision, today)
        enregistrer(revision, par=par)
        return annonce


def annonce_soumettre(*, annonce_id: int, par, today: datetime.date) -> Annonce:
    """The author submits his draft (or his corrected ad) to the moderators; for a published ad, its change."""
    with transaction.atomic():
        annonce = _verrouiller(annonce_id)
        exiger(par, "annonces.annonce_soumettre", objet=annonce, date=today)
        if annonce.statut == StatutAnnonce.PUBLIEE:
            revision = _revision(annonce)
            if revision is None or revision.statut == StatutRevision.SOUMISE:
                raise ValidationError(
                    "Cette annonce est publiée et aucune modification n'attend d'être soumise"
                    + (" (la vôtre est déjà soumise à la modération)." if revision else " : modifiez-la d'abord.")
                )
            _valider_dates(revision, today)
            revision.statut = StatutRevision.SOUMISE
            revision.soumise_le = today
            enregistrer(revision, par=par)
            return annonce
        _valider_dates(annonce, today)
        annonce.statut = TRANSITIONS_ANNONCE["soumettre"][1]
        annonce.soumise_le = today
        return enregistrer(annonce, par=par)


def annonce_retirer(*, annonce_id: int, par, today: datetime.date) -> Annonce:
    """The author withdraws his ad (a pending change goes with it)."""
    with transaction.atomic():
        annonce = _verrouiller(annonce_id)
        exiger(par, "annonces.annonce_retirer", objet=annonce, date=today)
        revision = _revision(annonce)
        if revision is not None:
            revision.statut = StatutRevision.ABANDONNEE
            enregistrer(revision, par=par)
        annonce.statut = TRANSITIONS_ANNONCE["retirer"][1]
        return enregistrer(annonce, par=par)


def _moderer(annonce_id: int, par, today: datetime.date, acte: str, motif: str = ""):
    """(ad, revision or None) once the moderator's right and the state are checked: the ad when it is submitted,
    its submitted revision when it is published."""
    annonce = _verrouiller(annonce_id)
    exiger(par, "annonces.annonce_moderer", objet=annonce, date=today)
    _pas_l_auteur(annonce, par)
    if acte != "publier" and not (motif or "").strip():
        raise ValidationError(
            {"motif": "Indiquez le motif : l'auteur le lit dans son espace pour corriger son annonce."}
        )
    if annonce.statut == StatutAnnonce.SOUMISE:
        return annonce, None
    revision = _revision(annonce)
    if revision is None or revision.statut != StatutRevision.SOUMISE:
        raise ValidationError(
            f"L'annonce « {annonce.titre} » est publiée et aucune modification n'attend la modération."
        )
    return annonce, revision


def _decider(objet, statut, motif: str, par, today: datetime.date) -> None:
    objet.statut = statut
    objet.motif = (motif or "").strip()
    objet.moderee_le = today
    objet.moderee_par = par
    enregistrer(objet, par=par)


def annonce_publier(*, annonce_id: int, par, today: datetime.date) -> Annonce:
    """A moderator publishes a submitted ad, or the submitted change of a published one (its text replaces the
    published text)."""
    with transaction.atomic():
        annonce, revision = _moderer(annonce_id, par, today, "publier")
        if revision is None:
            _valider_dates(annonce, today)
            annonce.publiee_le = today
            _decider(annonce, TRANSITIONS_ANNONCE["publier"][1], "", par, today)
            return annonce
        _valider_dates(revision, today)
        for champ in CHAMPS_CONTENU:
            setattr(annonce, champ, getattr(revision, champ))
        annonce.publiee_le = today
        _decider(annonce, StatutAnnonce.PUBLIEE, "", par, today)
        _decider(revision, StatutRevision.PUBLIEE, "", par, today)
        return annonce


def annonce_demander_correction(*, annonce_id: int, motif: str, par, today: datetime.date) -> Annonce:
    """A moderator sends the ad (or its change) back to its author with what to correct."""
    with transaction.atomic():
        annonce, revision = _moderer(annonce_id, par, today, "demander_correction", motif)
        if revision is None:
            _decider(annonce, TRANSITIONS_ANNONCE["demander_correction"][1], motif, par, today)
        else:
            _decider(revision, StatutRevision.CORRECTION_DEMANDEE, motif, par, today)
        return annonce


def annonce_refuser(*, annonce_id: int, motif: str, par, today: datetime.date) -> Annonce:
    """A moderator refuses the ad (or its change: the published text stays), with the reason."""
    with transaction.atomic():
        annonce, revision = _moderer(annonce_id, par, today, "refuser", motif)
        if revision is None:
            _decider(annonce, TRANSITIONS_ANNONCE["refuser"][1], motif, par, today)
        else:
            _decider(revision, StatutRevision.REFUSEE, motif, par, today)
        return annonce


def annonces_expirer(*, par, today: datetime.date) -> int:
    """Every morning (beat): the published ads whose end date has passed become `expiree`, their pending change
    abandoned. A missed day is caught up, a second run changes nothing. Returns the number expired."""
    exiger(par, "annonces.annonces_expirer", date=today)
    depart, arrivee = TRANSITIONS_ANNONCE["expirer"]
    with transaction.atomic():
        annonces = list(
            Annonce.objects.select_for_update().filter(statut__in=depart, date_fin__lt=today).order_by("pk")
        )
        for annonce in annonces:
            revision = _revision(annonce)
            if revision is not None:
                revision.statut = StatutRevision.ABANDONNEE
                enregistrer(revision, par=par)
            annonce.statut = arrivee
            enregistrer(annonce, par=par)
    return len(annonces)


def annonce_repondre(*, annonce_id: int, texte: str, par, today: datetime.date) -> MessageAnnonce:
    """A doctor answers a published ad: his message is recorded and e-mailed to the author (envoi programmé)."""
    from tableau.selectors import medecin_de

    from .. import selectors, tasks

    with transaction.atomic():
        annonce = (
            Annonce.objects.select_related("auteur")
            .filter(selectors.publiques_q(today))
            .filter(pk=annonce_id)
            .select_for_update(of=("self",))
            .first()
        )
        if annonce is None:
            raise ValidationError("Cette annonce n'est plus publiée : elle ne reçoit plus de message.")
        exiger(par, "annonces.annonce_repondre", objet=annonce, date=today)
        expediteur = medecin_de(par)
        if expediteur is None:
            raise PermissionDenied("Seul un médecin connecté à son espace répond à une annonce.")
        if expediteur.pk == annonce.auteur_id:
            raise ValidationError("C'est votre annonce : vous ne pouvez pas vous écrire à vous-même.")
        texte = (texte or "").strip()
        if not texte:
            raise ValidationError({"texte": "Écrivez votre message à l'auteur de l'annonce."})
        if not annonce.auteur.email:
            raise ValidationError(
                "L'auteur de cette annonce ne peut pas recevoir de message pour le moment : réessayez plus tard, "
                "ou contactez le conseil."
            )
        message = enregistrer(
            MessageAnnonce(annonce=annonce, expediteur=expediteur, texte=texte, envoye_le=today), par=par
        )
        envois_programmer(
            nature=NatureEnvoi.REPONSE_ANNONCE,
            objet=message,
            adresses=[annonce.auteur.email],
            tache=tasks.reponse_annonce_envoyer,
            par=par,
        )
        return message
