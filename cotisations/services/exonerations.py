"""The hardship exemption request (DOMAIN.md 2; seed 002 L.II T.III 1.3): filed with its documents, put on the
next plenary's agenda under an anonymous file number, decided by the plenary (accordée at 50 % or 100 %,
refusée, or incomplète when the council is insufficiently informed), the doctor told of the outcome.

« En cas d'insuffisance de ressources : les médecins peuvent bénéficier d'une exonération totale ou partielle, au
cas par cas. […] La décision […] est prise en séance plénière et figure au procès-verbal des délibérations. Le
demandeur fournit au conseil départemental tous les documents qu'il juge utile pour faire apprécier sa situation.
Ce dernier est en droit de refuser l'exonération s'il s'estime insuffisamment renseigné. Le conseil aura à
apprécier uniquement la situation professionnelle du demandeur. L'exonération est soit totale soit de 50 %. »

The public extract of the minutes must not name the doctor: the agenda line lists file numbers only
(`LIBELLE_ORDRE_DU_JOUR`), and a deliberation that names him must be an individual decision (gouvernance's
extract then anonymises it, gouvernance/documents.py).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from commun.fichiers import TYPES_DOCUMENTS, stockage, verifier_fichier
from commun.models import NatureEnvoi
from commun.services import enregistrer, envois_programmer, verrouiller
from config.perms import exiger
from gouvernance.models import TYPES_PLENIERS, Deliberation, Seance, StatutSeance

from .. import selectors, tasks
from ..models import (
    STATUTS_OUVERTS,
    TRANSITIONS_DEMANDE,
    Cotisation,
    DemandeExoneration,
    MotifExoneration,
    PieceDemande,
    StatutCotisation,
    StatutDemande,
)
from .appel import TAUX_INSUFFISANCE, exoneration_accorder

DOSSIER_PIECES = "cotisations/exonerations"
PIECES_MAX = 10
EXPOSE_MINIMUM = 30
LIBELLE_ORDRE_DU_JOUR = "Demandes d'exonération de cotisation pour insuffisance de ressources"


def _d(date: datetime.date) -> str:
    return f"{date:%d/%m/%Y}"


def numero_dossier(annee: int, sequence: int) -> str:
    return f"D-{annee}-{sequence:03d}"


def _taux(taux, champ: str) -> int:
    try:
        taux = int(taux)
    except (TypeError, ValueError):
        taux = None
    if taux not in TAUX_INSUFFISANCE:
        raise ValidationError(
            {champ: ["L'exonération pour insuffisance de ressources est de 50 % ou de 100 %, rien d'autre."]}
        )
    return taux


def _pieces_verifiees(fichiers, *, obligatoire: bool):
    """Every upload checked (content, size) before anything is written; all the refusals at once."""
    fichiers = [f for f in (fichiers or []) if f]
    if not fichiers:
        if obligatoire:
            raise ValidationError(
                {
                    "fichiers": [
                        "Joignez au moins un document qui établit votre situation professionnelle (PDF, JPEG ou PNG)."
                    ]
                }
            )
        return []
    if len(fichiers) > PIECES_MAX:
        raise ValidationError({"fichiers": [f"Joignez au plus {PIECES_MAX} documents à la fois."]})
    verifies, erreurs = [], []
    for fichier in fichiers:
        try:
            verifies.append(verifier_fichier(fichier, types=TYPES_DOCUMENTS, champ="fichiers"))
        except ValidationError as exc:
            erreurs.extend(exc.message_dict["fichiers"])
    if erreurs:
        raise ValidationError({"fichiers": erreurs})
    return verifies


def _ranger_pieces(demande, verifies, *, ranger, par, today) -> list[PieceDemande]:
    pieces = []
    for verifie in verifies:
        piece = PieceDemande(
            demande=demande,
            nom_original=verifie.nom,
            taille=verifie.taille,
            type_contenu=verifie.type.type_contenu,
            sha256=verifie.sha256,
            deposee_le=today,
            deposee_par=par,
        )
        piece.fichier.name = ranger(verifie)
        pieces.append(enregistrer(piece, par=par))
    return pieces


# --- filing ---------------------------------------------------------------------------------------------------


def demande_exoneration_deposer(
    *, cotisation: Cotisation, taux, expose: str, fichiers=(), par, today: datetime.date
) -> DemandeExoneration:
    """A doctor asks the exemption of his dues of a year for insufficient resources, at 50 % or 100 %, with an
    account of his professional situation and the documents he judges useful; staff may file it for him. The
    request gets its file number (D-AAAA-NNN, per year of filing) and waits for the next plenary."""
    exiger(par, "cotisations.exoneration_demander", objet=cotisation, date=today)
    erreurs = {}
    try:
        taux = _taux(taux, "taux_demande")
    except ValidationError as exc:
        erreurs.update(exc.message_dict)
    expose = (expose or "").strip()
    if len(expose) < EXPOSE_MINIMUM:
        erreurs["expose"] = [
            f"Exposez votre situation professionnelle en quelques phrases (au moins {EXPOSE_MINIMUM} caractères) : "
            "activité, revenus professionnels, événement qui l'a changée. Le conseil n'apprécie que la situation "
            "professionnelle."
        ]
    if cotisation.medecin_id is None:
        erreurs["cotisation"] = ["Seul un médecin demande une exonération pour insuffisance de ressources."]
    try:
        verifies = _pieces_verifiees(fichiers, obligatoire=True)
    except ValidationError as exc:
        erreurs.update(exc.message_dict)
    if erreurs:
        raise ValidationError(erreurs)
    return _deposer(cotisation=cotisation, taux=taux, expose=expose, verifies=verifies, par=par, today=today)


def _deposer(*, cotisation, taux: int, expose: str, verifies, par, today: datetime.date) -> DemandeExoneration:
    """Write the request (its file number, its documents) once everything is checked: the dues still due, not
    already exempted at that rate, no other request open on them."""
    try:
        with stockage(DOSSIER_PIECES) as ranger, transaction.atomic():
            cotisation = Cotisation.objects.select_for_update().get(pk=cotisation.pk)
            if cotisation.statut != StatutCotisation.DUE:
                raise ValidationError(
                    {
                        "cotisation": [
                            f"La cotisation {cotisation.annee} est {cotisation.get_statut_display().lower()} : il n'y "
                            "a plus rien à exonérer."
                        ]
                    }
                )
            if cotisation.exoneration_taux is not None and cotisation.exoneration_taux >= taux:
                raise ValidationError(
                    {
                        "taux_demande": [
                            f"La cotisation {cotisation.annee} est déjà exonérée à {cotisation.exoneration_taux} %."
                        ]
                    }
                )
            en_cours = cotisation.demandes_exoneration.filter(statut__in=STATUTS_OUVERTS).first()
            if en_cours is not None:
                raise ValidationError(
                    {
                        "cotisation": [
                            f"La demande {en_cours.numero} est déjà en cours pour la cotisation {cotisation.annee} "
                            f"({en_cours.get_statut_display().lower()})."
                        ]
                    }
                )
            annee = today.year
            verrouiller(f"cotisations.demande_exoneration.numero.{annee}")
            sequence = (DemandeExoneration.objects.filter(annee_depot=annee).aggregate(m=Max("sequence"))["m"] or 0) + 1
            demande = enregistrer(
                DemandeExoneration(
                    numero=numero_dossier(annee, sequence),
                    annee_depot=annee,
                    sequence=sequence,
                    cotisation=cotisation,
                    taux_demande=taux,
                    expose=expose,
                    deposee_le=today,
                    deposee_par=par,
                ),
                par=par,
            )
            _ranger_pieces(demande, verifies, ranger=ranger, par=par, today=today)
    except IntegrityError as exc:  # the database's constraints, should a write slip past the locks above
        raise ValidationError(
            {
                "cotisation": [
                    f"Une autre demande a été enregistrée au même instant pour la cotisation {cotisation.annee} : "
                    "rechargez la page de vos demandes avant de recommencer."
                ]
            }
        ) from exc
    return demande


def demande_exoneration_proposer(
    *, cotisation: Cotisation, taux, expose: str, par, today: datetime.date
) -> DemandeExoneration:
    """A body of the council that holds a confidential file (the entraide commission, entraide.services.aides)
    proposes the exemption of a doctor's dues for insufficient resources: the request is the same (its anonymous
    file number, the next plenary's agenda, the plenary's decision), without documents, which stay in that body's
    file. Called by that body's service once it checked its own rule, as the system user (« déposée par » is then
    the council, not a named member)."""
    exiger(par, "cotisations.exoneration_demander", objet=cotisation, date=today)
    taux = _taux(taux, "taux")
    expose = (expose or "").strip()
    if len(expose) < EXPOSE_MINIMUM:
        raise ValidationError({"expose": [f"L'exposé de la proposition compte au moins {EXPOSE_MINIMUM} caractères."]})
    if cotisation.medecin_id is None:
        raise ValidationError(
            {"cotisation": ["Seul un médecin bénéficie d'une exonération pour insuffisance de ressources."]}
        )
    return _deposer(cotisation=cotisation, taux=taux, expose=expose, verifies=[], par=par, today=today)


def demande_exoneration_completer(
    *, demande: DemandeExoneration, fichiers=(), complement: str = "", par, today: datetime.date
) -> DemandeExoneration:
    """The council asked for more (incomplète): the doctor adds documents and, if he wants, a few words to his
    account; the request then waits again for the next plenary."""
    exiger(par, "cotisations.exoneration_completer", objet=demande, date=today)
    complement = (complement or "").strip()
    verifies = _pieces_verifiees(fichiers, obligatoire=not complement)
    with stockage(DOSSIER_PIECES) as ranger, transaction.atomic():
        demande = DemandeExoneration.objects.select_for_update().get(pk=demande.pk)
        if demande.statut != StatutDemande.INCOMPLETE:
            raise ValidationError(
                {
                    "fichiers": [
                        f"La demande {demande.numero} est {demande.get_statut_display().lower()} : elle ne se complète "
                        "que lorsque le conseil a demandé des informations."
                    ]
                }
            )
        _ranger_pieces(demande, verifies, ranger=ranger, par=par, today=today)
        if complement:
            demande.expose = f"{demande.expose}\n\nComplément du {_d(today)} :\n{complement}"
        demande.statut = StatutDemande.DEPOSEE
        demande.completee_le = today
        enregistrer(demande, par=par)
    return demande


# --- the agenda of the plenary ------------------------------------------------------------------------------------


def ligne_ordre_du_jour(numeros: list[str]) -> str:
    """The agenda line, without any name: « Demandes d'exonération … (2 dossiers : D-2026-001, D-2026-002) »."""
    n = len(numeros)
    return f"{LIBELLE_ORDRE_DU_JOUR} ({n} dossier{'s' if n > 1 else ''} : {', '.join(numeros)})"


