"""Registering complaints, grievances and reports (issue 12 point 1; CONTRACT.md conciliation): against a doctor of
this tableau; t0 and the legal deadlines; dépaysement of a complaint against a member of this council; a
grievance requalified as a complaint (the clock starts then) or closed with a reason — a complaint never is."""

import datetime

import pytest

from conciliation.models import Plainte
from tests import factories

from .conftest import corps_plainte

pytestmark = pytest.mark.django_db
J = datetime.date


def test_l_enregistrement_rend_chaque_champ_du_contrat_et_les_echeances_en_lecture_seule(client_juridique, au):
    medecin = factories.MedecinFactory()
    corps = corps_plainte(medecin, echeance_conciliation="2030-01-01", depaysement=True, statut="transmise")
    r = client_juridique.post("/api/conciliation/plaintes/", corps, format="json")
    assert r.status_code == 201, r.json()
    d = r.json()
    for champ in (
        "id",
        "nature",
        "medecin",
        "plaignant_nom",
        "plaignant_qualite",
        "plaignant_email",
        "plaignant_adresse",
        "objet",
        "date_enregistrement",
        "statut",
        "echeance_conciliation",
        "echeance_transmission",
        "depaysement",
    ):
        assert champ in d
    assert d["medecin"] == medecin.pk
    assert d["plaignant_nom"] == "Mme Claire Fontaine"
    assert (d["statut"], d["echeance_conciliation"], d["echeance_transmission"], d["depaysement"]) == (
        "enregistree",
        "2026-04-02",
        "2026-06-02",
        False,
    )
    liste = client_juridique.get("/api/conciliation/plaintes/").json()
    assert liste["count"] == 1 and liste["results"][0]["id"] == d["id"]
    assert client_juridique.get(f"/api/conciliation/plaintes/{d['id']}/").json()["objet"] == corps["objet"]


def test_la_date_d_enregistrement_vaut_aujourd_hui_par_defaut(client_juridique, au):
    au(J(2026, 3, 9))
    corps = corps_plainte(factories.MedecinFactory())
    del corps["date_enregistrement"]
    d = client_juridique.post("/api/conciliation/plaintes/", corps, format="json").json()
    assert (d["date_enregistrement"], d["echeance_conciliation"]) == ("2026-03-09", "2026-04-09")


def test_les_courriers_d_enregistrement_partent_dans_la_transaction(client_juridique, au, monkeypatch):
    appels = []
    monkeypatch.setattr(
        "conciliation.services.courriers.courriers_enregistrement",
        lambda plainte, *, par, today: appels.append((plainte.numero, today)),
    )
    client_juridique.post("/api/conciliation/plaintes/", corps_plainte(factories.MedecinFactory()), format="json")
    assert appels == [("PL-2026-0001", J(2026, 3, 2))]


@pytest.mark.parametrize("statut", ["radie", "transfere", "demande"])
def test_le_medecin_mis_en_cause_doit_etre_inscrit_au_tableau(client_juridique, au, statut):
    medecin = factories.MedecinFactory(statut=statut)
    r = client_juridique.post("/api/conciliation/plaintes/", corps_plainte(medecin), format="json")
    assert r.status_code == 400
    assert "inscrit au tableau" in r.json()["medecin"][0]
    assert not Plainte.objects.exists()


def test_une_date_d_enregistrement_future_ou_un_objet_vide_est_refuse(client_juridique, au):
    medecin = factories.MedecinFactory()
    r = client_juridique.post(
        "/api/conciliation/plaintes/", corps_plainte(medecin, date_enregistrement="2026-03-03"), format="json"
    )
    assert r.status_code == 400 and "futur" in r.json()["date_enregistrement"][0]
    r = client_juridique.post("/api/conciliation/plaintes/", corps_plainte(medecin, objet="   "), format="json")
    assert r.status_code == 400 and "objet" in r.json()
    assert not Plainte.objects.exists()


def test_une_plainte_contre_un_membre_du_conseil_est_depaysee_des_l_enregistrement(client_juridique, conseil, au):
    membre = conseil.hors_commission
    r = client_juridique.post("/api/conciliation/plaintes/", corps_plainte(membre.medecin), format="json")
    assert r.status_code == 201
    d = r.json()
    assert (d["depaysement"], d["statut"]) == (True, "depaysee")
    # Closed here: no conciliator, no meeting, no transmission by this council.
    r = client_juridique.post(
        f"/api/conciliation/plaintes/{d['id']}/conciliateurs/", {"membres": [conseil.conciliateurs[0].pk]}
    )
    assert r.status_code == 400 and "Dépaysée" in str(r.json())


