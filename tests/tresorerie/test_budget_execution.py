"""The budget's execution by heading (issue 11 point 10): voted, transfers, engaged, liquidated, paid, available for
the expenses; the dues called and collected on their income lines (7561 doctors, 7562 companies); the position at
30 September with the Q4 forecast sent to the CNOM; the admin's page (inline SVG chart), its XLSX exports."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories
from tests.requetes import connecter_personnel
from tresorerie.models import Budget
from tresorerie.selectors import disponible, execution_budget, situation_au_30_septembre

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def execution(budget, ligne_fournitures):
    """On 6064 (10 000 €): 1 000 engaged, 2 000 engaged then liquidated 1 800, 3 000 liquidated 2 900 and paid, 500
    cancelled; a transfer of 400 € out to 6251."""
    lf = ligne_fournitures
    factories.EngagementFactory(ligne=lf, montant=D("1000.00"), engage_le=datetime.date(2027, 2, 1))
    factories.EngagementFactory(
        ligne=lf,
        montant=D("2000.00"),
        montant_liquide=D("1800.00"),
        statut="liquide",
        liquide_le=datetime.date(2027, 3, 1),
    )
    factories.EngagementFactory(
        ligne=lf,
        montant=D("3000.00"),
        montant_liquide=D("2900.00"),
        statut="paye",
        liquide_le=datetime.date(2027, 3, 1),
        paye_le=datetime.date(2027, 10, 5),
    )
    factories.EngagementFactory(ligne=lf, montant=D("500.00"), statut="annule", annule_le=datetime.date(2027, 3, 2))
    factories.VirementFactory(budget=budget, de=lf, vers=budget.lignes.get(compte__numero="6251"), montant=D("400.00"))
    return execution_budget(budget)


def _rang(execution, rubrique, cote="depenses"):
    return next(r for r in execution[cote] if r["rubrique"] == rubrique)


def test_l_execution_par_rubrique_vote_engage_liquide_paye_disponible(execution, ligne_fournitures):
    rang = _rang(execution, "6064")
    assert rang["vote"] == D("10000.00") and rang["virements"] == D("-400.00") and rang["ouvert"] == D("9600.00")
    assert rang["engage"] == D("5700.00")  # 1 000 + 1 800 + 2 900, the cancelled one holds nothing
    assert rang["liquide"] == D("4700.00") and rang["paye"] == D("2900.00")
    assert rang["disponible"] == D("3900.00") == disponible(ligne_fournitures)
    assert _rang(execution, "6251")["disponible"] == D("5400.00")


def test_les_totaux_de_l_execution(execution):
    total = execution["total_depenses"]
    assert total["vote"] == D("15000.00") and total["ouvert"] == D("15000.00")  # a transfer leaves the total
    assert total["disponible"] == D("9300.00")


def test_les_cotisations_appelees_et_encaissees_sur_leurs_lignes_de_recettes(budget):
    factories.LigneBudgetaireFactory(budget=budget, compte=factories.compte("7562"), montant=D("9000.00"))
    medecin = factories.CotisationFactory(annee=2027, montant_du=D("340.00"))
    factories.CotisationFactory(annee=2027, montant_du=D("100.00"))
    factories.CotisationFactory(annee=2026, montant_du=D("999.00"))  # another year
    societe = factories.CotisationFactory(
        annee=2027,
        medecin=None,
        societe=factories.SocieteFactory(),
        categorie="societe",
        montant_du=D("300.00"),
        reference="RF12SOCIETE2027",
    )
    factories.PaiementFactory(cotisation=medecin, montant=D("340.00"), date=datetime.date(2027, 2, 1))
    factories.PaiementFactory(cotisation=societe, montant=D("150.00"), date=datetime.date(2027, 2, 1))
    execution = execution_budget(budget)
    medecins, societes = _rang(execution, "7561", "recettes"), _rang(execution, "7562", "recettes")
    assert (medecins["appele"], medecins["encaisse"]) == (D("440.00"), D("340.00"))
    assert (societes["appele"], societes["encaisse"]) == (D("300.00"), D("150.00"))
    assert medecins["reste"] == D("400000.00") - D("340.00")


def test_la_situation_au_30_septembre_et_la_prevision_du_quatrieme_trimestre(execution):
    situation = situation_au_30_septembre(2027)
    rang = _rang(situation, "6064")
    assert situation["au"] == datetime.date(2027, 9, 30)
    assert rang["paye"] == D("0.00")  # paid on 5 October
    assert rang["realise"] == D("4700.00") and rang["prevision_t4"] == D("1566.67")  # 4 700 / 3, half up
    assert rang["estime"] == D("6266.67")


def test_l_execution_se_compte_en_requetes_bornees(budget, ligne_fournitures, django_assert_max_num_queries):
    for _ in range(30):
        factories.EngagementFactory(ligne=ligne_fournitures, montant=D("1.00"))
    with django_assert_max_num_queries(7):
        execution_budget(Budget.objects.get(pk=budget.pk))


# --- the admin --------------------------------------------------------------------------------------------------------


def test_la_page_d_execution_montre_le_graphique_et_les_montants(client, execution, budget):
    connecter_personnel(client, "tresorerie.budget")
    reponse = client.get(reverse("admin:tresorerie_budget_execution", args=[budget.pk]))
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "<svg" in contenu and "<script" not in contenu.split("<svg")[1].split("</svg>")[0]
    assert "3\u202f900,00" in contenu


def test_l_execution_s_exporte_en_xlsx(client, execution, budget):
    connecter_personnel(client, "tresorerie.budget")
    reponse = client.get(reverse("admin:tresorerie_budget_execution", args=[budget.pk]) + "?export=xlsx")
    assert reponse["Content-Type"].startswith("application/vnd.openxmlformats")
    feuille = load_workbook(BytesIO(reponse.content)).active
    lignes = [[c.value for c in rang] for rang in feuille.iter_rows()]
    fournitures = next(ligne for ligne in lignes if ligne[0] == "6064")
    assert fournitures[2:9] == [10000, -400, 9600, 5700, 4700, 2900, 3900]


def test_l_export_cnom_enregistre_la_transmission_et_donne_la_situation_au_30_septembre(client, execution, budget):
    suivant = factories.BudgetFactory(annee=2028, statut="adopte")
    factories.LigneBudgetaireFactory(budget=suivant, compte=factories.compte("6064"), montant=D("11000.00"))
    connecter_personnel(client, "tresorerie.budget")
    url = reverse("admin:tresorerie_budget_cnom", args=[suivant.pk])
    assert client.get(url).status_code == 200
    suivant.refresh_from_db()
    assert suivant.transmis_le is None  # a GET writes nothing
    reponse = client.post(url)
    assert reponse.status_code == 200, reponse.content[:500]
    classeur = load_workbook(BytesIO(reponse.content))
    assert classeur.sheetnames == ["Budget 2028", "Situation au 30 septembre"]
    situation = [[c.value for c in rang] for rang in classeur["Situation au 30 septembre"].iter_rows()]
    assert ["6064", "Fournitures administratives", 10000, 5700, 4700, 1566.67, 6266.67] in situation
    suivant.refresh_from_db()
    assert suivant.statut == "transmis" and suivant.transmis_le is not None


def test_l_export_cnom_d_un_budget_non_adopte_est_refuse_sans_rien_ecrire(client):
    budget = factories.BudgetFactory(annee=2028, statut="preparation")
    connecter_personnel(client, "tresorerie.budget")
    reponse = client.post(reverse("admin:tresorerie_budget_cnom", args=[budget.pk]), follow=True)
    assert "doit d&#x27;abord être adopté" in reponse.content.decode() or "doit d'abord être adopté" in (
        reponse.content.decode()
    )
    budget.refresh_from_db()
    assert budget.transmis_le is None


def test_adopter_depuis_le_back_office(client, chaine):
    budget = factories.BudgetFactory(annee=2028, statut="preparation")
    factories.LigneBudgetaireFactory(budget=budget)
    deliberation = factories.DeliberationFactory(seance__date=datetime.date(2026, 10, 2))
    connecter_personnel(client, "tresorerie.budget")
    url = reverse("admin:tresorerie_budget_adopter", args=[budget.pk])
    assert client.get(url).status_code == 200
    reponse = client.post(url, {"deliberation": deliberation.pk})
    assert reponse.status_code == 302
    budget.refresh_from_db()
    assert budget.statut == "adopte" and budget.deliberation == deliberation


def test_la_dotation_depuis_le_back_office(client, budget):
    connecter_personnel(client, "tresorerie.budget")
    url = reverse("admin:tresorerie_budget_dotation", args=[budget.pk])
    reponse = client.post(url, {"montant": "35000.00", "notifiee_le": "2026-11-15"})
    assert reponse.status_code == 302
    assert budget.lignes.get(compte__numero="7401").montant == D("35000.00")


def test_les_lignes_en_preparation_se_saisissent_dans_le_budget(client):
    budget = factories.BudgetFactory(annee=2028, statut="preparation")
    connecter_personnel(client, "tresorerie.budget")
    url = reverse("admin:tresorerie_budget_change", args=[budget.pk])
    assert client.get(url).status_code == 200
    donnees = {
        "lignes-TOTAL_FORMS": "2",
        "lignes-INITIAL_FORMS": "0",
        "lignes-MIN_NUM_FORMS": "0",
        "lignes-MAX_NUM_FORMS": "1000",
        "lignes-0-compte": factories.compte("6064").pk,
        "lignes-0-libelle": "",
        "lignes-0-montant": "12000.00",
        "lignes-1-compte": factories.compte("512").pk,
        "lignes-1-libelle": "",
        "lignes-1-montant": "5.00",
    }
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200 and "rubrique budgétaire" in reponse.content.decode()
    assert not budget.lignes.exists()
    donnees["lignes-TOTAL_FORMS"] = "1"
    reponse = client.post(url, donnees)
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    assert budget.lignes.get().montant == D("12000.00")
