"""The conciliation meeting and its PV (issue 12 points 2 and 4; CONTRACT.md): set once conciliators are
designated, on an open `plainte`; late (after t0 + 1 month) recorded with `hors_delai`, never refused; the PV's
outcome moves the file; the points left are required with a partial or failed conciliation; one PV per meeting."""

import datetime

import pytest

from conciliation.models import Plainte, ProcesVerbal, Reunion
from tests import factories

pytestmark = pytest.mark.django_db
J = datetime.date
REUNION = {"date": "2026-03-26", "heure": "14:30", "lieu": "Siège du conseil, salle de conciliation"}


def _avec_conciliateur(conseil, **champs):
    plainte = factories.PlainteFactory(**champs)
    factories.ConciliateurFactory(plainte=plainte, membre=conseil.conciliateurs[0])
    return plainte


def _fixer(api, plainte, **champs):
    return api.post(f"/api/conciliation/plaintes/{plainte.pk}/reunions/", {**REUNION, **champs}, format="json")


def test_la_reunion_dans_le_mois_convoque_les_parties(client_juridique, conseil, au, monkeypatch):
    convoquees = []
    monkeypatch.setattr(
        "conciliation.services.courriers.courriers_convocation",
        lambda reunion, *, par, today: convoquees.append(reunion.pk),
    )
    au(J(2026, 3, 6))
    plainte = _avec_conciliateur(conseil)
    r = _fixer(client_juridique, plainte)
    assert r.status_code == 201, r.json()
    assert r.json()["hors_delai"] is False and r.json()["id"] == convoquees[0]
    assert Plainte.objects.get().statut == "convoquee"


def test_une_reunion_apres_le_delai_d_un_mois_est_enregistree_hors_delai(client_juridique, conseil, au):
    plainte = _avec_conciliateur(conseil)
    r = _fixer(client_juridique, plainte, date="2026-04-03")
    assert r.status_code == 201
    assert r.json()["hors_delai"] is True
    assert Reunion.objects.get().hors_delai is True


def test_pas_de_reunion_avant_la_designation_des_conciliateurs(client_juridique, au):
    plainte = factories.PlainteFactory()
    r = _fixer(client_juridique, plainte)
    assert r.status_code == 400 and "Désignez d'abord les conciliateurs" in r.json()["detail"][0]
    assert not Reunion.objects.exists() and Plainte.objects.get().statut == "enregistree"


def test_un_conciliateur_deporte_ne_compte_pas(client_juridique, conseil, au):
    plainte = factories.PlainteFactory()
    factories.ConciliateurFactory(plainte=plainte, membre=conseil.conciliateurs[0], retire_le=J(2026, 3, 6))
    assert _fixer(client_juridique, plainte).status_code == 400


@pytest.mark.parametrize("statut", ["conciliee", "transmise", "retiree", "a_transmettre"])
def test_pas_de_reunion_sur_un_dossier_clos_ou_transmis(client_juridique, conseil, au, statut):
    extra = {"date_transmission": J(2026, 5, 20), "deliberation": factories.DeliberationFactory()}
    plainte = _avec_conciliateur(conseil, statut=statut, **(extra if statut == "transmise" else {}))
    r = _fixer(client_juridique, plainte)
    assert r.status_code == 400
    assert not Reunion.objects.exists()


@pytest.mark.parametrize("nature", ["doleance", "signalement"])
def test_pas_de_reunion_pour_une_doleance(client_juridique, conseil, au, nature):
    plainte = _avec_conciliateur(conseil, nature=nature)
    r = _fixer(client_juridique, plainte)
    assert r.status_code == 400 and "seule une plainte" in r.json()["detail"][0]


def test_une_reunion_reportee_se_fixe_a_nouveau(client_juridique, conseil, au):
    plainte = _avec_conciliateur(conseil)
    assert _fixer(client_juridique, plainte).status_code == 201
    assert _fixer(client_juridique, plainte, date="2026-03-30").status_code == 201
    assert Reunion.objects.count() == 2


# --- the PV ---


def _pv(api, reunion, **corps):
    return api.post(f"/api/conciliation/reunions/{reunion.pk}/proces-verbal/", corps, format="json")


