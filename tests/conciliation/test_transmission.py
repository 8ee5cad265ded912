"""Transmission to the chambre disciplinaire de première instance (issue 12 point 5; CONTRACT.md): after a PV
partielle, echec or absence, or at once when no conciliation is due; on an adopted deliberation of a plenary
session, with a motivated opinion (not a bare formula); never for a conciliated, withdrawn or closed file; a
member linked to a party does not vote on it; late (after t0 + 3 months) recorded with `hors_delai`."""

import datetime

import pytest

from conciliation.models import Plainte
from tests import factories

from .conftest import AVIS, seance_de_transmission

pytestmark = pytest.mark.django_db
J = datetime.date


def _a_transmettre(issue="echec"):
    pv = factories.ProcesVerbalFactory(issue=issue, reunion__plainte__statut="a_transmettre")
    return pv.reunion.plainte


def _transmettre(api, plainte, deliberation, avis=AVIS, **corps):
    return api.post(
        f"/api/conciliation/plaintes/{plainte.pk}/transmettre/",
        {"deliberation": deliberation.pk, "avis": avis, **corps},
        format="json",
    )


def _inchangee(plainte):
    plainte = Plainte.objects.get(pk=plainte.pk)
    assert (plainte.date_transmission, plainte.deliberation_id, plainte.avis) == (None, None, "")
    return plainte


@pytest.mark.parametrize("issue", ["partielle", "echec", "absence"])
def test_apres_une_conciliation_partielle_un_echec_ou_une_absence(client_juridique, au, issue, monkeypatch):
    lettres = []
    monkeypatch.setattr(
        "conciliation.services.courriers.courriers_transmission",
        lambda plainte, *, par, today: lettres.append(plainte.pk),
    )
    plainte = _a_transmettre(issue)
    deliberation = seance_de_transmission(J(2026, 5, 14))
    au(J(2026, 5, 20))
    r = _transmettre(client_juridique, plainte, deliberation, conseil_se_joint=False)
    assert r.status_code == 200, r.json()
    d = r.json()
    assert (d["statut"], d["date_transmission"], d["hors_delai"], d["deliberation"]) == (
        "transmise",
        "2026-05-20",
        False,
        deliberation.pk,
    )
    assert d["avis"] == AVIS and lettres == [plainte.pk]


def test_sans_tentative_de_conciliation_la_transmission_est_refusee(client_juridique, conseil, au):
    plainte = factories.PlainteFactory()
    factories.ConciliateurFactory(plainte=plainte, membre=conseil.conciliateurs[0])
    au(J(2026, 5, 20))
    r = _transmettre(client_juridique, plainte, seance_de_transmission(J(2026, 5, 14)))
    assert r.status_code == 400 and "tentative de conciliation" in r.json()["detail"][0]
    assert _inchangee(plainte).statut == "enregistree"


@pytest.mark.parametrize("statut", ["conciliee", "retiree", "classee"])
def test_une_plainte_conciliee_retiree_ou_classee_n_est_jamais_transmise(client_juridique, au, statut):
    plainte = factories.PlainteFactory(statut=statut, motif_classement="Sans objet" if statut == "classee" else "")
    au(J(2026, 5, 20))
    r = _transmettre(client_juridique, plainte, seance_de_transmission(J(2026, 5, 14)))
    assert r.status_code == 400 and "n'est jamais transmise" in r.json()["detail"][0]
    assert _inchangee(plainte).statut == statut


@pytest.mark.parametrize("qualite", ["autorite_publique", "conseil"])
def test_une_plainte_d_une_autorite_est_transmise_sans_conciliation(client_juridique, au, qualite):
    plainte = factories.PlainteFactory(plaignant_qualite=qualite)
    au(J(2026, 3, 20))
    r = _transmettre(client_juridique, plainte, seance_de_transmission(J(2026, 3, 12)))
    assert r.status_code == 200, r.json()
    assert r.json()["statut"] == "transmise"


def test_la_deliberation_doit_etre_une_decision_adoptee_en_pleniere(client_juridique, au):
    plainte = _a_transmettre()
    au(J(2026, 5, 20))
    bureau = seance_de_transmission(J(2026, 5, 14), type="bureau")
    r = _transmettre(client_juridique, plainte, bureau)
    assert r.status_code == 400 and "séance plénière" in r.json()["deliberation"][0]
    rejetee = seance_de_transmission(J(2026, 5, 14), adoptee=False)
    r = _transmettre(client_juridique, plainte, rejetee)
    assert r.status_code == 400 and "n'a pas été adoptée" in r.json()["deliberation"][0]
    r = client_juridique.post(
        f"/api/conciliation/plaintes/{plainte.pk}/transmettre/", {"deliberation": 999999, "avis": AVIS}, format="json"
    )
    assert r.status_code == 400 and "deliberation" in r.json()
    assert _inchangee(plainte).statut == "a_transmettre"


@pytest.mark.parametrize("avis", ["", "Avis favorable.", "Le conseil, après en avoir délibéré, décide à l'unanimité."])
def test_un_avis_reduit_a_une_formule_est_refuse(client_juridique, au, avis):
    plainte = _a_transmettre()
    au(J(2026, 5, 20))
    r = _transmettre(client_juridique, plainte, seance_de_transmission(J(2026, 5, 14)), avis=avis)
    assert r.status_code == 400
    assert "avis" in r.json()
    _inchangee(plainte)