def test_un_ancien_membre_n_entraine_pas_le_depaysement(client_juridique, au):
    ancien = factories.MembreFactory(date_debut=J(2019, 6, 1), date_fin=J(2025, 5, 31))
    d = client_juridique.post("/api/conciliation/plaintes/", corps_plainte(ancien.medecin), format="json").json()
    assert (d["depaysement"], d["statut"]) == (False, "enregistree")


def test_une_doleance_requalifiee_en_plainte_fait_partir_le_delai_du_jour_de_la_requalification(client_juridique, au):
    d = client_juridique.post(
        "/api/conciliation/plaintes/", corps_plainte(factories.MedecinFactory(), nature="doleance"), format="json"
    ).json()
    assert d["echeance_conciliation"] is None
    au(J(2026, 3, 20))
    r = client_juridique.post(f"/api/conciliation/plaintes/{d['id']}/requalifier/")
    assert r.status_code == 200, r.json()
    d = r.json()
    assert (d["nature"], d["nature_initiale"], d["date_enregistrement"]) == ("plainte", "doleance", "2026-03-20")
    assert (d["echeance_conciliation"], d["echeance_transmission"]) == ("2026-04-20", "2026-06-20")
    r = client_juridique.post(f"/api/conciliation/plaintes/{d['id']}/requalifier/")
    assert r.status_code == 400 and "déjà une plainte" in r.json()["nature"][0]


def test_la_requalification_envoie_une_fois_les_lettres_de_la_plainte(client_juridique, au):
    from commun.models import Envoi

    medecin = factories.MedecinFactory(email="dr.requalifie@medecins.example")
    corps = {**corps_plainte(medecin, nature="signalement"), "plaignant_email": "plaignant@exemple.fr"}
    d = client_juridique.post("/api/conciliation/plaintes/", corps, format="json").json()
    assert sorted(Envoi.objects.values_list("lot", flat=True)) == [1, 1]
    au(J(2026, 3, 20))
    assert client_juridique.post(f"/api/conciliation/plaintes/{d['id']}/requalifier/").status_code == 200
    # The acknowledgement and the doctor's information leave again (a second lot), with the complaint's deadlines.
    lots = sorted(Envoi.objects.values_list("nature", "lot", "destinataire"))
    assert [lot for _n, lot, _d in lots] == [1, 2, 1, 2]
    assert {d for _n, lot, d in lots if lot == 2} == {"plaignant@exemple.fr", "dr.requalifie@medecins.example"}
    client_juridique.post(f"/api/conciliation/plaintes/{d['id']}/requalifier/")  # refused: nothing more leaves
    assert Envoi.objects.count() == 4


def test_une_doleance_se_classe_avec_son_motif(client_juridique, au):
    d = client_juridique.post(
        "/api/conciliation/plaintes/", corps_plainte(factories.MedecinFactory(), nature="signalement"), format="json"
    ).json()
    url = f"/api/conciliation/plaintes/{d['id']}/classer/"
    r = client_juridique.post(url, {"motif": " "}, format="json")
    assert r.status_code == 400 and "motif" in r.json()
    assert Plainte.objects.get().statut == "enregistree"
    r = client_juridique.post(url, {"motif": "Le médecin a répondu ; la plaignante se dit satisfaite."}, format="json")
    assert r.status_code == 200
    assert (r.json()["statut"], r.json()["motif_classement"]) == (
        "classee",
        "Le médecin a répondu ; la plaignante se dit satisfaite.",
    )
    assert client_juridique.post(f"/api/conciliation/plaintes/{d['id']}/requalifier/").status_code == 400


def test_une_plainte_n_est_jamais_classee_par_le_conseil(client_juridique, au):
    d = client_juridique.post(
        "/api/conciliation/plaintes/", corps_plainte(factories.MedecinFactory()), format="json"
    ).json()
    r = client_juridique.post(f"/api/conciliation/plaintes/{d['id']}/classer/", {"motif": "Sans suite."})
    assert r.status_code == 400
    assert "chambre disciplinaire" in r.json()["nature"][0]
    assert Plainte.objects.get().statut == "enregistree"


def test_le_personnel_d_un_autre_service_ne_peut_pas_enregistrer(api_client, conseil, au):
    api_client.force_authenticate(conseil.comptable)
    r = api_client.post("/api/conciliation/plaintes/", corps_plainte(factories.MedecinFactory()), format="json")
    assert r.status_code == 403
    assert not Plainte.objects.exists()


def test_le_president_enregistre_une_plainte(api_client, conseil, au):
    api_client.force_authenticate(conseil.president.medecin.user)
    r = api_client.post("/api/conciliation/plaintes/", corps_plainte(factories.MedecinFactory()), format="json")
    assert r.status_code == 201 and r.json()["statut"] == "enregistree"
