"""Violence incidents (seed 001, the safety observatory): a doctor declares one; it is read by its declarant, the
vigilance commission's members on the date (the référent sécurité by right) and the staff with the permission,
every read logged; the référent and the staff are told by e-mail; the yearly anonymous figures."""

import datetime
import io

import pytest
from django.db import connection
from openpyxl import load_workbook

from commun.models import Envoi, JournalAcces
from incidents.models import Incident
from tests import factories

from .conftest import JOUR

pytestmark = pytest.mark.django_db

DECLARATION = {
    "date": "2026-03-18",
    "commune": "Bergerac",
    "lieu": "cabinet",
    "types": ["agression_verbale", "menace"],
    "auteur": "patient",
    "plainte_deposee": True,
    "main_courante": False,
    "description": "Le patient a menacé de revenir « régler ses comptes » après un refus d'arrêt de travail.",
}


def _declarer(api_client, user, **changes):
    api_client.force_authenticate(user)
    return api_client.post("/api/incidents/", {**DECLARATION, **changes}, format="json")


def test_un_medecin_declare_un_incident_pour_lui_meme(api_client, medecin, autre_medecin, jour, vigilance):
    reponse = _declarer(api_client, medecin.user, declarant=autre_medecin.pk)
    assert reponse.status_code == 201, reponse.content
    donnees = reponse.json()
    assert donnees["declarant"] == medecin.pk  # the doctor logged in, whatever the body says
    assert donnees["types"] == ["agression_verbale", "menace"]
    assert donnees["date"] == "2026-03-18"
    incident = Incident.objects.get()
    assert incident.declare_le == JOUR


def test_le_recit_est_chiffre_en_base(api_client, medecin, jour):
    _declarer(api_client, medecin.user)
    with connection.cursor() as curseur:
        curseur.execute("SELECT description FROM incidents_incident")
        (brut,) = curseur.fetchone()
    assert "régler ses comptes" not in str(brut)
    assert "régler ses comptes" in Incident.objects.get().description


def test_le_referent_securite_et_le_service_sont_avertis(api_client, medecin, jour, vigilance, settings):
    juriste = factories.StaffFactory(groupe="juridique", email="juriste@cdom.example")
    factories.StaffFactory(groupe="comptabilite", email="comptable@cdom.example")
    _declarer(api_client, medecin.user)
    destinataires = set(Envoi.objects.filter(nature="incident_avis").values_list("destinataire", flat=True))
    assert destinataires == {"referent.securite@cdom.example", settings.CDOM_EMAIL_SECURITE, juriste.email}


def test_l_avis_ne_contient_ni_le_recit_ni_le_nom(api_client, medecin, jour, vigilance, mailoutbox):
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        _declarer(api_client, medecin.user)
    assert mailoutbox
    corps = mailoutbox[0].body
    assert "régler ses comptes" not in corps and medecin.nom not in corps
    assert "/admin/incidents/incident/" in corps


def test_une_date_dans_le_futur_est_refusee_et_rien_n_est_ecrit(api_client, medecin, jour, vigilance):
    reponse = _declarer(api_client, medecin.user, date="2026-03-21")
    assert reponse.status_code == 400
    assert "futur" in reponse.json()["date"][0]
    assert not Incident.objects.exists() and not Envoi.objects.exists()


def test_la_date_du_jour_est_acceptee(api_client, medecin, jour):
    assert _declarer(api_client, medecin.user, date="2026-03-20").status_code == 201


def test_un_type_inconnu_est_refuse_et_rien_n_est_ecrit(api_client, medecin, jour):
    reponse = _declarer(api_client, medecin.user, types=["menace", "injure"])
    assert reponse.status_code == 400
    assert "injure" in reponse.json()["types"][0]
    assert not Incident.objects.exists() and not Envoi.objects.exists()


def test_sans_type_la_declaration_est_refusee(api_client, medecin, jour):
    reponse = _declarer(api_client, medecin.user, types=[])
    assert reponse.status_code == 400 and "types" in reponse.json()
    assert not Incident.objects.exists()


def test_un_lieu_ou_un_auteur_hors_liste_est_refuse(api_client, medecin, jour):
    reponse = _declarer(api_client, medecin.user, lieu="parking", auteur="voisin")
    assert reponse.status_code == 400
    assert {"lieu", "auteur"} <= set(reponse.json())
    assert not Incident.objects.exists()


# --- who reads a declaration --------------------------------------------------------------------------------------


@pytest.fixture
def incident(medecin):
    return factories.IncidentFactory(declarant=medecin)


def _lire(api_client, user, incident):
    api_client.force_authenticate(user)
    return api_client.get(f"/api/incidents/{incident.pk}/")


def _lectures(user, incident):
    return JournalAcces.objects.filter(utilisateur=user, objet_id=str(incident.pk), action="incidents.incident_lire")


