"""The contract's endpoints (CONTRACT.md solidarite): lieux (public reading), volontaires and their acts, journees
and their 400s, as an outside client calls them."""

import datetime

import pytest

from solidarite.models import Journee, Volontaire
from tests import factories

pytestmark = pytest.mark.django_db

J = "application/json"


def test_les_lieux_sont_publics_et_crees_par_le_personnel(client, staff_tableau, lieu):
    reponse = client.get("/api/solidarite/lieux/")
    assert reponse.status_code == 200
    ligne = reponse.json()["results"][0]
    assert {"id", "nom", "adresse", "code_postal", "commune", "departement", "actif"} <= set(ligne)
    assert client.get(f"/api/solidarite/lieux/{lieu.pk}/").status_code == 200
    donnees = {
        "nom": "MSP de Sarlat",
        "adresse": "1 rue du Presidial",
        "code_postal": "24200",
        "commune": "Sarlat",
        "departement": "24",
        "actif": True,
    }
    assert client.post("/api/solidarite/lieux/", donnees, content_type=J).status_code in (401, 403)
    client.force_login(staff_tableau)
    reponse = client.post("/api/solidarite/lieux/", donnees, content_type=J)
    assert reponse.status_code == 201 and reponse.json()["fuseau_horaire"] == "Europe/Paris"


def test_un_medecin_se_porte_volontaire_par_l_api_et_ne_voit_que_le_sien(client, medecin, autre_medecin, lieu):
    client.force_login(medecin.user)
    reponse = client.post(
        "/api/solidarite/volontaires/", {"lieux": [lieu.pk], "creneaux_souhaites": "Samedis"}, content_type=J
    )
    assert reponse.status_code == 201, reponse.content
    v = reponse.json()
    assert (v["medecin"], v["statut"], v["lieux"]) == (medecin.pk, "deposee", [lieu.pk])
    assert client.get("/api/solidarite/volontaires/").json()["count"] == 1
    client.force_login(autre_medecin.user)
    assert client.get("/api/solidarite/volontaires/").json()["count"] == 0
    assert client.get(f"/api/solidarite/volontaires/{v['id']}/").status_code == 404


def test_valider_demander_correction_refuser_par_l_api(client, medecin, lieu, staff_tableau):
    v = factories.VolontaireFactory(medecin=medecin, lieux=[lieu], statut="deposee")
    client.force_login(staff_tableau)
    sans_motif = client.post(f"/api/solidarite/volontaires/{v.pk}/demander-correction/", {}, content_type=J)
    assert sans_motif.status_code == 400 and "motif" in sans_motif.json()
    ok = client.post(f"/api/solidarite/volontaires/{v.pk}/demander-correction/", {"motif": "Précisez"}, content_type=J)
    assert ok.status_code == 200 and ok.json()["statut"] == "correction_demandee"
    v2 = factories.VolontaireFactory(lieux=[lieu], statut="en_verification")
    assert (
        client.post(f"/api/solidarite/volontaires/{v2.pk}/refuser/", {"motif": ""}, content_type=J).status_code == 400
    )
    reponse = client.post(f"/api/solidarite/volontaires/{v2.pk}/valider/", content_type=J)
    assert reponse.status_code == 200 and reponse.json()["statut"] == "validee"


def test_valider_un_mode_d_exercice_non_admis_est_un_400_qui_dit_lequel(client, lieu, staff_tableau):
    v = factories.VolontaireFactory(medecin__exercice="reserviste", lieux=[lieu], statut="en_verification")
    client.force_login(staff_tableau)
    reponse = client.post(f"/api/solidarite/volontaires/{v.pk}/valider/", content_type=J)
    assert reponse.status_code == 400
    assert "réserviste" in " ".join(reponse.json()["medecin"]).lower()
    assert Volontaire.objects.get(pk=v.pk).statut == "en_verification"


