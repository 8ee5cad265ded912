"""Deliberations: quorum, motivation, votes, notification of individual decisions (seed 002 L.I 4.3, 5)."""

import datetime
import math
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError

from commun.models import NatureEnvoi
from commun.services import auteur_historique, envois_programmer
from config.perms import exiger
from gouvernance import selectors, tasks
from gouvernance.models import (
    FONCTIONS_BUREAU,
    TYPES_PLENIERS,
    Deliberation,
    Emargement,
    Fonction,
    Majorite,
    Membre,
    ModeSeance,
    ModeVote,
    Seance,
    StatutSeance,
    TitreHonorifique,
    TypeFonction,
    VoieRecours,
    Voix,
)

from ._commun import _d, _enregistrer

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
    exiger(par, "gouvernance.deliberation", objet=seance)
    if majorite is None or majorite == "":
        majorite = Majorite.MEMBRES if titre_honorifique else Majorite.SUFFRAGES_EXPRIMES
    decompte = Decompte(pour=pour, contre=contre, abstention=abstention, voix_preponderante=voix_preponderante)
    objet, motivation = _saisie_valider(
        objet=objet,
        motivation=motivation,
        vote=vote,
        majorite=majorite,
        decompte=decompte,
        titre_honorifique=titre_honorifique,
        medecin_concerne=medecin_concerne,
        secret_demande_par=secret_demande_par,
    )
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
        salle = _salle_au_vote(seance, heure=heure, non_participants=non_participants, sortis=sortis_conflit_interets)
        _verifier_sortie_du_concerne(salle, medecin_concerne=medecin_concerne, titre_honorifique=titre_honorifique)
        if votants is not None:
            _verifier_votants(salle, votants)
        _verifier_decompte(decompte, capacite=salle.capacite, votants=votants)
        adoptee, preponderante = decompte.issue(
            majorite=majorite, titulaires=selectors.nombre_titulaires(date=seance.date)
        )
        deliberation = _numeroter_et_enregistrer(
            Deliberation(
                seance=seance,
                objet=objet,
                motivation=motivation,
                vote=vote,
                secret_demande_par=secret_demande_par,
                pour=decompte.pour,
                contre=decompte.contre,
                abstention=decompte.abstention,
                voix_preponderante=preponderante,
                majorite=majorite,
                adoptee=adoptee,
                confidentielle=confidentielle,
                individuelle=individuelle,
                medecin_concerne=medecin_concerne,
                titre_honorifique=titre_honorifique,
                heure=heure,
                voie_recours=voie_recours,
                saisie_par=par,
            ),
            par=par,
        )
        deliberation.non_participants.set(list(salle.retires.values()))
        deliberation.sortis_conflit_interets.set(list(salle.sortis.values()))
    return deliberation


@dataclass(frozen=True)
class Decompte:
    """The count of a vote: what the secretariat reads out, and what it decides (seed 002 L.I 4.3)."""

    pour: int
    contre: int
    abstention: int = 0
    voix_preponderante: str = ""

    @property
    def total(self) -> int:
        return self.pour + self.contre + self.abstention

    def erreurs(self) -> dict[str, str]:
        erreurs = {}
        for champ in ("pour", "contre", "abstention"):
            valeur = getattr(self, champ)
            if not isinstance(valeur, int) or valeur < 0:
                erreurs[champ] = "Un nombre de voix positif ou nul est attendu."
        if self.voix_preponderante not in ("", *Voix.values):
            erreurs["voix_preponderante"] = "La voix prépondérante est « pour » ou « contre »."
        return erreurs

    def issue(self, *, majorite: str, titulaires: int) -> tuple[bool, str]:
        """(adopted, the casting vote kept): the majority of votes cast (abstentions are not cast), the président's
        casting vote on a tie; or the absolute majority of the titular members for the decisions that require it."""
        if majorite == Majorite.MEMBRES:
            return self.pour >= selectors.majorite_absolue(titulaires), ""
        if self.pour == self.contre and self.pour > 0:
            if not self.voix_preponderante:
                raise ValidationError(
                    {
                        "voix_preponderante": f"Partage égal des voix ({self.pour} pour, {self.contre} contre) : "
                        "indiquez le sens de la voix prépondérante du président (pour ou contre)."
                    }
                )
            return self.voix_preponderante == Voix.POUR, self.voix_preponderante
        return self.pour > self.contre, ""


@dataclass
class Salle:
    """Who is in the room at the vote: the signatures present at that time, those with a vote, those who withdrew."""

    emargements: dict[int, Emargement]
    ayant_voix: set[int]
    retires: dict[int, Membre]
    sortis: dict[int, Membre]

    @property
    def capacite(self) -> int:
        return len(self.ayant_voix - set(self.retires))


def _saisie_valider(
    *, objet, motivation, vote, majorite, decompte: Decompte, titre_honorifique, medecin_concerne, secret_demande_par
) -> tuple[str, str]:
    """Everything that can be judged from the input alone, every error at once. Returns (objet, motivation)."""
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
    erreurs.update(decompte.erreurs())
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
    return objet, motivation


