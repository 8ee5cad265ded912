"""The export to the public booking agenda (issue 13 point 4; CONTRACT.md agenda.ics / agenda.csv): one VEVENT per
day, a UID that never changes, a SEQUENCE that grows with each change, DTSTAMP, the place's time zone with its
VTIMEZONE, cancelled days kept as STATUS:CANCELLED; across the end of summer time (25 October 2026: the 24th is
UTC+2 in Paris, the 31st UTC+1); the private feed behind a revocable secret link."""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.urls import reverse

from solidarite import services
from tests import factories

from .conftest import AUJOURDHUI

pytestmark = pytest.mark.django_db

H = datetime.time
SAMEDI_ETE = datetime.date(2026, 10, 24)
SAMEDI_HIVER = datetime.date(2026, 10, 31)


def _evenements(texte: str) -> list[dict]:
    """A minimal RFC 5545 reader (unfold, split): the events' properties by name."""
    lignes = texte.replace("\r\n ", "").split("\r\n")
    evenements, courant = [], None
    for ligne in lignes:
        if ligne == "BEGIN:VEVENT":
            courant = {}
        elif ligne == "END:VEVENT":
            evenements.append(courant)
            courant = None
        elif courant is not None and ":" in ligne:
            nom, _, valeur = ligne.partition(":")
            courant[nom] = valeur
    return evenements


@pytest.fixture
def deux_samedis(volontaire, lieu):
    par = volontaire.medecin.user
    return [
        services.journee_planifier(
            volontaire=volontaire, lieu=lieu, date=d, debut=H(9), fin=H(17), par=par, today=AUJOURDHUI
        )
        for d in (SAMEDI_ETE, SAMEDI_HIVER)
    ]


def _flux_lieu(client, lieu, extension="ics"):
    return client.get(f"/api/solidarite/lieux/{lieu.pk}/agenda.{extension}")


def test_le_flux_du_lieu_est_public_et_au_format_icalendar(client, lieu, deux_samedis):
    reponse = _flux_lieu(client, lieu)
    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("text/calendar")
    texte = reponse.content.decode()
    assert texte.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and texte.endswith("END:VCALENDAR\r\n")
    evenements = _evenements(texte)
    assert len(evenements) == 2
    assert {e["UID"] for e in evenements} == {j.uid for j in deux_samedis}
    assert all("DTSTAMP" in e and e["SEQUENCE"] == "0" and e["STATUS"] == "CONFIRMED" for e in evenements)
    assert evenements[0]["DTSTART;TZID=Europe/Paris"] == "20261024T090000"
    assert evenements[1]["DTEND;TZID=Europe/Paris"] == "20261031T170000"


def test_le_vtimezone_dit_le_changement_d_heure_entre_les_deux_samedis(client, lieu, deux_samedis):
    import icalendar

    texte = _flux_lieu(client, lieu).content.decode()
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris" in texte
    # the end of summer time: 03:00 CEST becomes 02:00 CET on Sunday 25 October 2026
    fuseau = icalendar.Calendar.from_ical(texte).walk("VTIMEZONE")[0].to_tz()
    assert datetime.datetime(2026, 10, 24, 9, tzinfo=fuseau).utcoffset() == datetime.timedelta(hours=2)
    assert datetime.datetime(2026, 10, 31, 9, tzinfo=fuseau).utcoffset() == datetime.timedelta(hours=1)
    assert datetime.datetime(2026, 3, 30, 9, tzinfo=fuseau).utcoffset() == datetime.timedelta(hours=2)


