"""The export to the public booking agenda (RDV Service Public; issue 13 point 4): an RFC 5545 calendar and a CSV
of the same rows.

One VEVENT per day: a UID that never changes (the row's id), a SEQUENCE that grows each time the day changes
(moved, place changed, cancelled: the counter stored on the row), DTSTAMP, times in the place's time zone
(`DTSTART;TZID=Europe/Paris:…`, with its VTIMEZONE: the offsets and the dates of the daylight-saving changes around
the days exported, worked out from the zone database), a cancelled day kept with STATUS:CANCELLED. A day whose
volunteer no longer passes the checks of the register (struck off since) is exported cancelled too.

Written here rather than through a library: a calendar is a few lines of text; tests/solidarite/test_agenda.py
reads it back with `icalendar` (the calendar library of pyproject.toml)."""

import csv
import datetime
import io
import zoneinfo

from django.conf import settings

PRODID = "-//Ordre des médecins//Solidarité territoriale//FR"
UTC = datetime.UTC


def _echapper(texte: str) -> str:
    """RFC 5545 3.3.11: backslash, semicolon, comma and newlines escaped."""
    return (
        str(texte)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _plier(ligne: str) -> str:
    """RFC 5545 3.1: lines of at most 75 octets, continued by CRLF and a space (never inside a UTF-8 character)."""
    morceaux, courant, taille = [], "", 0
    for caractere in ligne:
        octets = len(caractere.encode())
        if taille + octets > (75 if not morceaux else 74):
            morceaux.append(courant)
            courant, taille = "", 0
        courant += caractere
        taille += octets
    morceaux.append(courant)
    return "\r\n ".join(morceaux)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(date: datetime.date, heure: datetime.time) -> str:
    return datetime.datetime.combine(date, heure).strftime("%Y%m%dT%H%M%S")


def _decalage(delta: datetime.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    signe = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{signe}{minutes // 60:02d}{minutes % 60:02d}"


def _transitions(zone: zoneinfo.ZoneInfo, annees: range) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The instants (UTC) where the zone's offset changes in these years, each with the instant just before."""
    resultat = []
    debut = datetime.datetime(annees.start, 1, 1, tzinfo=UTC)
    fin = datetime.datetime(annees.stop, 1, 1, tzinfo=UTC)
    pas = datetime.timedelta(days=1)
    moment = debut
    while moment < fin:
        suivant = moment + pas
        if moment.astimezone(zone).utcoffset() != suivant.astimezone(zone).utcoffset():
            bas, haut = moment, suivant  # the change lies between: narrow it down to the minute
            while haut - bas > datetime.timedelta(minutes=1):
                milieu = bas + (haut - bas) / 2
                if milieu.astimezone(zone).utcoffset() == bas.astimezone(zone).utcoffset():
                    bas = milieu
                else:
                    haut = milieu
            haut = haut.replace(second=0, microsecond=0)
            resultat.append((haut - datetime.timedelta(minutes=1), haut))
        moment = suivant
    return resultat


def vtimezone(nom: str, annees: range) -> list[str]:
    """The VTIMEZONE of `nom` over `annees`: one STANDARD or DAYLIGHT block per change of offset."""
    zone = zoneinfo.ZoneInfo(nom)
    lignes = ["BEGIN:VTIMEZONE", f"TZID:{nom}"]
    transitions = _transitions(zone, annees)
    if not transitions:
        instant = datetime.datetime(annees.start, 1, 1, tzinfo=UTC).astimezone(zone)
        decalage = _decalage(instant.utcoffset())
        lignes += [
            "BEGIN:STANDARD",
            f"DTSTART:{annees.start}0101T000000",
            f"TZOFFSETFROM:{decalage}",
            f"TZOFFSETTO:{decalage}",
            f"TZNAME:{instant.tzname()}",
            "END:STANDARD",
        ]
    for avant, apres in transitions:
        de, vers = avant.astimezone(zone), apres.astimezone(zone)
        bloc = "DAYLIGHT" if vers.dst() else "STANDARD"
        # DTSTART: the local time of the change, read on the clock before it (RFC 5545 3.6.5).
        depart = (apres + de.utcoffset()).replace(tzinfo=None)
        lignes += [
            f"BEGIN:{bloc}",
            f"DTSTART:{depart:%Y%m%dT%H%M%S}",
            f"TZOFFSETFROM:{_decalage(de.utcoffset())}",
            f"TZOFFSETTO:{_decalage(vers.utcoffset())}",
            f"TZNAME:{vers.tzname()}",
            f"END:{bloc}",
        ]
    lignes.append("END:VTIMEZONE")
    return lignes


def _annule(journee, exclus: set[int]) -> bool:
    return journee.statut == "annulee" or journee.volontaire_id in exclus


def _resume(journee) -> str:
    return f"Consultations de solidarité territoriale – Dr {journee.medecin.nom_complet}"


def _lieu(journee) -> str:
    lieu = journee.lieu
    return f"{lieu.nom}, {lieu.adresse}, {lieu.code_postal} {lieu.commune}"


def calendrier(journees, *, nom: str, exclus: set[int] = frozenset()) -> bytes:
    """The calendar of these days (each with `lieu`, `medecin`, `volontaire_id` loaded). `exclus`: the volunteers
    who no longer pass the checks (their days are exported cancelled)."""
    journees = list(journees)
    fuseaux: dict[str, set[int]] = {}
    for j in journees:
        fuseaux.setdefault(j.lieu.fuseau_horaire, set()).add(j.date.year)
    lignes = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_echapper(nom)}",
    ]
    for fuseau, annees in sorted(fuseaux.items()):
        lignes += vtimezone(fuseau, range(min(annees), max(annees) + 1))
    for j in journees:
        tz = j.lieu.fuseau_horaire
        annule = _annule(j, exclus)
        description = "Journée annulée." if annule else "Journée de consultations sur rendez-vous."
        if j.statut == "annulee" and j.motif_annulation:
            description = f"Journée annulée : {j.motif_annulation}"
        lignes += [
            "BEGIN:VEVENT",
            f"UID:{j.uid}",
            f"SEQUENCE:{j.sequence}",
            f"DTSTAMP:{_utc(j.modifiee_le)}",
            f"LAST-MODIFIED:{_utc(j.modifiee_le)}",
            f"DTSTART;TZID={tz}:{_local(j.date, j.debut)}",
            f"DTEND;TZID={tz}:{_local(j.date, j.fin)}",
            f"SUMMARY:{_echapper(_resume(j))}",
            f"LOCATION:{_echapper(_lieu(j))}",
            f"DESCRIPTION:{_echapper(description)}",
            f"STATUS:{'CANCELLED' if annule else 'CONFIRMED'}",
            "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
    lignes.append("END:VCALENDAR")
    return ("\r\n".join(_plier(ligne) for ligne in lignes) + "\r\n").encode()


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


def _instant(journee, heure) -> datetime.datetime:
    return datetime.datetime.combine(journee.date, heure, tzinfo=zoneinfo.ZoneInfo(journee.lieu.fuseau_horaire))


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
