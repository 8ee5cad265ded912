"""Sessions: creation, convocation, opening, closing, agenda, minutes (seed 002 L.I T.II 4)."""

import datetime
import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from commun.models import NatureEnvoi
from commun.selectors import envois_en_attente
from commun.services import envois_programmer
from config.perms import exiger
from gouvernance import selectors, tasks
from gouvernance.models import (
    FONCTIONS_BUREAU,
    TRANSITIONS_SEANCE,
    TYPES_PLENIERS,
    Commission,
    DemandeInscriptionPoint,
    DemandeSeanceExtraordinaire,
    Fonction,
    ModeSeance,
    Qualite,
    Seance,
    StatutSeance,
    TypeFonction,
    TypeSeance,
)

from ._commun import _d, _enregistrer

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
    exiger(par, "gouvernance.seance_gerer")
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
    exiger(par, "gouvernance.seance_gerer")
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
    L.I 3.1). Returns the number of e-mails whose sending is programmed; the task sets `convocation_envoyee_le`
    to the day they really left (commun/tasks.py)."""
    exiger(par, "gouvernance.seance_gerer", date=today)
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
        _enregistrer(seance, par=par, update_fields=["statut"])
        # The e-mails leave from a Celery task; `convocation_envoyee_le` is set by it when they really left.
        envois_programmer(
            nature=NatureEnvoi.CONVOCATION, objet=seance, adresses=adresses, tache=tasks.convocations_envoyer, par=par
        )
    return len(adresses)


def seance_ouvrir(*, seance: Seance, par) -> Seance:
    """Open the session: the quorum is assessed at the opening from the register (seed 002 L.I 4.2)."""
    exiger(par, "gouvernance.seance_conduire", objet=seance)
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
    exiger(par, "gouvernance.seance_conduire", objet=seance)
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
    action = "seance_gerer" if seance.statut == StatutSeance.PREVUE else "seance_ajouter_point"
    exiger(par, f"gouvernance.{action}", objet=seance)
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
    exiger(par, "gouvernance.seance_gerer")
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
    (seed 002 L.I 4.5). The PDF goes attached to each e-mail. Sending again is allowed (a member lost it) once the
    previous send is done; the task sets `pv_envoye_le` to the day the e-mails really left (commun/tasks.py).
    Returns the number of e-mails whose sending is programmed."""
    exiger(par, "gouvernance.seance_gerer", date=today)
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
        if envois_en_attente(nature=NatureEnvoi.PROCES_VERBAL, objet=seance):
            raise ValidationError(
                {
                    "seance": "L'envoi du projet de procès-verbal est déjà programmé et pas encore terminé : "
                    "attendez qu'il parte (les envois en échec se relancent depuis l'administration, « Envois de "
                    "courriels »)."
                }
            )
        envois = envois_programmer(
            nature=NatureEnvoi.PROCES_VERBAL,
            objet=seance,
            adresses=adresses,
            tache=tasks.proces_verbal_envoyer,
            par=par,
            nouveau_lot=True,
        )
    return len(envois)


def seance_noter_envoi_convocation(*, envoi, par) -> None:
    """Called by the sending task once a convocation e-mail left: the session keeps the day the last one did."""
    _noter_envoi(envoi=envoi, champ="convocation_envoyee_le", par=par)


def seance_noter_envoi_proces_verbal(*, envoi, par) -> None:
    """Called by the sending task once an e-mail of the draft minutes left: the day the last one did."""
    _noter_envoi(envoi=envoi, champ="pv_envoye_le", par=par)


def _noter_envoi(*, envoi, champ: str, par) -> None:
    exiger(par, "gouvernance.envoi_noter")
    jour = timezone.localdate(envoi.envoye_le)
    seance = Seance.objects.select_for_update().get(pk=envoi.objet_id)
    if getattr(seance, champ) is None or getattr(seance, champ) < jour:
        setattr(seance, champ, jour)
        _enregistrer(seance, par=par, update_fields=[champ])


def seance_adopter_proces_verbal(*, seance: Seance, en_seance: Seance, observations: str = "", par) -> Seance:
    """The minutes are adopted at the next session, after the observations are recorded (seed 002 L.I 4.5)."""
    exiger(par, "gouvernance.seance_gerer")
    if en_seance.date <= seance.date or en_seance.type not in TYPES_PLENIERS:
        raise ValidationError({"en_seance": "Le procès-verbal est adopté lors d'une séance plénière ultérieure."})
    with transaction.atomic():
        seance = Seance.objects.select_for_update().get(pk=seance.pk)
        seance.pv_adopte_en = en_seance
        seance.pv_observations = (observations or "").strip()
        _enregistrer(seance, par=par, update_fields=["pv_adopte_en", "pv_observations"])
    return seance
