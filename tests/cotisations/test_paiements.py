"""Payments, receipts and counter-entries; the hardship exemption; the API's 400s and the doctor's 404."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from cotisations import services
from cotisations.models import Cotisation, Paiement
from tests import factories
from tests.concurrence import en_meme_temps

J = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def cotisation(db):
    return factories.CotisationFactory(medecin=factories.MedecinFactory(avec_compte=True))


FEVRIER = datetime.date(2026, 2, 1)


def _payer(cotisation, montant, par, date=FEVRIER):
    return services.paiement_enregistrer(cotisation=cotisation, montant=D(montant), mode="cheque", date=date, par=par)


def test_paiement_partiel_puis_solde(cotisation, systeme):
    p1 = _payer(cotisation, "100.00", systeme)
    p2 = _payer(cotisation, "240.00", systeme)
    cotisation.refresh_from_db()
    assert (cotisation.montant_paye, cotisation.solde, cotisation.statut) == (D("340.00"), D("0.00"), "payee")
    assert [p1.numero_recu, p2.numero_recu] == ["2026-000001", "2026-000002"]


@pytest.mark.parametrize("montant", ["0.00", "-5.00", "340.01"])
def test_montant_non_positif_ou_au_dela_du_solde_refuse_sans_rien_ecrire(cotisation, systeme, montant):
    with pytest.raises(ValidationError):
        _payer(cotisation, montant, systeme)
    cotisation.refresh_from_db()
    assert cotisation.montant_paye == 0 and not Paiement.objects.exists()
    assert _payer(cotisation, "340.00", systeme).numero_recu == "2026-000001"  # no number lost


def test_les_recus_se_suivent_par_annee(systeme):
    a, b = factories.CotisationFactory(), factories.CotisationFactory()
    assert _payer(a, "10.00", systeme, J(2026, 12, 31)).numero_recu == "2026-000001"
    assert _payer(b, "10.00", systeme, J(2027, 1, 2)).numero_recu == "2027-000001"
    assert _payer(a, "10.00", systeme, J(2026, 12, 31)).numero_recu == "2026-000002"


def test_l_annulation_est_une_contre_passation(cotisation, systeme):
    paiement = _payer(cotisation, "340.00", systeme)
    contre = services.paiement_annuler(
        paiement=paiement, motif="Chèque sans provision", par=systeme, today=J(2026, 3, 1)
    )
    cotisation.refresh_from_db()
    assert (cotisation.montant_paye, cotisation.statut) == (D("0.00"), "due")
    assert contre.montant == D("-340.00") and contre.annule == paiement
    assert Paiement.objects.count() == 2  # nothing deleted
    with pytest.raises(ValidationError):
        services.paiement_annuler(paiement=paiement, motif="Encore", par=systeme, today=J(2026, 3, 1))
    assert Paiement.objects.count() == 2


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_paiements_du_solde_en_meme_temps_un_seul_passe():
    systeme = factories.systeme()
    cotisation = factories.CotisationFactory()
    resultats = en_meme_temps(*[lambda: _payer(cotisation, "340.00", systeme) for _ in range(2)])
    assert [r.ok for r in resultats].count(True) == 1, resultats
    assert all(isinstance(r.erreur, ValidationError) for r in resultats if not r.ok)
    cotisation.refresh_from_db()
    assert cotisation.montant_paye == D("340.00") and Paiement.objects.count() == 1


# --- exemption ------------------------------------------------------------------------------------------------------


@pytest.fixture
def deliberation(db):
    return factories.DeliberationFactory(seance=factories.SeanceFactory(type="pleniere"))


def test_exoneration_insuffisance_de_ressources(cotisation, systeme, deliberation):
    services.exoneration_accorder(
        cotisation=cotisation,
        motif="insuffisance_ressources",
        taux=50,
        deliberation=deliberation,
        par=systeme,
        today=J(2026, 3, 12),
    )
    cotisation.refresh_from_db()
    assert (cotisation.montant_du, cotisation.exoneration_deliberation) == (D("170.00"), deliberation)


@pytest.mark.parametrize("taux", [30, 0, 75])
def test_exoneration_de_50_ou_100_seulement(cotisation, systeme, deliberation, taux):
    with pytest.raises(ValidationError, match="50 % ou de 100 %"):
        services.exoneration_accorder(
            cotisation=cotisation,
            motif="insuffisance_ressources",
            taux=taux,
            deliberation=deliberation,
            par=systeme,
            today=J(2026, 3, 12),
        )
    cotisation.refresh_from_db()
    assert cotisation.montant_du == D("340.00") and not cotisation.exoneration_motif


def test_exoneration_sans_deliberation_pleniere_refusee(cotisation, systeme):
    bureau = factories.DeliberationFactory(seance=factories.SeanceFactory(type="bureau"))
    for deliberation in (None, bureau):
        with pytest.raises(ValidationError, match="plénière"):
            services.exoneration_accorder(
                cotisation=cotisation,
                motif="insuffisance_ressources",
                taux=100,
                deliberation=deliberation,
                par=systeme,
                today=J(2026, 3, 12),
            )
    cotisation.refresh_from_db()
    assert cotisation.montant_du == D("340.00")


# --- API ------------------------------------------------------------------------------------------------------------


@pytest.fixture
def compta(api_client):
    api_client.force_authenticate(factories.StaffFactory(groupe="comptabilite"))
    return api_client


def test_api_detail_et_paiement(compta, cotisation):
    url = f"/api/cotisations/{cotisation.pk}/"
    donnees = compta.get(url).json()
    assert donnees["solde"] == "340.00" and donnees["exoneration"] is None and donnees["relances"] == []
    assert donnees["reference"].startswith("RF")
    r = compta.post(f"{url}paiements/", {"montant": "40.00", "mode": "virement", "date": "2026-02-03"}, format="json")
    assert r.status_code == 201 and r.json()["numero_recu"] == "2026-000001"
    assert compta.get("/api/cotisations/?statut=due&annee=2026").json()["count"] == 1


@pytest.mark.parametrize("montant", ["0", "-1.00", "400.00"])
def test_api_montant_refuse(compta, cotisation, montant):
    r = compta.post(
        f"/api/cotisations/{cotisation.pk}/paiements/",
        {"montant": montant, "mode": "cb", "date": "2026-02-03"},
        format="json",
    )
    assert r.status_code == 400 and "montant" in r.json()
    assert not Paiement.objects.exists()


def test_api_exoneration_400(compta, cotisation, deliberation):
    url = f"/api/cotisations/{cotisation.pk}/exonerations/"
    r = compta.post(
        url, {"motif": "insuffisance_ressources", "taux": 30, "deliberation": deliberation.pk}, format="json"
    )
    assert r.status_code == 400 and "taux" in r.json()
    r = compta.post(url, {"motif": "insuffisance_ressources", "taux": 100}, format="json")
    assert r.status_code == 400 and "deliberation" in r.json()
    r = compta.post(
        url, {"motif": "insuffisance_ressources", "taux": 100, "deliberation": deliberation.pk}, format="json"
    )
    assert r.status_code == 201 and r.json()["exoneration"] == {"motif": "insuffisance_ressources", "taux": 100}


def test_api_bareme_et_campagne(compta):
    r = compta.post(
        "/api/cotisations/baremes/",
        {
            "annee": 2030,
            "montant_plein": "350.00",
            "montant_retraite": "100.00",
            "montant_societe": "300.00",
            "montant_liste_etrangers": "170.00",
            "frais_lrar": "7.00",
            "taux_interet_legal_s1": "2.76",
            "taux_interet_legal_s2": "2.76",
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert compta.get("/api/cotisations/baremes/2030/").json()["montant_plein"] == "350.00"
    factories.MedecinFactory()
    assert compta.post("/api/cotisations/campagnes/2030/appeler/").json() == {"creees": 1, "existantes": 0}
    assert compta.post("/api/cotisations/campagnes/2030/appeler/").json() == {"creees": 0, "existantes": 1}
    assert compta.post("/api/cotisations/campagnes/2031/appeler/").status_code == 400


def test_un_medecin_ne_voit_que_ses_cotisations(api_client, cotisation):
    autre = factories.MedecinFactory(avec_compte=True)
    api_client.force_authenticate(autre.user)
    assert api_client.get(f"/api/cotisations/{cotisation.pk}/").status_code == 404
    r = api_client.post(
        f"/api/cotisations/{cotisation.pk}/paiements/",
        {"montant": "1.00", "mode": "cb", "date": "2026-02-03"},
        format="json",
    )
    assert r.status_code == 404
    assert api_client.get("/api/cotisations/").json()["count"] == 0
    api_client.force_authenticate(cotisation.medecin.user)
    assert api_client.get(f"/api/cotisations/{cotisation.pk}/").status_code == 200
    assert Cotisation.objects.get(pk=cotisation.pk).montant_paye == 0
