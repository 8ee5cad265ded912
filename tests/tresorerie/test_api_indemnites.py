"""The allowances' API (CONTRACT.md tresorerie): GET /api/tresorerie/indemnites/, POST /api/tresorerie/vacations/, and
the yearly statement per member (JSON and XLSX) with CSG and CRDS withheld."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests import factories
from tresorerie import services
from tresorerie.models import Vacation

pytestmark = pytest.mark.django_db

INDEMNITES = "/api/tresorerie/indemnites/"
VACATIONS = "/api/tresorerie/vacations/"
RAPPORT = "/api/tresorerie/indemnites/rapport/"


@pytest.fixture
def tresorier(api_client, chaine):
    api_client.force_authenticate(chaine.user("tresorier"))
    return api_client


def test_get_indemnites_5501_inscrits(tresorier):
    r = tresorier.get(INDEMNITES, {"annee": 2027, "inscrits": 5501})
    assert r.status_code == 200, r.content
    assert r.json() == {"president": "28500.00", "secretaire_general": "19000.00", "tresorier": "14250.00"}


def test_get_indemnites_sans_inscrits_du_tableau_au_1er_octobre(tresorier, chaine):
    # The chain's 8 members are registered doctors since 2015; one more registered on 2 October does not count.
    factories.MedecinFactory(date_inscription=datetime.date(2026, 10, 2))
    r = tresorier.get(INDEMNITES, {"annee": 2027})
    assert r.json()["president"] == "7032.00"


def test_get_indemnites_sans_annee_prend_l_annee_en_cours(tresorier):
    annee = timezone.localdate().year
    factories.BaremeIndemnitesFactory(annee=annee)
    assert tresorier.get(INDEMNITES, {"inscrits": 1000}).json()["president"] == "11000.00"


@pytest.mark.parametrize("inscrits", ["-1", "abc", "12.5"])
def test_un_nombre_d_inscrits_invalide_est_un_400(tresorier, inscrits):
    r = tresorier.get(INDEMNITES, {"annee": 2027, "inscrits": inscrits})
    assert r.status_code == 400 and "inscrits" in r.json()


def test_une_annee_sans_bareme_est_un_400(tresorier):
    r = tresorier.get(INDEMNITES, {"annee": 2040, "inscrits": 10})
    assert r.status_code == 400 and "annee" in r.json()


def test_un_medecin_ou_un_anonyme_ne_lit_pas_les_indemnites(api_client, medecin):
    assert api_client.get(INDEMNITES, {"annee": 2027}).status_code in (401, 403)
    api_client.force_authenticate(medecin.user)
    assert api_client.get(INDEMNITES, {"annee": 2027}).status_code == 403


# --- POST vacations ------------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _inscrits_2027(request):
    # The month's cap is the SG's allowance / 12: with the few doctors of a test tableau it would stop the second
    # half-day; the council records its 5 501 registered doctors (SG 19 000 € → 1 583.33 € a month).
    if "chaine" in request.fixturenames and "inscrits_du_tableau" not in request.node.name:
        factories.RepartitionIndemnitesFactory(annee=2027, inscrits=5501)


def _poster(client, chaine, **donnees):
    corps = {"membre": chaine.membre.pk, "date": "2027-03-10", "duree": "demi_journee", **donnees}
    return client.post(VACATIONS, corps, format="json")


def test_post_vacation_renvoie_le_montant(tresorier, chaine):
    r = _poster(tresorier, chaine, duree="heure", heures="2", nature="conciliation")
    assert r.status_code == 201, r.content
    assert r.json()["montant"] == "161.00" and r.json()["nature"] == "conciliation"
    assert Vacation.objects.get().saisie_par == chaine.user("tresorier")


def test_au_dela_de_deux_vacations_par_jour_400_et_rien_n_est_ecrit(tresorier, chaine):
    assert _poster(tresorier, chaine).status_code == 201
    assert _poster(tresorier, chaine).status_code == 201
    r = _poster(tresorier, chaine)
    assert r.status_code == 400 and "duree" in r.json()
    assert Vacation.objects.count() == 2


def test_heures_manquantes_avec_heure_400(tresorier, chaine):
    r = _poster(tresorier, chaine, duree="heure")
    assert r.status_code == 400 and "heures" in r.json()
    assert not Vacation.objects.exists()


def test_demi_journee_de_moins_de_3_heures_400(tresorier, chaine):
    r = _poster(tresorier, chaine, heures="2")
    assert r.status_code == 400 and "heures" in r.json()


@pytest.mark.parametrize("heures", ["-2", 1.257, "deux"])
def test_des_heures_negatives_ou_mal_ecrites_400(tresorier, chaine, heures):
    r = _poster(tresorier, chaine, duree="heure", heures=heures)
    assert r.status_code == 400 and "heures" in r.json()
    assert not Vacation.objects.exists()


def test_une_duree_inconnue_400(tresorier, chaine):
    assert _poster(tresorier, chaine, duree="semaine").status_code == 400


def test_une_vacation_du_president_400(tresorier, chaine):
    r = _poster(tresorier, chaine, membre=chaine.president.pk)
    assert r.status_code == 400 and "membre" in r.json()


def test_un_conseiller_ne_saisit_pas_de_vacation_403(api_client, chaine):
    api_client.force_authenticate(chaine.user("membre"))
    assert _poster(api_client, chaine).status_code == 403
    assert not Vacation.objects.exists()


def test_la_comptabilite_saisit_et_liste_les_vacations(api_client, chaine):
    api_client.force_authenticate(factories.StaffFactory(groupe="comptabilite"))
    assert _poster(api_client, chaine).status_code == 201
    r = api_client.get(VACATIONS, {"membre": chaine.membre.pk, "annee": 2027})
    assert r.status_code == 200
    lignes = r.json()["results"] if isinstance(r.json(), dict) else r.json()
    assert [v["montant"] for v in lignes] == ["241.50"]


# --- the yearly statement ------------------------------------------------------------------------------------------


@pytest.fixture
def annee_2027(chaine):
    tresorier = chaine.user("tresorier")
    services.repartition_enregistrer(annee=2027, inscrits=5501, par=tresorier, today=datetime.date(2027, 3, 15))
    for jour, duree in ((10, "demi_journee"), (11, "journee")):
        services.vacation_enregistrer(
            membre_id=chaine.membre.pk,
            date=datetime.date(2027, 3, jour),
            duree=duree,
            par=tresorier,
            today=datetime.date(2027, 3, 15),
        )
    return chaine


def test_le_rapport_donne_brut_csg_crds_net_par_mois(annee_2027):
    rapport = services.indemnites_rapport(
        annee=2027, par=annee_2027.user("tresorier"), today=datetime.date(2027, 3, 15)
    )
    par_membre = {ligne["membre"]: ligne for ligne in rapport["lignes"]}
    membre = par_membre[annee_2027.membre.pk]
    mars = membre["mois"][2]
    # 724.50 € gross; base 98.25 % = 711.82125; CSG 9.2 % = 65.49; CRDS 0.5 % = 3.56; net 655.45.
    assert mars == {
        "mois": 3,
        "brut": Decimal("724.50"),
        "csg": Decimal("65.49"),
        "crds": Decimal("3.56"),
        "net": Decimal("655.45"),
    }
    assert membre["mois"][1]["brut"] == Decimal("0.00")
    president = par_membre[annee_2027.president.pk]
    assert [m["brut"] for m in president["mois"]] == [Decimal("2375.00")] * 12
    # 2 375 €: base 2 333.4375; CSG 214.68; CRDS 11.67.
    assert (president["mois"][0]["csg"], president["mois"][0]["crds"]) == (Decimal("214.68"), Decimal("11.67"))
    sg = par_membre[annee_2027.ordonnateur.pk]
    assert sum(m["brut"] for m in sg["mois"]) == Decimal("19000.00")  # December takes the cents left
    assert sg["mois"][0]["brut"] == Decimal("1583.33") and sg["mois"][11]["brut"] == Decimal("1583.37")
    assert rapport["total"]["brut"] == Decimal("28500.00") + Decimal("19000.00") + Decimal("14250.00") + Decimal(
        "724.50"
    )


def test_le_rapport_en_json_et_en_xlsx(api_client, annee_2027):
    api_client.force_authenticate(annee_2027.user("president"))
    r = api_client.get(RAPPORT, {"annee": 2027, "membre": annee_2027.membre.pk})
    assert r.status_code == 200, r.content
    assert r.json()["lignes"][0]["total"] == {"brut": "724.50", "csg": "65.49", "crds": "3.56", "net": "655.45"}
    r = api_client.get(RAPPORT, {"annee": 2027, "format": "xlsx"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    feuille = load_workbook(BytesIO(r.content)).active
    lignes = list(feuille.iter_rows(values_only=True))
    assert lignes[1] == ("Membre", "Indemnités", "Mois", "Brut", "CSG", "CRDS", "Net")
    assert lignes[-1][0] == "Total général" and lignes[-1][3] == pytest.approx(62474.5)


def test_un_conseiller_ne_lit_pas_le_rapport(api_client, annee_2027):
    api_client.force_authenticate(annee_2027.user("membre"))
    assert api_client.get(RAPPORT, {"annee": 2027}).status_code == 403