def test_journees_par_l_api_et_leurs_400(client, volontaire, lieu, staff_tableau):
    client.force_login(staff_tableau)

    def poster(date, debut="09:00", fin="17:00", v=volontaire):
        return client.post(
            "/api/solidarite/journees/",
            {"volontaire": v.pk, "lieu": lieu.pk, "date": date, "debut": debut, "fin": fin},
            content_type=J,
        )

    premiere = poster("2026-10-24")
    assert premiere.status_code == 201, premiere.content
    assert premiere.json()["debut"] == "09:00" and premiere.json()["statut"] == "prevue"
    assert poster("2026-10-24", "16:00", "18:00").status_code == 400  # overlap
    assert poster("2026-10-25", "17:00", "09:00").json().keys() == {"fin"}
    assert poster("2026-10-31").status_code == 201
    troisieme = poster("2026-10-10")
    assert troisieme.status_code == 400 and "date" in troisieme.json()
    non_valide = factories.VolontaireFactory(lieux=[lieu], statut="en_verification")
    assert poster("2026-10-10", v=non_valide).json().keys() == {"volontaire"}
    assert Journee.objects.count() == 2
    j = premiere.json()["id"]
    annulee = client.post(f"/api/solidarite/journees/{j}/annuler/", {"motif": "Empêchement"}, content_type=J)
    assert annulee.status_code == 200 and annulee.json()["statut"] == "annulee" and annulee.json()["sequence"] == 1
    assert client.get("/api/solidarite/journees/?mois=2026-10").json()["count"] == 2
    assert client.get(f"/api/solidarite/journees/{j}/").status_code == 200


def test_un_medecin_ne_voit_que_ses_journees(client, volontaire, lieu, autre_medecin):
    j = factories.JourneeFactory(volontaire=volontaire, lieu=lieu, date=datetime.date(2026, 10, 24))
    client.force_login(autre_medecin.user)
    assert client.get("/api/solidarite/journees/").json()["count"] == 0
    assert client.get(f"/api/solidarite/journees/{j.pk}/").status_code == 404
    client.force_login(volontaire.medecin.user)
    assert client.get("/api/solidarite/journees/").json()["count"] == 1


def test_effectuer_par_l_api_et_le_400_d_une_journee_a_venir(client, volontaire, lieu, staff_tableau, monkeypatch):
    monkeypatch.setattr("solidarite.api.journees.timezone.localdate", lambda: datetime.date(2026, 10, 25))
    passee = factories.JourneeFactory(volontaire=volontaire, lieu=lieu, date=datetime.date(2026, 10, 24))
    a_venir = factories.JourneeFactory(volontaire=volontaire, lieu=lieu, date=datetime.date(2026, 10, 31))
    client.force_login(staff_tableau)
    faite = client.post(f"/api/solidarite/journees/{passee.pk}/effectuer/", content_type=J)
    assert faite.status_code == 200 and faite.json()["statut"] == "effectuee"
    refus = client.post(f"/api/solidarite/journees/{a_venir.pk}/effectuer/", content_type=J)
    assert refus.status_code == 400 and "à venir" in refus.json()["date"][0]
    a_venir.refresh_from_db()
    assert a_venir.statut == "prevue"
    # The doctor does not declare his own day worked.
    client.force_login(volontaire.medecin.user)
    assert client.post(f"/api/solidarite/journees/{passee.pk}/effectuer/", content_type=J).status_code == 403


def test_une_serie_par_l_api_une_ligne_par_journee_ou_aucune(client, volontaire, lieu, autre_medecin):
    corps = {
        "volontaire": volontaire.pk,
        "lieu": lieu.pk,
        "premiere": "2026-10-03",
        "nombre": 3,
        "semaines": 4,
        "debut": "09:00",
        "fin": "17:00",
    }
    client.force_login(autre_medecin.user)  # another's application: not found, nothing written
    refus = client.post("/api/solidarite/journees/serie/", corps, content_type=J)
    assert refus.status_code == 400 and "volontaire" in refus.json()
    client.force_login(volontaire.medecin.user)
    for champ, valeur, mot in (("nombre", 0, "au moins une"), ("nombre", 25, "24"), ("semaines", 0, "une semaine")):
        reponse = client.post("/api/solidarite/journees/serie/", {**corps, champ: valeur}, content_type=J)
        assert reponse.status_code == 400 and mot in reponse.json()[champ][0]
    trop = client.post("/api/solidarite/journees/serie/", {**corps, "semaines": 1}, content_type=J)
    assert trop.status_code == 400 and trop.json()["serie"][0].startswith("Journée du 17/10/2026")
    assert not volontaire.journees.exists()
    reponse = client.post("/api/solidarite/journees/serie/", corps, content_type=J)
    assert reponse.status_code == 201, reponse.json()
    assert [j["date"] for j in reponse.json()] == ["2026-10-03", "2026-10-31", "2026-11-28"]
    assert volontaire.journees.count() == 3