def demandes_exoneration_inscrire(
    *, par, today: datetime.date, seance: Seance | None = None, demandes=None
) -> tuple[Seance, list[DemandeExoneration]]:
    """Put the waiting requests (all, or those given) on the agenda of the next plenary (or of `seance`): one agenda
    line lists the anonymous file numbers of every request on that session's agenda, replaced as requests are
    added. Only while the agenda is being prepared (before the convocation sends it). Returns the session and the
    requests put on it."""
    exiger(par, "cotisations.exonerations_inscrire", date=today)
    if seance is None:
        seance = selectors.prochaine_pleniere(today)
        if seance is None:
            raise ValidationError(
                {
                    "seance": [
                        f"Aucune séance plénière n'est prévue à partir du {_d(today)} avec un ordre du jour encore "
                        "ouvert : enregistrez d'abord la prochaine plénière (gouvernance)."
                    ]
                }
            )
    with transaction.atomic():
        seance = Seance.objects.select_for_update().get(pk=seance.pk)
        if seance.type not in TYPES_PLENIERS:
            raise ValidationError(
                {"seance": [f"{seance} n'est pas une séance plénière : seule la plénière décide de l'exonération."]}
            )
        if seance.date < today:
            raise ValidationError({"seance": [f"La séance du {_d(seance.date)} est passée."]})
        if seance.statut != StatutSeance.PREVUE:
            raise ValidationError(
                {
                    "seance": [
                        f"L'ordre du jour de la séance du {_d(seance.date)} a déjà été envoyé "
                        f"({seance.get_statut_display().lower()}) : inscrivez les demandes à la plénière suivante."
                    ]
                }
            )
        attente = DemandeExoneration.objects.select_for_update(of=("self",)).filter(
            selectors.demandes_en_attente_q(today)
        )
        if demandes is not None:
            voulues = {d.pk for d in demandes}
            choisies = list(attente.filter(pk__in=voulues).order_by("annee_depot", "sequence"))
            autres = DemandeExoneration.objects.filter(pk__in=voulues - {d.pk for d in choisies})
            if autres:
                raise ValidationError(
                    {
                        "demandes": [
                            f"La demande {d.numero} n'attend pas de plénière ({d.get_statut_display().lower()})."
                            for d in autres.order_by("annee_depot", "sequence")
                        ]
                    }
                )
        else:
            choisies = list(attente.order_by("annee_depot", "sequence"))
        if not choisies:
            raise ValidationError({"demandes": ["Aucune demande d'exonération n'attend la prochaine plénière."]})
        for demande in choisies:
            if StatutDemande.INSCRITE not in TRANSITIONS_DEMANDE[demande.statut]:  # pragma: no cover - the filter
                raise ValidationError(f"La demande {demande.numero} ne peut pas être inscrite.")
            demande.statut = StatutDemande.INSCRITE
            demande.seance = seance
            demande.inscrite_le = today
            enregistrer(demande, par=par)
        numeros = list(
            DemandeExoneration.objects.filter(seance=seance, statut=StatutDemande.INSCRITE)
            .order_by("annee_depot", "sequence")
            .values_list("numero", flat=True)
        )
        points = [p for p in seance.ordre_du_jour if not p.startswith(LIBELLE_ORDRE_DU_JOUR)]
        ancien = next((i for i, p in enumerate(seance.ordre_du_jour) if p.startswith(LIBELLE_ORDRE_DU_JOUR)), None)
        ligne = ligne_ordre_du_jour(numeros)
        if ancien is None:
            points.append(ligne)
        else:
            points.insert(ancien, ligne)
        seance.ordre_du_jour = points
        enregistrer(seance, par=par, update_fields=["ordre_du_jour"])
    return seance, choisies