@pytest.mark.parametrize(
    ("issue", "statut"),
    [
        ("totale", "conciliee"),
        ("partielle", "a_transmettre"),
        ("echec", "a_transmettre"),
        ("absence", "a_transmettre"),
        ("desistement", "retiree"),
    ],
)
def test_l_issue_du_proces_verbal_fait_avancer_le_dossier(client_juridique, au, issue, statut):
    reunion = factories.ReunionFactory()
    au(J(2026, 3, 26))
    r = _pv(client_juridique, reunion, issue=issue, desaccords="Le montant du remboursement reste contesté.")
    assert r.status_code == 201, r.json()
    assert r.json()["statut"] == statut
    assert Plainte.objects.get().statut == statut


@pytest.mark.parametrize("issue", ["partielle", "echec"])
def test_un_echec_sans_les_points_de_desaccord_est_refuse(client_juridique, au, issue):
    reunion = factories.ReunionFactory()
    au(J(2026, 3, 26))
    r = _pv(client_juridique, reunion, issue=issue, desaccords="  ")
    assert r.status_code == 400 and "points de désaccord" in r.json()["desaccords"][0]
    assert not ProcesVerbal.objects.exists() and Plainte.objects.get().statut == "convoquee"


def test_un_seul_proces_verbal_par_reunion(client_juridique, au):
    reunion = factories.ReunionFactory()
    au(J(2026, 3, 26))
    assert _pv(client_juridique, reunion, issue="absence").status_code == 201
    r = _pv(client_juridique, reunion, issue="totale")
    assert r.status_code == 400
    assert ProcesVerbal.objects.count() == 1 and Plainte.objects.get().statut == "a_transmettre"


def test_pas_de_proces_verbal_avant_la_reunion(client_juridique, au):
    reunion = factories.ReunionFactory()
    au(J(2026, 3, 25))
    r = _pv(client_juridique, reunion, issue="totale")
    assert r.status_code == 400 and "n'a pas encore eu lieu" in r.json()["detail"][0]


def test_un_conciliateur_designe_sur_le_dossier_etablit_le_proces_verbal(api_client, conseil, au):
    reunion = factories.ReunionFactory()
    factories.ConciliateurFactory(plainte=reunion.plainte, membre=conseil.conciliateurs[0])
    au(J(2026, 3, 26))
    api_client.force_authenticate(conseil.conciliateurs[0].medecin.user)
    assert _pv(api_client, reunion, issue="totale").status_code == 201
    assert Plainte.objects.get().statut == "conciliee"


def test_un_membre_de_la_commission_non_designe_ou_deporte_n_etablit_pas_le_proces_verbal(api_client, conseil, au):
    """Any member of the commission reads the file, but only its designated, non-withdrawn conciliators (or the
    président) establish its PV: 403, nothing written."""
    reunion = factories.ReunionFactory()
    factories.ConciliateurFactory(
        plainte=reunion.plainte, membre=conseil.conciliateurs[2], retire_le=J(2026, 3, 10), motif_retrait="Lien."
    )
    au(J(2026, 3, 26))
    for membre in (conseil.conciliateurs[1], conseil.conciliateurs[2]):
        api_client.force_authenticate(membre.medecin.user)
        r = _pv(api_client, reunion, issue="totale")
        assert r.status_code == 403, membre
        assert "procès-verbal" in r.json()["detail"]
    assert not ProcesVerbal.objects.exists() and Plainte.objects.get().statut == "convoquee"
    api_client.force_authenticate(conseil.president.medecin.user)
    assert _pv(api_client, reunion, issue="echec", desaccords="Le remboursement reste contesté.").status_code == 201


def test_un_medecin_ne_voit_pas_la_reunion(api_client, au):
    reunion = factories.ReunionFactory(plainte__medecin=factories.MedecinFactory(avec_compte=True))
    au(J(2026, 3, 26))
    api_client.force_authenticate(reunion.plainte.medecin.user)
    assert api_client.get(f"/api/conciliation/reunions/{reunion.pk}/").status_code == 404
    assert _pv(api_client, reunion, issue="totale").status_code == 404
