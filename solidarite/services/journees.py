"""Days (issue 13 point 3): each planned day is its own row (a recurrence only generates them), so one day is
moved or cancelled alone. At most two days a calendar month per doctor (cancelled days do not count): a lock on
the doctor's month is taken before counting, so two simultaneous requests cannot both take the second day. No
overlap of one doctor's days: checked here for a clear message, held by PostgreSQL's exclusion constraint
(migration 0002) when two requests race."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from commun.services import enregistrer, verrouiller
from config.perms import exiger
from tableau.models import Statut

from .. import agenda
from ..models import Journee, Lieu, StatutJournee, StatutVolontaire, Volontaire
from .volontaires import controles_export, restrictions_en_vigueur

JOURS_PAR_MOIS = 2
MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def _mois(date: datetime.date) -> str:
    return f"{MOIS[date.month - 1]} {date.year}"


def _horaires(debut: datetime.time, fin: datetime.time) -> None:
    if fin <= debut:
        raise ValidationError(
            {"fin": f"L'heure de fin ({fin:%H:%M}) doit être après l'heure de début ({debut:%H:%M})."}
        )


def _volontaire_planifiable(volontaire: Volontaire, date: datetime.date) -> None:
    if volontaire.statut != StatutVolontaire.VALIDEE:
        raise ValidationError(
            {
                "volontaire": f"La candidature est « {volontaire.get_statut_display().lower()} » : seul un volontaire "
                "validé par le conseil reçoit des journées."
            }
        )
    medecin = volontaire.medecin
    if medecin.statut != Statut.INSCRIT:
        raise ValidationError(
            {
                "volontaire": f"Le Dr {medecin.nom_complet} n'est plus inscrit au tableau "
                f"({medecin.get_statut_display().lower()}) : il ne peut plus recevoir de journées."
            }
        )
    en_vigueur = restrictions_en_vigueur(medecin, date)
    if en_vigueur:
        raise ValidationError(
            {
                "date": f"Le {date:%d/%m/%Y}, le Dr {medecin.nom_complet} ne peut pas exercer : "
                f"{en_vigueur[0].en_clair()}."
            }
        )


def _lieu_ouvert(lieu: Lieu) -> None:
    if not lieu.actif:
        raise ValidationError({"lieu": f"Le lieu « {lieu.nom} » n'est plus actif."})


def _regles_du_mois(*, medecin_id: int, date, debut, fin, exclure: int | None) -> None:
    """Under the lock of the doctor's month: the cap, then the overlap."""
    verrouiller(f"solidarite.journees.{medecin_id}.{date:%Y-%m}")
    autres = Journee.objects.filter(medecin_id=medecin_id).exclude(statut=StatutJournee.ANNULEE)
    if exclure is not None:
        autres = autres.exclude(pk=exclure)
    du_mois = autres.filter(date__year=date.year, date__month=date.month).count()
    if du_mois >= JOURS_PAR_MOIS:
        raise ValidationError(
            {
                "date": f"Le médecin a déjà {du_mois} journées de solidarité en {_mois(date)} : au plus "
                f"{JOURS_PAR_MOIS} par mois (une journée annulée ne compte pas)."
            }
        )
    chevauche = autres.filter(Q(date=date), Q(debut__lt=fin), Q(fin__gt=debut)).select_related("lieu").first()
    if chevauche is not None:
        raise ValidationError(
            {
                "debut": f"Cette journée chevauche celle du {chevauche.date:%d/%m/%Y} de {chevauche.debut:%H:%M} à "
                f"{chevauche.fin:%H:%M} ({chevauche.lieu.nom})."
            }
        )


def _enregistrer(journee: Journee, *, par, update_fields=None) -> Journee:
    try:
        with transaction.atomic():
            return enregistrer(journee, par=par, update_fields=update_fields)
    except IntegrityError:
        # Two requests at the same moment: the exclusion constraint refused the second overlapping day.
        raise ValidationError(
            {"debut": "Cette journée chevauche une autre journée du médecin, enregistrée à l'instant."}
        ) from None
    except OperationalError as erreur:
        # Two overlapping inserts checking the exclusion constraint at once may each wait for the other: PostgreSQL
        # breaks the deadlock by failing one, which is then the refused overlapping day (any other fault goes up).
        if getattr(erreur.__cause__, "pgcode", None) != "40P01" or "exclusion constraint" not in str(erreur):
            raise
        raise ValidationError(
            {"debut": "Cette journée chevauche une autre journée du médecin, enregistrée au même moment."}
        ) from None