def test_le_declarant_lit_sa_declaration(api_client, medecin, incident, jour):
    reponse = _lire(api_client, medecin.user, incident)
    assert reponse.status_code == 200
    assert reponse.json()["description"] == incident.description
    assert _lectures(medecin.user, incident).count() == 1


def test_un_autre_medecin_ne_la_voit_pas(api_client, autre_medecin, incident, jour):
    assert _lire(api_client, autre_medecin.user, incident).status_code == 404
    api_client.force_authenticate(autre_medecin.user)
    assert api_client.get("/api/incidents/").json()["count"] == 0
    assert not JournalAcces.objects.exists()


def test_le_referent_securite_la_lit_et_sa_lecture_est_enregistree(api_client, incident, jour, vigilance):
    referent = vigilance["referent"].user
    assert _lire(api_client, referent, incident).status_code == 200
    assert _lectures(referent, incident).count() == 1


def test_un_membre_de_la_commission_vigilance_la_lit(api_client, incident, jour, vigilance):
    assert _lire(api_client, vigilance["membre"].user, incident).status_code == 200


def test_un_membre_sorti_de_la_commission_ne_la_lit_plus(api_client, incident, jour, vigilance):
    siege = vigilance["commission"].sieges.get(membre__medecin=vigilance["membre"])
    siege.date_fin = datetime.date(2026, 3, 19)
    siege.save()
    assert _lire(api_client, vigilance["membre"].user, incident).status_code == 404


def test_un_membre_d_une_autre_commission_ne_la_lit_pas(api_client, incident, jour):
    siege = factories.SiegeCommissionFactory(
        commission=factories.CommissionFactory(nature="entraide", nom="Entraide"),
        membre=factories.MembreFactory(avec_compte=True),
    )
    assert _lire(api_client, siege.membre.medecin.user, incident).status_code == 404


def test_le_service_juridique_la_lit_et_sa_lecture_est_enregistree(api_client, incident, jour):
    juriste = factories.StaffFactory(groupe="juridique")
    assert _lire(api_client, juriste, incident).status_code == 200
    assert _lectures(juriste, incident).count() == 1


def test_un_autre_service_est_refuse(api_client, incident, jour):
    comptable = factories.StaffFactory(groupe="comptabilite")
    assert _lire(api_client, comptable, incident).status_code == 403
    assert api_client.get("/api/incidents/").status_code == 403
    assert not JournalAcces.objects.exists()


def test_chaque_declaration_d_une_liste_est_une_lecture_enregistree(api_client, medecin, jour, vigilance):
    factories.IncidentFactory.create_batch(3, declarant=medecin)
    referent = vigilance["referent"].user
    api_client.force_authenticate(referent)
    assert api_client.get("/api/incidents/").json()["count"] == 3
    assert JournalAcces.objects.filter(utilisateur=referent, action="incidents.incident_lire").count() == 3


def test_la_lecture_dans_le_back_office_est_enregistree(client, incident, jour):
    juriste = factories.StaffFactory(groupe="juridique")
    client.force_login(juriste)
    assert client.get(f"/admin/incidents/incident/{incident.pk}/change/").status_code == 200
    assert _lectures(juriste, incident).count() == 1


# --- the observatory's figures --------------------------------------------------------------------------------------


@pytest.fixture
def annee_2026(db):
    """Four declarations of 2026 (one with a complaint filed) and one of 2025, which does not count."""
    f = factories.IncidentFactory
    f(date=datetime.date(2026, 1, 8), lieu="cabinet", types=["agression_verbale"], auteur="patient")
    f(
        date=datetime.date(2026, 2, 3),
        lieu="domicile_patient",
        types=["agression_physique", "menace"],
        auteur="proche",
        plainte_deposee=True,
    )
    f(date=datetime.date(2026, 2, 20), lieu="cabinet", types=["vol", "degradation"], auteur="inconnu")
    f(
        date=datetime.date(2026, 3, 12),
        lieu="etablissement_sante",
        types=["agression_verbale", "harcelement"],
        auteur="patient",
        main_courante=True,
    )
    f(date=datetime.date(2025, 12, 30), lieu="voie_publique", types=["autre"], auteur="autre", plainte_deposee=True)


ATTENDU_2026 = {
    "annee": 2026,
    "total": 4,
    "par_type": {
        "agression_verbale": 2,
        "agression_physique": 1,
        "menace": 1,
        "harcelement": 1,
        "vol": 1,
        "degradation": 1,
        "autre": 0,
    },
    "par_lieu": {"cabinet": 2, "domicile_patient": 1, "etablissement_sante": 1, "voie_publique": 0, "autre": 0},
    "par_auteur": {"patient": 2, "proche": 1, "autre": 0, "inconnu": 1},
    "part_plainte": "25.00",
}


