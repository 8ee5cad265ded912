"""Done when (issue 12): a complaint from registration to transmission within the legal delays, and another past
them — through the API as CONTRACT.md names it (L4123-2 CSP: meeting within 1 month of t0, transmission within
3 months; a late act is recorded and flagged, never refused)."""

import datetime

import pytest

from tests import factories

from .conftest import AVIS, corps_plainte, seance_de_transmission

pytestmark = pytest.mark.django_db
J = datetime.date


def _parcours(api, conseil, au, *, reunion, transmission):
    medecin = factories.MedecinFactory()
    au(J(2026, 3, 2))
    r = api.post("/api/conciliation/plaintes/", corps_plainte(medecin), format="json")
    assert r.status_code == 201, r.json()
    plainte = r.json()
    assert plainte["statut"] == "enregistree"
    assert plainte["date_enregistrement"] == "2026-03-02"
    assert plainte["echeance_conciliation"] == "2026-04-02"
    assert plainte["echeance_transmission"] == "2026-06-02"
    assert plainte["depaysement"] is False
    url = f"/api/conciliation/plaintes/{plainte['id']}"

    au(J(2026, 3, 5))
    api.force_authenticate(conseil.president.medecin.user)  # the président designates the conciliators
    r = api.post(f"{url}/conciliateurs/", {"membres": [m.pk for m in conseil.conciliateurs[:2]]}, format="json")
    assert r.status_code == 201, r.json()
    r = api.post(f"{url}/reunions/", {"date": reunion.isoformat(), "heure": "14:30", "lieu": "Siège du conseil"})
    assert r.status_code == 201, r.json()
    reunion_cree = r.json()

    au(reunion)
    api.force_authenticate(conseil.juridique)
    r = api.post(
        f"/api/conciliation/reunions/{reunion_cree['id']}/proces-verbal/",
        {"issue": "echec", "desaccords": "Le médecin conteste avoir refusé la communication du dossier."},
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert api.get(f"{url}/").json()["statut"] == "a_transmettre"

    deliberation = seance_de_transmission(transmission - datetime.timedelta(days=6))
    au(transmission)
    r = api.post(
        f"{url}/transmettre/",
        {"deliberation": deliberation.pk, "avis": AVIS, "conseil_se_joint": True},
        format="json",
    )
    assert r.status_code == 200, r.json()
    return reunion_cree, r.json()


def test_une_plainte_enregistree_le_2_mars_est_transmise_dans_les_delais_legaux(api_client, conseil, au):
    api_client.force_authenticate(conseil.juridique)
    reunion, transmise = _parcours(api_client, conseil, au, reunion=J(2026, 3, 26), transmission=J(2026, 5, 20))
    assert reunion["hors_delai"] is False
    assert transmise["statut"] == "transmise"
    assert transmise["date_transmission"] == "2026-05-20"
    assert transmise["hors_delai"] is False
    assert transmise["conseil_se_joint"] is True
    assert transmise["reunions"][0]["proces_verbal"]["issue"] == "echec"


def test_une_plainte_traitee_apres_les_delais_est_enregistree_et_signalee_hors_delai(api_client, conseil, au):
    api_client.force_authenticate(conseil.juridique)
    reunion, transmise = _parcours(api_client, conseil, au, reunion=J(2026, 4, 3), transmission=J(2026, 6, 3))
    assert reunion["hors_delai"] is True  # after 2 April: recorded, not refused
    assert transmise["statut"] == "transmise"
    assert transmise["date_transmission"] == "2026-06-03"
    assert transmise["hors_delai"] is True  # after 2 June


def test_le_dernier_jour_du_delai_est_encore_dans_le_delai(api_client, conseil, au):
    api_client.force_authenticate(conseil.juridique)
    reunion, transmise = _parcours(api_client, conseil, au, reunion=J(2026, 4, 2), transmission=J(2026, 6, 2))
    assert reunion["hors_delai"] is False
    assert transmise["hors_delai"] is False