def journee_planifier(
    *, volontaire: Volontaire, lieu: Lieu, date: datetime.date, debut, fin, par, today: datetime.date
) -> Journee:
    exiger(par, "solidarite.journee_planifier", objet=volontaire, date=today)
    _horaires(debut, fin)
    with transaction.atomic():
        volontaire = Volontaire.objects.select_related("medecin").get(pk=volontaire.pk)
        _volontaire_planifiable(volontaire, date)
        _lieu_ouvert(lieu)
        _regles_du_mois(medecin_id=volontaire.medecin_id, date=date, debut=debut, fin=fin, exclure=None)
        journee = Journee(
            volontaire=volontaire, medecin_id=volontaire.medecin_id, lieu=lieu, date=date, debut=debut, fin=fin
        )
        return _enregistrer(journee, par=par)


def dates_recurrentes(*, premiere: datetime.date, nombre: int, semaines: int = 4) -> list[datetime.date]:
    """The dates of a recurrence: `nombre` dates, one every `semaines` weeks from `premiere`."""
    if nombre < 1 or semaines < 1:
        raise ValidationError({"nombre": "Une série compte au moins une journée, espacées d'au moins une semaine."})
    return [premiere + datetime.timedelta(weeks=semaines * i) for i in range(nombre)]


def journees_planifier_serie(
    *, volontaire, lieu, premiere, nombre: int, semaines: int = 4, debut, fin, par, today
) -> list[Journee]:
    """A recurrence generates its rows, each a day of its own under the same rules; all or nothing: a day refused
    refuses the series, its message saying which day and why."""
    journees = []
    with transaction.atomic():
        for d in dates_recurrentes(premiere=premiere, nombre=nombre, semaines=semaines):
            try:
                journees.append(
                    journee_planifier(
                        volontaire=volontaire, lieu=lieu, date=d, debut=debut, fin=fin, par=par, today=today
                    )
                )
            except ValidationError as erreur:
                raise ValidationError(
                    {"serie": [f"Journée du {d:%d/%m/%Y} : {message}" for message in erreur.messages]}
                ) from None
    return journees


def _verrouiller(journee: Journee) -> Journee:
    return Journee.objects.select_for_update().select_related("volontaire__medecin", "lieu").get(pk=journee.pk)


def journee_modifier(
    *, journee: Journee, lieu: Lieu | None = None, date=None, debut=None, fin=None, par, today: datetime.date
) -> Journee:
    """Move a day (date, times, place): its SEQUENCE grows; the cap and the overlap are checked again."""
    with transaction.atomic():
        journee = _verrouiller(journee)
        exiger(par, "solidarite.journee_modifier", objet=journee, date=today)
        nouveau = {
            "lieu": lieu or journee.lieu,
            "date": date or journee.date,
            "debut": debut or journee.debut,
            "fin": fin or journee.fin,
        }
        if all(getattr(journee, c) == v for c, v in nouveau.items()):
            return journee
        _horaires(nouveau["debut"], nouveau["fin"])
        _volontaire_planifiable(journee.volontaire, nouveau["date"])
        if nouveau["lieu"] != journee.lieu:
            _lieu_ouvert(nouveau["lieu"])
        _regles_du_mois(
            medecin_id=journee.medecin_id,
            date=nouveau["date"],
            debut=nouveau["debut"],
            fin=nouveau["fin"],
            exclure=journee.pk,
        )
        for champ, valeur in nouveau.items():
            setattr(journee, champ, valeur)
        journee.sequence += 1  # the row is locked: no lost update
        journee.empreinte = ""  # this version is counted: the next feed records what it shows without a 2nd raise
        return _enregistrer(journee, par=par)