# --- the plenary's decision ---------------------------------------------------------------------------------------


def _mots_du_nom(medecin) -> list[str]:
    return [m for m in re.split(r"[\s'’-]+", f"{medecin.nom}") if len(m) > 2]


def _verifier_deliberation(demande: DemandeExoneration, deliberation: Deliberation | None) -> None:
    """The decision cites the adopted deliberation of the plenary on whose agenda the request is; if it names the
    doctor, it must be an individual decision, so that the publishable extract anonymises it."""
    if deliberation is None:
        raise ValidationError(
            {"deliberation": ["Citez la délibération de la séance plénière qui a statué sur la demande."]}
        )
    if deliberation.seance.type not in TYPES_PLENIERS or not deliberation.adoptee:
        raise ValidationError(
            {
                "deliberation": [
                    f"La délibération {deliberation.numero} n'est pas une décision adoptée en séance plénière : seule "
                    "la plénière statue sur l'exonération pour insuffisance de ressources."
                ]
            }
        )
    if deliberation.seance_id != demande.seance_id:
        raise ValidationError(
            {
                "deliberation": [
                    f"La délibération {deliberation.numero} est de la séance du {_d(deliberation.seance.date)} ; la "
                    f"demande {demande.numero} est inscrite à celle du {_d(demande.seance.date)}."
                ]
            }
        )
    medecin = demande.cotisation.medecin
    textes = f"{deliberation.objet}\n{deliberation.motivation}"
    nomme = (medecin.rpps and medecin.rpps in textes) or any(
        re.search(rf"(?<![\w-]){re.escape(m)}(?![\w-])", textes, flags=re.IGNORECASE) for m in _mots_du_nom(medecin)
    )
    if nomme and not deliberation.individuelle:
        raise ValidationError(
            {
                "deliberation": [
                    f"La délibération {deliberation.numero} nomme le demandeur sans être une décision individuelle : "
                    "l'extrait publiable du procès-verbal le nommerait. Marquez-la décision individuelle (le médecin "
                    f"concerné) ou citez le dossier {demande.numero} plutôt que son nom."
                ]
            }
        )