def test_le_csv_donne_les_memes_lignes_et_les_heures_utc_de_part_et_d_autre(client, lieu, deux_samedis):
    reponse = _flux_lieu(client, lieu, "csv")
    assert reponse.status_code == 200 and reponse["Content-Type"].startswith("text/csv")
    lignes = list(csv.DictReader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert [ligne["uid"] for ligne in lignes] == [j.uid for j in deux_samedis]
    assert [ligne["debut_utc"] for ligne in lignes] == ["2026-10-24T07:00:00Z", "2026-10-31T08:00:00Z"]


def test_une_journee_deplacee_garde_son_uid_et_sa_sequence_grandit(client, lieu, deux_samedis, volontaire):
    avant = {e["UID"]: e for e in _evenements(_flux_lieu(client, lieu).content.decode())}
    services.journee_modifier(journee=deux_samedis[0], debut=H(10), par=volontaire.medecin.user, today=AUJOURDHUI)
    services.journee_annuler(journee=deux_samedis[1], motif="Grève", par=volontaire.medecin.user, today=AUJOURDHUI)
    apres = {e["UID"]: e for e in _evenements(_flux_lieu(client, lieu).content.decode())}
    assert set(apres) == set(avant)
    premier, second = deux_samedis[0].uid, deux_samedis[1].uid
    assert (apres[premier]["SEQUENCE"], apres[premier]["DTSTART;TZID=Europe/Paris"]) == ("1", "20261024T100000")
    assert (apres[second]["SEQUENCE"], apres[second]["STATUS"]) == ("1", "CANCELLED")  # kept, cancelled


def test_le_flux_relu_par_icalendar_garde_les_uid_et_les_decalages(client, lieu, deux_samedis, volontaire):
    import icalendar

    avant = icalendar.Calendar.from_ical(_flux_lieu(client, lieu).content)
    services.journee_modifier(journee=deux_samedis[1], fin=H(16), par=volontaire.medecin.user, today=AUJOURDHUI)
    apres = icalendar.Calendar.from_ical(_flux_lieu(client, lieu).content)
    uids = [[str(e["UID"]) for e in c.walk("VEVENT")] for c in (avant, apres)]
    assert uids[0] == uids[1] == [j.uid for j in deux_samedis]
    debuts = [e.decoded("DTSTART") for e in apres.walk("VEVENT")]
    assert [d.utcoffset() for d in debuts] == [datetime.timedelta(hours=2), datetime.timedelta(hours=1)]
    assert [int(e["SEQUENCE"]) for e in apres.walk("VEVENT")] == [0, 1]


def test_un_lieu_d_outre_mer_a_son_propre_fuseau(client, volontaire):
    cayenne = factories.LieuSolidariteFactory(fuseau_horaire="America/Cayenne", departement="973")
    volontaire.lieux.add(cayenne)
    services.journee_planifier(
        volontaire=volontaire,
        lieu=cayenne,
        date=SAMEDI_ETE,
        debut=H(8),
        fin=H(12),
        par=volontaire.medecin.user,
        today=AUJOURDHUI,
    )
    texte = _flux_lieu(client, cayenne).content.decode()
    assert "TZID:America/Cayenne" in texte and "TZOFFSETTO:-0300" in texte
    assert "DTSTART;TZID=America/Cayenne:20261024T080000" in texte
    assert zoneinfo.ZoneInfo("America/Cayenne")


def test_un_volontaire_radie_depuis_voit_ses_journees_exportees_annulees(client, lieu, deux_samedis, volontaire):
    type(volontaire.medecin).objects.filter(pk=volontaire.medecin_id).update(statut="radie")
    evenements = _evenements(_flux_lieu(client, lieu).content.decode())
    assert {e["STATUS"] for e in evenements} == {"CANCELLED"}


def test_le_flux_prive_par_lien_secret_et_sa_revocation(client, volontaire, deux_samedis):
    lien = reverse("solidarite:agenda_secret", kwargs={"token": volontaire.jeton_agenda})
    reponse = client.get(lien)
    assert reponse.status_code == 200 and len(_evenements(reponse.content.decode())) == 2
    services.jeton_renouveler(volontaire=volontaire, par=volontaire.medecin.user, today=AUJOURDHUI)
    assert client.get(lien).status_code == 404
    volontaire.refresh_from_db()
    assert client.get(reverse("solidarite:agenda_secret", kwargs={"token": volontaire.jeton_agenda})).status_code == 200


def test_le_flux_du_volontaire_pour_lui_meme_et_le_personnel_pas_pour_un_autre(
    client, volontaire, deux_samedis, autre_medecin, staff_tableau
):
    url = f"/api/solidarite/volontaires/{volontaire.pk}/agenda.ics"
    assert client.get(url).status_code in (401, 403)
    client.force_login(volontaire.medecin.user)
    assert client.get(url).status_code == 200
    client.force_login(autre_medecin.user)
    assert client.get(url).status_code == 404
    client.force_login(staff_tableau)
    assert client.get(url).status_code == 200
    assert client.get(f"/api/solidarite/volontaires/{volontaire.pk}/agenda.csv").status_code == 200


# What changes outside the day itself (issue 13 point 4: "a SEQUENCE that grows with each change"): the place, the
# doctor, his checks. The feed compares what each event shows with what it showed at its last publication.


def _par_uid(client, lieu) -> dict[str, dict]:
    return {e["UID"]: e for e in _evenements(_flux_lieu(client, lieu).content.decode())}


def _sequences(client, lieu) -> list[str]:
    return [e["SEQUENCE"] for e in _par_uid(client, lieu).values()]


@pytest.mark.parametrize(
    "donnees, attendu",
    [
        ({"nom": "Maison de santé de Nontron"}, "LOCATION"),
        ({"adresse": "2 place Paul Bert"}, "LOCATION"),
        ({"code_postal": "24301", "commune": "Nontron Cedex"}, "LOCATION"),
        ({"fuseau_horaire": "America/Martinique"}, "DTSTART;TZID=America/Martinique"),
    ],
    ids=["nom", "adresse", "commune", "fuseau"],
)
def test_un_lieu_modifie_fait_grandir_la_sequence_de_ses_journees_une_fois(
    client, lieu, deux_samedis, staff_tableau, donnees, attendu
):
    avant = _par_uid(client, lieu)
    assert _sequences(client, lieu) == ["0", "0"]  # a second reading of an unchanged feed changes nothing
    services.lieu_enregistrer(lieu=lieu, donnees=donnees, par=staff_tableau, today=AUJOURDHUI)
    apres = _par_uid(client, lieu)
    assert set(apres) == set(avant)  # the UIDs are kept
    assert [e["SEQUENCE"] for e in apres.values()] == ["1", "1"]
    assert all(attendu in e for e in apres.values())
    assert _sequences(client, lieu) == ["1", "1"]  # read again: once per change, not once per reading


def test_le_dtstamp_est_l_instant_du_changement_publie(client, lieu, deux_samedis, staff_tableau):
    _flux_lieu(client, lieu)
    journee = deux_samedis[0]
    journee.refresh_from_db()
    publiee_le = journee.modifiee_le
    services.lieu_enregistrer(lieu=lieu, donnees={"nom": "Centre de Nontron"}, par=staff_tableau, today=AUJOURDHUI)
    evenement = _par_uid(client, lieu)[journee.uid]
    journee.refresh_from_db()
    assert journee.modifiee_le > publiee_le and journee.sequence == 1
    assert evenement["DTSTAMP"] == journee.modifiee_le.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def test_le_nom_du_medecin_change_fait_grandir_la_sequence(client, lieu, deux_samedis, volontaire):
    _flux_lieu(client, lieu)
    type(volontaire.medecin).objects.filter(pk=volontaire.medecin_id).update(nom="Nouveau-Nom")
    apres = list(_par_uid(client, lieu).values())
    assert [e["SEQUENCE"] for e in apres] == ["1", "1"]
    assert all("NOUVEAU-NOM" in e["SUMMARY"].upper() for e in apres)


def test_un_volontaire_radie_puis_reinscrit_fait_grandir_la_sequence_a_chaque_fois(
    client, lieu, deux_samedis, volontaire
):
    medecins = type(volontaire.medecin).objects.filter(pk=volontaire.medecin_id)
    assert _sequences(client, lieu) == ["0", "0"]
    medecins.update(statut="radie")
    apres = list(_par_uid(client, lieu).values())
    assert [(e["SEQUENCE"], e["STATUS"]) for e in apres] == [("1", "CANCELLED"), ("1", "CANCELLED")]
    medecins.update(statut="inscrit")
    apres = list(_par_uid(client, lieu).values())
    assert [(e["SEQUENCE"], e["STATUS"]) for e in apres] == [("2", "CONFIRMED"), ("2", "CONFIRMED")]


def test_une_journee_deplacee_avant_toute_lecture_ne_grandit_qu_une_fois(client, lieu, deux_samedis, volontaire):
    services.journee_modifier(journee=deux_samedis[0], debut=H(10), par=volontaire.medecin.user, today=AUJOURDHUI)
    _flux_lieu(client, lieu)
    services.journee_modifier(journee=deux_samedis[0], debut=H(11), par=volontaire.medecin.user, today=AUJOURDHUI)
    evenement = _par_uid(client, lieu)[deux_samedis[0].uid]
    assert (evenement["SEQUENCE"], evenement["DTSTART;TZID=Europe/Paris"]) == ("2", "20261024T110000")
    assert _sequences(client, lieu)[0] == "2"


def test_deux_flux_ecrits_au_meme_moment_ne_font_grandir_la_sequence_qu_une_fois(
    client, lieu, deux_samedis, staff_tableau
):
    from solidarite import selectors
    from solidarite.models import Journee

    _flux_lieu(client, lieu)
    services.lieu_enregistrer(lieu=lieu, donnees={"nom": "Centre de Nontron"}, par=staff_tableau, today=AUJOURDHUI)
    # Both read the days before either writes (what two simultaneous requests do).
    premier, second = (list(selectors.journees_du_lieu(lieu)) for _ in range(2))
    services.journees_publier(premier, exclus=set())
    services.journees_publier(second, exclus=set())
    assert set(Journee.objects.values_list("sequence", flat=True)) == {1}
    assert [j.sequence for j in second] == [1, 1]  # the second feed shows the version the first one wrote
