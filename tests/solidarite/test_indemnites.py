"""The daily allowance (issue 13 point 5; seed 004: 200 EUR a day worked; CONTRACT.md indemnites): the days
`effectuee` of the month times the year's parameter, the monthly statement (PDF, XLSX), a paid day locked."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from solidarite import services
from solidarite.models import Journee, ParametreIndemnite
from tests import factories

pytestmark = pytest.mark.django_db

OCTOBRE = datetime.date(2026, 10, 1)


@pytest.fixture
def journees(volontaire, lieu):
    faites = [
        factories.JourneeFactory(volontaire=volontaire, lieu=lieu, date=datetime.date(2026, 10, d), statut="effectuee")
        for d in (3, 24)
    ]
    autre = factories.VolontaireFactory(lieux=[lieu])
    factories.JourneeFactory(volontaire=autre, lieu=lieu, date=datetime.date(2026, 10, 10), statut="effectuee")
    factories.JourneeFactory(volontaire=autre, lieu=lieu, date=datetime.date(2026, 10, 17), statut="annulee")
    factories.JourneeFactory(volontaire=autre, lieu=lieu, date=datetime.date(2026, 11, 7), statut="effectuee")
    return faites, autre


def test_le_bareme_initial_est_de_200_euros_des_2025():
    assert ParametreIndemnite.objects.get(annee=2025).montant_journalier == Decimal("200.00")
    assert services.montant_journalier(2026) == Decimal("200.00")


def test_l_api_des_indemnites_compte_les_journees_effectuees_du_mois(client, journees, staff_compta, medecin):
    faites, autre = journees
    client.force_login(staff_compta)
    reponse = client.get("/api/solidarite/indemnites/?mois=2026-10")
    assert reponse.status_code == 200
    assert reponse.json() == [
        {"medecin": medecin.pk, "jours": 2, "montant": "400.00"},
        {"medecin": autre.medecin_id, "jours": 1, "montant": "200.00"},
    ]


def test_un_nouveau_bareme_annuel_s_applique_a_son_annee(client, journees, staff_compta):
    factories.ParametreIndemniteFactory(annee=2026, montant_journalier=Decimal("220.00"))
    client.force_login(staff_compta)
    assert client.get("/api/solidarite/indemnites/?mois=2026-10").json()[0]["montant"] == "440.00"


def test_un_mois_mal_ecrit_est_un_400(client, staff_compta):
    client.force_login(staff_compta)
    reponse = client.get("/api/solidarite/indemnites/?mois=octobre")
    assert reponse.status_code == 400 and "mois" in reponse.json()


def test_un_medecin_ne_lit_pas_les_indemnites(client, medecin):
    client.force_login(medecin.user)
    assert client.get("/api/solidarite/indemnites/?mois=2026-10").status_code == 403


def test_le_releve_mensuel_en_pdf_et_en_xlsx(client, journees, staff_compta, medecin):
    client.force_login(staff_compta)
    pdf = client.get(f"/api/solidarite/indemnites/releve.pdf?mois=2026-10&medecin={medecin.pk}")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"/api/solidarite/indemnites/releve.xlsx?mois=2026-10&medecin={medecin.pk}")
    assert xlsx.status_code == 200
    feuille = load_workbook(io.BytesIO(xlsx.content)).active
    valeurs = [[c.value for c in ligne] for ligne in feuille.iter_rows()]
    assert valeurs[-1][:2] == ["Total", "2 journée(s)"] and valeurs[-1][6] == 400


def test_payer_verrouille_les_journees_et_ne_paie_pas_deux_fois(client, journees, staff_compta, medecin):
    faites, _ = journees
    client.force_login(staff_compta)
    donnees = {"medecin": medecin.pk, "mois": "2026-10", "date_paiement": "2026-11-15"}
    reponse = client.post("/api/solidarite/indemnites/payer/", donnees, content_type="application/json")
    assert reponse.status_code == 201, reponse.content
    assert reponse.json()["montant"] == "400.00" and reponse.json()["jours"] == 2
    assert Journee.objects.filter(pk__in=[j.pk for j in faites], paiement__isnull=False).count() == 2
    deuxieme = client.post("/api/solidarite/indemnites/payer/", donnees, content_type="application/json")
    assert deuxieme.status_code == 400
    # the locked day: cancelling it through the API → 400, nothing changed
    annuler = client.post(
        f"/api/solidarite/journees/{faites[0].pk}/annuler/", {"motif": "Erreur"}, content_type="application/json"
    )
    assert annuler.status_code in (400, 403)