def _decider(demande: DemandeExoneration, statut: str, *, deliberation, par, today, **champs) -> DemandeExoneration:
    demande = (
        DemandeExoneration.objects.select_for_update(of=("self",))
        .select_related("cotisation__medecin", "seance")
        .get(pk=demande.pk)
    )
    if demande.statut != StatutDemande.INSCRITE or statut not in TRANSITIONS_DEMANDE[demande.statut]:
        if demande.statut == StatutDemande.DEPOSEE:
            message = (
                f"La demande {demande.numero} n'est inscrite à l'ordre du jour d'aucune plénière : inscrivez-la "
                "d'abord, la plénière statue ensuite."
            )
        else:
            message = f"La demande {demande.numero} est déjà {demande.get_statut_display().lower()}."
        raise ValidationError({"statut": [message]})
    _verifier_deliberation(demande, deliberation)
    demande.statut = statut
    demande.deliberation = deliberation
    demande.decidee_le = deliberation.seance.date
    for champ, valeur in champs.items():
        setattr(demande, champ, valeur)
    enregistrer(demande, par=par)
    medecin = demande.cotisation.medecin
    envois_programmer(
        nature=NatureEnvoi.EXONERATION_DECISION,
        objet=demande,
        adresses=[medecin.email] if medecin.email else [],
        tache=tasks.exoneration_decision_envoyer,
        par=par,
        nouveau_lot=True,  # an incomplete request decided again later: a second message, numbered after the first
    )
    return demande


