"""Conciliators (issue 12 point 3; CONTRACT.md): designated by the président among the members seated on the
conciliation commission on that date; never the doctor concerned, a member who declared a link with a party, nor
the complainant doctor; a complaint by a public authority or an ordinal body has no conciliation."""

import datetime

import pytest

from conciliation.models import Conciliateur, LienDeclare
from tests import factories

pytestmark = pytest.mark.django_db
J = datetime.date


def _url(plainte):
    return f"/api/conciliation/plaintes/{plainte.pk}/conciliateurs/"


@pytest.fixture
def president(api_client, conseil, au):
    au(J(2026, 3, 5))
    api_client.force_authenticate(conseil.president.medecin.user)
    return api_client


def test_le_president_designe_des_membres_de_la_commission(president, conseil):
    plainte = factories.PlainteFactory()
    r = president.post(_url(plainte), {"membres": [m.pk for m in conseil.conciliateurs]}, format="json")
    assert r.status_code == 201, r.json()
    assert sorted(c["membre"] for c in r.json()["conciliateurs"]) == sorted(m.pk for m in conseil.conciliateurs)
    assert {c.designe_le for c in Conciliateur.objects.all()} == {J(2026, 3, 5)}


def test_le_president_peut_etre_conciliateur(president, conseil):
    plainte = factories.PlainteFactory()
    r = president.post(_url(plainte), {"membres": [conseil.president.pk]}, format="json")
    assert r.status_code == 201, r.json()


def test_un_membre_hors_de_la_commission_est_refuse_et_nomme(president, conseil):
    plainte = factories.PlainteFactory()
    r = president.post(
        _url(plainte), {"membres": [conseil.conciliateurs[0].pk, conseil.hors_commission.pk]}, format="json"
    )
    assert r.status_code == 400
    (message,) = r.json()["membres"]
    assert conseil.hors_commission.medecin.nom_complet in message
    assert "ne siège pas à la commission de conciliation le 05/03/2026" in message
    assert not Conciliateur.objects.exists()  # refused as a whole


def test_un_siege_termine_a_la_date_de_la_designation_ne_compte_plus(president, conseil):
    ancien = factories.MembreFactory()
    factories.SiegeCommissionFactory(commission=conseil.commission, membre=ancien, date_fin=J(2026, 3, 4))
    r = president.post(_url(factories.PlainteFactory()), {"membres": [ancien.pk]}, format="json")
    assert r.status_code == 400 and "ne siège pas" in r.json()["membres"][0]


def test_le_medecin_mis_en_cause_ne_concilie_pas(president, conseil):
    membre = conseil.conciliateurs[0]
    plainte = factories.PlainteFactory(medecin=membre.medecin)
    r = president.post(_url(plainte), {"membres": [membre.pk]}, format="json")
    assert r.status_code == 400
    assert "médecin mis en cause" in r.json()["membres"][0]
    assert not Conciliateur.objects.exists()


def test_un_membre_ayant_declare_un_lien_se_deporte(president, conseil):
    membre = conseil.conciliateurs[1]
    plainte = factories.PlainteFactory()
    factories.LienDeclareFactory(plainte=plainte, membre=membre, description="Médecin traitant de la plaignante")
    r = president.post(_url(plainte), {"membres": [membre.pk]}, format="json")
    assert r.status_code == 400
    assert "Médecin traitant de la plaignante" in r.json()["membres"][0]
    assert not Conciliateur.objects.exists()


def test_le_medecin_plaignant_membre_de_la_commission_ne_concilie_pas(president, conseil):
    membre = conseil.conciliateurs[2]
    plainte = factories.PlainteFactory(plaignant_qualite="medecin", plaignant_medecin=membre.medecin)
    r = president.post(_url(plainte), {"membres": [membre.pk]}, format="json")
    assert r.status_code == 400 and "plaignant" in r.json()["membres"][0]


def test_un_lien_declare_apres_la_designation_retire_le_conciliateur(president, conseil):
    membre = conseil.conciliateurs[0]
    plainte = factories.PlainteFactory()
    president.post(_url(plainte), {"membres": [membre.pk]}, format="json")
    r = president.post(
        f"/api/conciliation/plaintes/{plainte.pk}/liens/",
        {"membre": membre.pk, "description": "Associé du médecin mis en cause"},
        format="json",
    )
    assert r.status_code == 201, r.json()
    conciliateur = Conciliateur.objects.get()
    assert conciliateur.retire_le == J(2026, 3, 5)
    assert "Associé" in conciliateur.motif_retrait
    assert LienDeclare.objects.get().membre == membre


@pytest.mark.parametrize("qualite", ["autorite_publique", "conseil"])
def test_une_plainte_d_une_autorite_ou_d_une_instance_ordinale_n_a_pas_de_conciliation(president, conseil, qualite):
    plainte = factories.PlainteFactory(plaignant_qualite=qualite)
    r = president.post(_url(plainte), {"membres": [conseil.conciliateurs[0].pk]}, format="json")
    assert r.status_code == 400
    assert "n'est pas soumise à la conciliation" in r.json()["membres"][0]
    r = president.post(
        f"/api/conciliation/plaintes/{plainte.pk}/reunions/",
        {"date": "2026-03-20", "heure": "10:00", "lieu": "Siège"},
        format="json",
    )
    assert r.status_code == 400 and "transmet directement" in r.json()["detail"][0]
    assert not Conciliateur.objects.exists()


def test_un_membre_de_la_commission_qui_n_est_pas_president_ne_designe_pas(api_client, conseil, au):
    au(J(2026, 3, 5))
    api_client.force_authenticate(conseil.conciliateurs[0].medecin.user)
    plainte = factories.PlainteFactory()
    r = api_client.post(_url(plainte), {"membres": [conseil.conciliateurs[1].pk]}, format="json")
    assert r.status_code == 403
    assert not Conciliateur.objects.exists()


def test_le_service_juridique_enregistre_la_designation_du_president(client_juridique, conseil, au):
    au(J(2026, 3, 5))
    r = client_juridique.post(
        _url(factories.PlainteFactory()), {"membres": [conseil.conciliateurs[0].pk]}, format="json"
    )
    assert r.status_code == 201


def test_une_liste_vide_est_refusee(client_juridique, conseil, au):
    r = client_juridique.post(_url(factories.PlainteFactory()), {"membres": []}, format="json")
    assert r.status_code == 400 and "au moins un conciliateur" in r.json()["membres"][0]