def journee_annuler(*, journee: Journee, motif: str, par, today: datetime.date) -> Journee:
    """Cancel a day: kept (the feeds say STATUS:CANCELLED), its SEQUENCE grows, it no longer counts in the cap."""
    if not (motif or "").strip():
        raise ValidationError({"motif": "Indiquez le motif de l'annulation."})
    with transaction.atomic():
        journee = _verrouiller(journee)
        exiger(par, "solidarite.journee_annuler", objet=journee, date=today)
        journee.statut = StatutJournee.ANNULEE
        journee.motif_annulation = motif.strip()
        journee.sequence += 1
        journee.empreinte = ""
        return enregistrer(journee, par=par)


def journee_effectuer(*, journee: Journee, par, today: datetime.date) -> Journee:
    """Record that the day was worked (it then earns the daily allowance). A day to come cannot be."""
    with transaction.atomic():
        journee = _verrouiller(journee)
        exiger(par, "solidarite.journee_effectuer", objet=journee, date=today)
        if journee.date > today:
            raise ValidationError(
                {"date": f"La journée du {journee.date:%d/%m/%Y} est à venir : elle se déclare effectuée ensuite."}
            )
        journee.statut = StatutJournee.EFFECTUEE
        return enregistrer(journee, par=par)


def journees_publier(journees: list[Journee], *, exclus: set[int]) -> None:
    """Before a feed or its CSV is written: each day whose event now shows something else than at its last
    publication (the place renamed, moved or in another time zone, the doctor's name, the volunteer struck off or
    back) gets its SEQUENCE raised and its DTSTAMP set to now, so that a calendar which imported it takes the new
    version. A day never published, or already raised by the service that changed it (`empreinte` emptied), only
    records its fingerprint. Two feeds written at the same moment raise a day once: each update is conditioned on
    the fingerprint it read. Two queries at most, none when nothing changed. No history row is written for these
    UPDATEs: the counter and the fingerprint derive from the change that caused them, which the place's, the
    doctor's or the checks' own history keeps (who, when, what before)."""
    nouvelles = {j.pk: agenda.empreinte(j, exclus) for j in journees}
    premieres = [j for j in journees if not j.empreinte and nouvelles[j.pk]]
    changees = [j for j in journees if j.empreinte and j.empreinte != nouvelles[j.pk]]
    if premieres:
        Journee.objects.filter(pk__in=[j.pk for j in premieres], empreinte="").update(
            empreinte=Case(*(When(pk=j.pk, then=Value(nouvelles[j.pk])) for j in premieres))
        )
        for j in premieres:
            j.empreinte = nouvelles[j.pk]
    if not changees:
        return
    maintenant = timezone.now()
    conditions = Q()
    for j in changees:
        conditions |= Q(pk=j.pk, empreinte=j.empreinte)
    Journee.objects.filter(conditions).update(
        empreinte=Case(*(When(pk=j.pk, then=Value(nouvelles[j.pk])) for j in changees)),
        sequence=F("sequence") + 1,
        modifiee_le=maintenant,
    )
    relues = {
        pk: (sequence, modifiee_le)
        for pk, sequence, modifiee_le in Journee.objects.filter(pk__in=[j.pk for j in changees]).values_list(
            "pk", "sequence", "modifiee_le"
        )
    }
    for j in changees:
        j.sequence, j.modifiee_le = relues[j.pk]
        j.empreinte = nouvelles[j.pk]


def journees_exporter(journees, *, par, today: datetime.date) -> tuple[list[Journee], set[int]]:
    """What every feed and CSV does first (a place's, a volunteer's, the secret link's): re-run the checks of the
    volunteers (solidarite.services.controles_export: their evidence kept, the ids of those who no longer pass)
    and publish the days. Returns the days and those ids, for solidarite.agenda."""
    journees = list(journees)
    volontaires = list({j.volontaire_id: j.volontaire for j in journees}.values())
    exclus = controles_export(volontaires=volontaires, par=par, today=today)
    journees_publier(journees, exclus=exclus)
    return journees, exclus
