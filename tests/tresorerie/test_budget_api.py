"""CONTRACT.md tresorerie: POST/GET /api/tresorerie/budgets/ (id, annee, lignes [{id, rubrique, libelle, montant,
disponible}]), POST …/budgets/{id}/adopter/ (deliberation), POST /api/tresorerie/virements/ (de, vers, montant →
the budget's total unchanged; beyond the available credit → 400)."""

import datetime
from decimal import Decimal

import pytest

from tests import factories
from tresorerie.models import Budget, Virement

pytestmark = pytest.mark.django_db

BUDGETS = "/api/tresorerie/budgets/"
VIREMENTS = "/api/tresorerie/virements/"


def _connecter(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def test_le_secretaire_general_cree_un_budget_avec_ses_lignes(api_client, chaine):
    reponse = _connecter(api_client, chaine.user("ordonnateur")).post(
        BUDGETS,
        {
            "annee": 2030,
            "lignes": [
                {"rubrique": "6064", "montant": "12000.00"},
                {"rubrique": "7561", "montant": "420000.00", "libelle": "Quote-part des cotisations"},
            ],
        },
        format="json",
    )
    assert reponse.status_code == 201, reponse.json()
    donnees = reponse.json()
    assert donnees["annee"] == 2030 and donnees["statut"] == "preparation"
    assert [(ligne["rubrique"], ligne["montant"], ligne["disponible"]) for ligne in donnees["lignes"]] == [
        ("6064", "12000.00", "12000.00"),
        ("7561", "420000.00", "420000.00"),
    ]
    assert donnees["lignes"][0]["libelle"] == "Fournitures administratives"
    assert set(donnees["lignes"][0]) == {"id", "rubrique", "libelle", "montant", "disponible"}
    detail = api_client.get(f"{BUDGETS}{donnees['id']}/").json()
    assert detail["lignes"] == donnees["lignes"]


def test_la_comptabilite_cree_un_budget(api_client, db):
    comptable = factories.StaffFactory(groupe="Comptabilité")
    reponse = _connecter(api_client, comptable).post(BUDGETS, {"annee": 2030, "lignes": []}, format="json")
    assert reponse.status_code == 201


def test_un_medecin_ne_cree_ni_ne_lit_les_budgets(api_client, chaine, budget):
    _connecter(api_client, chaine.user("membre"))
    assert api_client.post(BUDGETS, {"annee": 2030, "lignes": []}, format="json").status_code == 403
    medecin = factories.MedecinFactory(avec_compte=True)
    _connecter(api_client, medecin.user)
    assert api_client.get(BUDGETS).status_code == 403
    assert not Budget.objects.filter(annee=2030).exists()


def test_une_ligne_sur_un_compte_non_budgetaire_400(api_client, chaine):
    reponse = _connecter(api_client, chaine.user("tresorier")).post(
        BUDGETS, {"annee": 2030, "lignes": [{"rubrique": "512", "montant": "10.00"}]}, format="json"
    )
    assert reponse.status_code == 400 and "lignes" in reponse.json()
    assert not Budget.objects.filter(annee=2030).exists()


def test_un_montant_en_flottant_400(api_client, chaine):
    reponse = _connecter(api_client, chaine.user("tresorier")).post(
        BUDGETS, {"annee": 2030, "lignes": [{"rubrique": "6064", "montant": 10.5}]}, format="json"
    )
    assert reponse.status_code == 400
    assert "chaîne décimale" in str(reponse.json())
    assert not Budget.objects.filter(annee=2030).exists()


def test_la_liste_donne_le_disponible_de_chaque_ligne(api_client, chaine, budget, ligne_fournitures):
    factories.EngagementFactory(ligne=ligne_fournitures, montant=Decimal("1200.00"))
    donnees = _connecter(api_client, chaine.user("liquidateur")).get(BUDGETS).json()
    assert donnees["count"] == 1
    lignes = {ligne["rubrique"]: ligne for ligne in donnees["results"][0]["lignes"]}
    assert lignes["6064"]["montant"] == "10000.00" and lignes["6064"]["disponible"] == "8800.00"


def test_adopter_par_l_api_en_citant_la_deliberation(api_client, chaine):
    budget = factories.BudgetFactory(annee=2030, statut="preparation")
    factories.LigneBudgetaireFactory(budget=budget)
    deliberation = factories.DeliberationFactory(seance__date=datetime.date(2026, 10, 2))
    _connecter(api_client, chaine.user("ordonnateur"))
    reponse = api_client.post(f"{BUDGETS}{budget.pk}/adopter/", {}, format="json")
    assert reponse.status_code == 400 and "deliberation" in reponse.json()
    reponse = api_client.post(f"{BUDGETS}{budget.pk}/adopter/", {"deliberation": deliberation.pk}, format="json")
    assert reponse.status_code == 200, reponse.json()
    assert reponse.json()["statut"] == "adopte" and reponse.json()["deliberation"] == deliberation.pk


def test_virement_par_l_api_le_total_ne_change_pas(api_client, chaine, budget, ligne_fournitures):
    deplacements = budget.lignes.get(compte__numero="6251")
    _connecter(api_client, chaine.user("ordonnateur"))
    avant = api_client.get(f"{BUDGETS}{budget.pk}/").json()
    reponse = api_client.post(
        VIREMENTS, {"de": ligne_fournitures.pk, "vers": deplacements.pk, "montant": "2500.00"}, format="json"
    )
    assert reponse.status_code == 201, reponse.json()
    assert reponse.json()["montant"] == "2500.00" and reponse.json()["propose_par"] == chaine.user("tresorier").pk
    apres = api_client.get(f"{BUDGETS}{budget.pk}/").json()
    disponibles = {ligne["rubrique"]: Decimal(ligne["disponible"]) for ligne in apres["lignes"]}
    assert disponibles["6064"] == Decimal("7500.00") and disponibles["6251"] == Decimal("7500.00")
    assert sum(Decimal(ligne["disponible"]) for ligne in apres["lignes"]) == sum(
        Decimal(ligne["disponible"]) for ligne in avant["lignes"]
    )
    assert api_client.get(f"{VIREMENTS}{reponse.json()['id']}/").status_code == 200


def test_virement_au_dela_du_disponible_400_et_rien_n_est_ecrit(api_client, chaine, budget, ligne_fournitures):
    deplacements = budget.lignes.get(compte__numero="6251")
    reponse = _connecter(api_client, chaine.user("ordonnateur")).post(
        VIREMENTS, {"de": ligne_fournitures.pk, "vers": deplacements.pk, "montant": "10000.01"}, format="json"
    )
    assert reponse.status_code == 400 and "montant" in reponse.json()
    assert not Virement.objects.exists()


def test_virement_par_le_tresorier_403(api_client, chaine, budget, ligne_fournitures):
    deplacements = budget.lignes.get(compte__numero="6251")
    reponse = _connecter(api_client, chaine.user("tresorier")).post(
        VIREMENTS, {"de": ligne_fournitures.pk, "vers": deplacements.pk, "montant": "10.00"}, format="json"
    )
    assert reponse.status_code == 403
    assert not Virement.objects.exists()


def test_virement_vers_une_ligne_inconnue_400(api_client, chaine, ligne_fournitures):
    reponse = _connecter(api_client, chaine.user("ordonnateur")).post(
        VIREMENTS, {"de": ligne_fournitures.pk, "vers": 999999, "montant": "10.00"}, format="json"
    )
    assert reponse.status_code == 400 and "vers" in reponse.json()
