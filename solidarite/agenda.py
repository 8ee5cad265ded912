"""The export to the public booking agenda (RDV Service Public; issue 13 point 4): an RFC 5545 calendar written with
the `icalendar` library, and a CSV of the same rows.

One VEVENT per day: a UID that never changes (the row's), a SEQUENCE that grows each time what the event shows
changes, DTSTAMP (the instant of that change), times in the place's time zone (`DTSTART;TZID=Europe/Paris:…`, with
its VTIMEZONE built by icalendar from the zone database over the years exported), a cancelled day kept with
STATUS:CANCELLED. A day whose volunteer no longer passes the checks of the register (struck off since) is exported
cancelled too.

The SEQUENCE is the counter stored on the row. The services that move or cancel a day raise it; what changes
elsewhere (the place renamed, moved or given another time zone, the doctor's name, the volunteer struck off) is
caught by `empreinte`: the fingerprint of what the event shows, kept on the row at each publication
(solidarite.services.journees_publier); a feed that finds it changed raises the SEQUENCE and the DTSTAMP first."""

import csv
import datetime
import hashlib
import io
import zoneinfo

import icalendar
from django.conf import settings

PRODID = "-//Ordre des médecins//Solidarité territoriale//FR"
UTC = datetime.UTC


def _annule(journee, exclus: set[int]) -> bool:
    return journee.statut == "annulee" or journee.volontaire_id in exclus


def _resume(journee) -> str:
    return f"Consultations de solidarité territoriale – Dr {journee.medecin.nom_complet}"


def _lieu(journee) -> str:
    lieu = journee.lieu
    return f"{lieu.nom}, {lieu.adresse}, {lieu.code_postal} {lieu.commune}"


def _instant(journee, heure) -> datetime.datetime:
    return datetime.datetime.combine(journee.date, heure, tzinfo=zoneinfo.ZoneInfo(journee.lieu.fuseau_horaire))


def _contenu(journee, exclus) -> dict:
    """What the day's event shows, beyond its UID, SEQUENCE and DTSTAMP (the fingerprint is taken of it)."""
    annule = _annule(journee, exclus)
    description = "Journée annulée." if annule else "Journée de consultations sur rendez-vous."
    if journee.statut == "annulee" and journee.motif_annulation:
        description = f"Journée annulée : {journee.motif_annulation}"
    return {
        "dtstart": _instant(journee, journee.debut),
        "dtend": _instant(journee, journee.fin),
        "summary": _resume(journee),
        "location": _lieu(journee),
        "description": description,
        "status": "CANCELLED" if annule else "CONFIRMED",
    }


def empreinte(journee, exclus: set[int] = frozenset()) -> str:
    """The fingerprint of what the event shows (times with their zone, place, doctor, status, description): equal
    as long as a calendar that imported the event has nothing new to learn."""
    contenu = {**_contenu(journee, exclus), "departement": journee.lieu.departement}  # the CSV's column too
    texte = "\n".join(
        f"{nom}={valeur.isoformat() + str(valeur.tzinfo) if isinstance(valeur, datetime.datetime) else valeur}"
        for nom, valeur in contenu.items()
    )
    return hashlib.sha256(texte.encode()).hexdigest()[:32]


def calendrier(journees, *, nom: str, exclus: set[int] = frozenset()) -> bytes:
    """The calendar of these days (each with `lieu`, `medecin`, `volontaire_id` loaded). `exclus`: the volunteers
    who no longer pass the checks (their days are exported cancelled)."""
    journees = list(journees)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", nom)
    annees: dict[str, set[int]] = {}
    for j in journees:
        annees.setdefault(j.lieu.fuseau_horaire, set()).add(j.date.year)
    for fuseau, ans in sorted(annees.items()):
        cal.add_component(
            icalendar.Timezone.from_tzinfo(
                zoneinfo.ZoneInfo(fuseau),
                tzid=fuseau,
                first_date=datetime.date(min(ans) - 1, 1, 1),
                last_date=datetime.date(max(ans) + 1, 12, 31),
            )
        )
    for j in journees:
        contenu = _contenu(j, exclus)
        evenement = icalendar.Event()
        evenement.add("uid", j.uid)
        evenement.add("sequence", j.sequence)
        evenement.add("dtstamp", j.modifiee_le.astimezone(UTC))
        evenement.add("last-modified", j.modifiee_le.astimezone(UTC))
        for propriete, valeur in contenu.items():
            evenement.add(propriete, valeur)
        evenement.add("transp", "OPAQUE")
        cal.add_component(evenement)
    return cal.to_ical()


COLONNES_CSV = (
    "uid",
    "sequence",
    "statut",
    "date",
    "debut",
    "fin",
    "fuseau_horaire",
    "debut_utc",
    "fin_utc",
    "lieu",
    "adresse",
    "code_postal",
    "commune",
    "departement",
    "medecin",
)


def tableur(journees, *, exclus: set[int] = frozenset()) -> str:
    """The same rows as CSV (`;`, UTF-8 with BOM, as a spreadsheet opens it) for the booking agenda's import."""
    sortie = io.StringIO()
    sortie.write("\ufeff")
    ecrivain = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(COLONNES_CSV)
    for j in journees:
        lieu = j.lieu
        ecrivain.writerow(
            [
                j.uid,
                j.sequence,
                "annulee" if _annule(j, exclus) else j.statut,
                j.date.isoformat(),
                j.debut.strftime("%H:%M"),
                j.fin.strftime("%H:%M"),
                lieu.fuseau_horaire,
                _instant(j, j.debut).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                _instant(j, j.fin).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                lieu.nom,
                lieu.adresse,
                lieu.code_postal,
                lieu.commune,
                lieu.departement,
                f"Dr {j.medecin.nom_complet}",
            ]
        )
    return sortie.getvalue()


def nom_fichier(base: str, extension: str) -> str:
    return f"solidarite-{settings.CDOM_DEPARTEMENT}-{base}.{extension}"