def _salle_au_vote(seance: Seance, *, heure, non_participants, sortis) -> Salle:
    """The room at the time of the vote; a member can withdraw only if he is there (L.I 1.1.1.2)."""
    emargements = {
        e.membre_id: e
        for e in Emargement.objects.filter(seance=seance).select_related("membre__medecin")
        if selectors.present_a(e, heure)
    }
    sortis = {m.pk: m for m in sortis}
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
    return Salle(emargements, selectors.votants_de(seance=seance, heure=heure), retires, sortis)


def _verifier_sortie_du_concerne(salle: Salle, *, medecin_concerne, titre_honorifique: str) -> None:
    """The doctor a decision concerns leaves the room if he sits (L.I 1.1.1.2); an honorary title is granted in his
    absence (L.I 1.2)."""
    if medecin_concerne is None:
        return
    concerne = next((e.membre for e in salle.emargements.values() if e.membre.medecin_id == medecin_concerne.pk), None)
    if concerne is None or concerne.pk in salle.retires:
        return
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


def _verifier_votants(salle: Salle, votants) -> None:
    """Each named voter is present, has not withdrawn, and has a vote (a substitute replacing no one has none,
    T.II 1.3.2)."""
    for m in votants:
        if m.pk not in salle.emargements:
            raise ValidationError(
                {"votants": f"{m.medecin.nom_complet} n'est pas présent (pas d'émargement, ou parti) au vote."}
            )
        if m.pk in salle.retires:
            raise ValidationError(
                {
                    "votants": f"{m.medecin.nom_complet} s'est retiré de cette délibération (conflit d'intérêts) "
                    "et ne peut pas prendre part au vote."
                }
            )
        if m.pk not in salle.ayant_voix:
            raise ValidationError(
                {
                    "votants": f"{m.medecin.nom_complet} est suppléant et ne remplace aucun titulaire à cette "
                    "séance : il assiste sans voix délibérative."
                }
            )


def _verifier_decompte(decompte: Decompte, *, capacite: int, votants) -> None:
    if decompte.total > capacite:
        raise ValidationError(
            {
                "pour": f"{decompte.total} voix comptées (pour, contre, abstentions) pour {capacite} membres ayant voix "
                f"délibérative présents et prenant part au vote : le décompte dépasse les présents."
            }
        )
    if votants is not None and decompte.total != len({m.pk for m in votants}):
        raise ValidationError(
            {
                "votants": f"{len({m.pk for m in votants})} votants déclarés mais {decompte.total} voix comptées : le "
                "décompte ne concorde pas."
            }
        )


def _numeroter_et_enregistrer(deliberation: Deliberation, *, par) -> Deliberation:
    """Give the decision the year's next number ("2026-014") and save it; a number taken meanwhile by another
    deliberation (the unique constraint) is retried with the next."""
    annee = deliberation.seance.date.year
    deliberation.annee = annee
    for _essai in range(5):
        deliberation.sequence = (Deliberation.objects.filter(annee=annee).aggregate(m=Max("sequence"))["m"] or 0) + 1
        deliberation.numero = f"{annee}-{deliberation.sequence:03d}"
        auteur_historique(deliberation, par)
        deliberation.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                deliberation.save()
            return deliberation
        except IntegrityError:  # another deliberation took this number meanwhile
            deliberation.pk = None
            continue
    raise ValidationError({"detail": "Numérotation de la délibération impossible : réessayez."})


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
    an address. The date and the address are kept: the delay of appeal runs from the notification. They are the
    letter's (`notifiee_le`, `notifiee_a`: the postal address, the date printed on it), set here; the e-mail copy
    leaves from a Celery task and its row (commun.models.Envoi) records when it left, to which address, or why
    it failed."""
    exiger(par, "gouvernance.deliberation_notifier", objet=deliberation, date=today)
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
            # A copy by e-mail, sent by a Celery task; its own date and address are on the send's row.
            envois_programmer(
                nature=NatureEnvoi.NOTIFICATION_DECISION,
                objet=deliberation,
                adresses=[medecin.email],
                tache=tasks.notification_envoyer,
                par=par,
            )
    return deliberation


# --- means and delays of appeal ---------------------------------------------------------------------------------


def voie_recours_enregistrer(*, instance: VoieRecours, par) -> VoieRecours:
    """Add or change the means and delays of appeal a notification states (seed 002 L.I 5.2): legal texts,
    edited when the law changes, by the président or the secrétaire général (or staff so entitled)."""
    acte = "voie_recours_creer" if instance._state.adding else "voie_recours_gerer"
    exiger(par, f"gouvernance.{acte}", objet=instance)
    with transaction.atomic():
        _enregistrer(instance, par=par)
    return instance


def voie_recours_supprimer(*, instance: VoieRecours, par) -> None:
    """Remove a means of appeal no decision refers to (those referred to are kept: the letters quote them)."""
    exiger(par, "gouvernance.voie_recours_supprimer", objet=instance)
    try:
        with transaction.atomic():
            auteur_historique(instance, par)
            instance.delete()
    except ProtectedError:
        raise ValidationError(
            f"Les voies de recours « {instance} » sont indiquées dans des décisions déjà enregistrées : elles ne "
            "peuvent être supprimées ; modifiez-en le texte si la loi a changé."
        ) from None