def test_un_membre_lie_a_une_partie_present_a_la_seance_ne_vote_pas(client_juridique, conseil, au):
    plainte = _a_transmettre()
    lie = conseil.conciliateurs[1]
    factories.LienDeclareFactory(plainte=plainte, membre=lie, description="Cousin de la plaignante")
    au(J(2026, 5, 20))
    votant = seance_de_transmission(J(2026, 5, 14), presents=[lie, conseil.president])
    r = _transmettre(client_juridique, plainte, votant)
    assert r.status_code == 400
    message = r.json()["deliberation"][0]
    assert lie.medecin.nom_complet in message and "Cousin de la plaignante" in message
    _inchangee(plainte)
    sorti = seance_de_transmission(J(2026, 5, 14), presents=[lie, conseil.president], non_participants=[lie])
    assert _transmettre(client_juridique, plainte, sorti).status_code == 200


def test_un_medecin_plaignant_membre_du_conseil_ne_vote_pas(client_juridique, conseil, au):
    plainte = _a_transmettre()
    plaignant = conseil.hors_commission
    Plainte.objects.filter(pk=plainte.pk).update(plaignant_qualite="medecin", plaignant_medecin=plaignant.medecin)
    au(J(2026, 5, 20))
    r = _transmettre(client_juridique, plainte, seance_de_transmission(J(2026, 5, 14), presents=[plaignant]))
    assert r.status_code == 400 and "plaignant" in r.json()["deliberation"][0]


def test_une_transmission_apres_trois_mois_est_enregistree_hors_delai(client_juridique, au):
    plainte = _a_transmettre()
    au(J(2026, 6, 3))
    r = _transmettre(client_juridique, plainte, seance_de_transmission(J(2026, 6, 1)))
    assert r.status_code == 200
    assert r.json()["hors_delai"] is True
    assert Plainte.objects.get(pk=plainte.pk).transmission_hors_delai is True


def test_une_plainte_transmise_ne_l_est_pas_deux_fois(client_juridique, au):
    plainte = _a_transmettre()
    au(J(2026, 5, 20))
    deliberation = seance_de_transmission(J(2026, 5, 14))
    assert _transmettre(client_juridique, plainte, deliberation).status_code == 200
    assert _transmettre(client_juridique, plainte, deliberation).status_code == 400


def test_un_membre_de_la_commission_ne_transmet_pas(api_client, conseil, au):
    plainte = _a_transmettre()
    au(J(2026, 5, 20))
    api_client.force_authenticate(conseil.conciliateurs[0].medecin.user)
    r = _transmettre(api_client, plainte, seance_de_transmission(J(2026, 5, 14)))
    assert r.status_code == 403
    _inchangee(plainte)


def test_un_membre_lie_parti_avant_le_vote_n_a_pas_a_figurer_parmi_les_non_participants(client_juridique, conseil, au):
    plainte = _a_transmettre()
    lie = conseil.conciliateurs[1]
    factories.LienDeclareFactory(plainte=plainte, membre=lie, description="Cousin de la plaignante")
    seance = factories.SeanceFactory(date=J(2026, 5, 14))
    factories.EmargementFactory(
        seance=seance, membre=lie, heure_arrivee=datetime.time(9, 0), heure_depart=datetime.time(10, 0)
    )
    deliberation = factories.DeliberationFactory(seance=seance, heure=datetime.time(11, 0))
    au(J(2026, 5, 20))
    assert _transmettre(client_juridique, plainte, deliberation).status_code == 200
    # Still in the room at the vote: he must be recorded as not taking part.
    autre = _a_transmettre()
    factories.LienDeclareFactory(plainte=autre, membre=lie, description="Cousin du médecin")
    seance = factories.SeanceFactory(date=J(2026, 5, 14))
    factories.EmargementFactory(seance=seance, membre=lie, heure_arrivee=datetime.time(9, 0))
    deliberation = factories.DeliberationFactory(seance=seance, heure=datetime.time(11, 0))
    r = _transmettre(client_juridique, autre, deliberation)
    assert r.status_code == 400 and "Cousin du médecin" in r.json()["deliberation"][0]


def test_une_transmission_faite_plus_tot_est_enregistree_a_sa_date_et_dans_le_delai(client_juridique, au):
    """Recorded on 3 June (after the 2 June deadline) a transmission that left on 1 June, the day of the plenary:
    the register tells the truth, `hors_delai` is judged on the day it left."""
    plainte = _a_transmettre()
    au(J(2026, 6, 3))
    r = _transmettre(client_juridique, plainte, seance_de_transmission(J(2026, 6, 1)), date_transmission="2026-06-01")
    assert r.status_code == 200, r.json()
    assert (r.json()["date_transmission"], r.json()["hors_delai"]) == ("2026-06-01", False)
    plainte = Plainte.objects.get(pk=plainte.pk)
    assert (plainte.date_transmission, plainte.transmission_hors_delai) == (J(2026, 6, 1), False)


@pytest.mark.parametrize(
    ("jour", "message"),
    [("2026-06-04", "ne peut pas être dans le futur"), ("2026-05-31", "précède la séance du 01/06/2026")],
)
def test_une_date_de_transmission_future_ou_avant_la_seance_est_refusee(client_juridique, au, jour, message):
    plainte = _a_transmettre()
    au(J(2026, 6, 3))
    r = _transmettre(client_juridique, plainte, seance_de_transmission(J(2026, 6, 1)), date_transmission=jour)
    assert r.status_code == 400 and message in r.json()["date_transmission"][0]
    assert _inchangee(plainte).statut == "a_transmettre"