def test_les_statistiques_d_une_annee(api_client, annee_2026, jour):
    api_client.force_authenticate(factories.StaffFactory(groupe="juridique"))
    reponse = api_client.get("/api/incidents/statistiques/?annee=2026")
    assert reponse.status_code == 200
    assert reponse.json() == ATTENDU_2026


def test_la_part_des_plaintes_est_arrondie_au_centieme(api_client, annee_2026, jour):
    factories.IncidentFactory(date=datetime.date(2026, 3, 1), plainte_deposee=True)
    factories.IncidentFactory(date=datetime.date(2026, 3, 2))
    api_client.force_authenticate(factories.StaffFactory(groupe="juridique"))
    assert api_client.get("/api/incidents/statistiques/?annee=2026").json()["part_plainte"] == "33.33"


def test_une_annee_sans_declaration(api_client, annee_2026, jour, vigilance):
    api_client.force_authenticate(vigilance["referent"].user)
    donnees = api_client.get("/api/incidents/statistiques/?annee=2024").json()
    assert donnees["total"] == 0 and donnees["part_plainte"] == "0.00"


def test_les_statistiques_ne_nomment_personne(api_client, annee_2026, jour):
    api_client.force_authenticate(factories.StaffFactory(groupe="juridique"))
    texte = api_client.get("/api/incidents/statistiques/?annee=2026").content.decode()
    for incident in Incident.objects.select_related("declarant"):
        assert incident.declarant.nom not in texte and incident.commune not in texte


def test_sans_annee_les_statistiques_sont_refusees(api_client, jour):
    api_client.force_authenticate(factories.StaffFactory(groupe="juridique"))
    reponse = api_client.get("/api/incidents/statistiques/")
    assert reponse.status_code == 400 and "annee" in reponse.json()


def test_les_chiffres_anonymes_sont_lus_par_les_medecins_pas_par_un_autre_service(
    api_client, medecin, annee_2026, jour
):
    api_client.force_authenticate(medecin.user)
    assert api_client.get("/api/incidents/statistiques/?annee=2026").json() == ATTENDU_2026
    api_client.force_authenticate(factories.StaffFactory(groupe="comptabilite"))
    assert api_client.get("/api/incidents/statistiques/?annee=2026").status_code == 403
    api_client.force_authenticate(factories.UserFactory())
    assert api_client.get("/api/incidents/statistiques/?annee=2026").status_code == 403


def test_l_export_pour_l_observatoire_du_cnom(api_client, annee_2026, jour):
    api_client.force_authenticate(factories.StaffFactory(groupe="juridique"))
    reponse = api_client.get("/api/incidents/statistiques-xlsx/?annee=2026")
    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("application/vnd.openxmlformats")
    feuille = load_workbook(io.BytesIO(reponse.content)).active
    lignes = {r[0]: r[1] for r in feuille.iter_rows(values_only=True) if r and r[0]}
    assert lignes["Déclarations"] == 4
    assert lignes["Part avec plainte déposée (%)"] == 25.0
    assert lignes["Agression verbale, insultes"] == 2
    assert lignes["Cabinet médical"] == 2


def test_l_export_du_back_office(client, annee_2026, jour):
    client.force_login(factories.StaffFactory(groupe="juridique"))
    reponse = client.get("/admin/incidents/incident/statistiques/?annee=2026")
    assert reponse.status_code == 200 and reponse.content[:2] == b"PK"


# --- the espace ------------------------------------------------------------------------------------------------------


def test_la_declaration_dans_l_espace_affiche_les_conseils_et_les_numeros(client, medecin, jour):
    client.force_login(medecin.user)
    donnees = {**DECLARATION, "types": DECLARATION["types"], "plainte_deposee": "on"}
    reponse = client.post("/espace/incidents/declarer/", donnees, follow=True)
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    incident = Incident.objects.get()
    assert incident.declarant == medecin
    for numero in ("0800 288 038", "0800 800 854", "09 80 80 03 07"):
        assert numero in contenu
    assert "Porter plainte" in contenu and "Main courante" in contenu


def test_une_date_future_dans_l_espace_est_signalee_sur_son_champ(client, medecin, jour):
    client.force_login(medecin.user)
    reponse = client.post("/espace/incidents/declarer/", {**DECLARATION, "date": "2026-04-01"})
    assert reponse.status_code == 400
    assert "futur" in reponse.content.decode()
    assert not Incident.objects.exists()


def test_un_medecin_n_ouvre_pas_la_declaration_d_un_autre_dans_l_espace(client, autre_medecin, incident, jour):
    client.force_login(autre_medecin.user)
    assert client.get(f"/espace/incidents/{incident.pk}/").status_code == 404