def demande_exoneration_accorder(
    *, demande: DemandeExoneration, taux, deliberation: Deliberation | None, par, today: datetime.date
) -> DemandeExoneration:
    """The plenary granted the exemption, at 50 % or 100 % (not necessarily the rate asked): the dues are exempted
    (cotisations.exoneration_accorder, citing the deliberation) and the doctor told."""
    exiger(par, "cotisations.exoneration_decider", objet=demande, date=today)
    taux = _taux(taux, "taux")
    with transaction.atomic():
        demande = _decider(
            demande,
            StatutDemande.ACCORDEE,
            deliberation=deliberation,
            par=par,
            today=today,
            taux_accorde=taux,
            motif_decision="",
        )
        exoneration_accorder(
            cotisation=demande.cotisation,
            motif=MotifExoneration.INSUFFISANCE_RESSOURCES,
            taux=taux,
            deliberation=deliberation,
            par=par,
            today=today,
        )
    return demande


def demande_exoneration_refuser(
    *,
    demande: DemandeExoneration,
    motif: str,
    deliberation: Deliberation | None,
    par,
    today: datetime.date,
    insuffisamment_renseigne: bool = False,
) -> DemandeExoneration:
    """The plenary refused, with its reasons. `insuffisamment_renseigne`: the council is not informed enough and
    says what it needs (the request becomes incomplète; the doctor completes it and it waits again)."""
    exiger(par, "cotisations.exoneration_decider", objet=demande, date=today)
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError(
            {
                "motif": [
                    "Indiquez les informations et les pièces que le conseil demande."
                    if insuffisamment_renseigne
                    else "Motivez le refus : le médecin reçoit les raisons de la décision du conseil."
                ]
            }
        )
    statut = StatutDemande.INCOMPLETE if insuffisamment_renseigne else StatutDemande.REFUSEE
    with transaction.atomic():
        return _decider(demande, statut, deliberation=deliberation, par=par, today=today, motif_decision=motif)
