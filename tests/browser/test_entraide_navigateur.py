"""In a real browser (entraide-dossier, issue 12): a doctor fills the guided questionnaire of a request for mutual
aid in his espace (a wrong answer refused with what he typed kept), follows its status, joins a document; the
entraide's staff opens the file in the back-office (its read logged and shown). Every page passes axe-core (RGAA 4.1
/ WCAG 2.1 AA); the espace fits a phone, the back-office 1 280 px."""

import pytest

from commun.models import JournalAcces
from entraide.models import Demande
from tests import factories
from tests.browser.test_admin_tableau_navigateur import _accessible
from tests.browser.test_espace_navigateur import _verifier_accessibilite, se_connecter_a_l_espace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SITUATION = "Liquidation judiciaire du cabinet prononcée le 12 janvier 2026 ; loyers du logement impayés."


def _tient(page, nom):
    largeur = page.evaluate("document.documentElement.scrollWidth")
    assert largeur <= page.evaluate("window.innerWidth"), f"{nom} ({page.url}) : {largeur} px de large"


def test_le_medecin_demande_de_l_aide_et_le_secretariat_ouvre_le_dossier(nouvelle_page, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    medecin = factories.MedecinFactory(avec_compte=True, nom="Kerhervé", prenom="Anne")
    factories.StaffFactory(username="agent.entraide", groupe="Secrétariat de l'entraide")
    releve = tmp_path / "releve.pdf"
    releve.write_bytes(factories.PDF_MINIMAL)

    page = nouvelle_page()
    page.set_viewport_size({"width": 375, "height": 800})
    se_connecter_a_l_espace(page, medecin)
    page.goto("/espace/entraide/")
    _verifier_accessibilite(page, axe, "entraide")
    _tient(page, "entraide")

    page.get_by_role("link", name="Faire une demande d'aide").click()
    page.wait_for_url("**/nouvelle/")
    page.reload()
    _verifier_accessibilite(page, axe, "questionnaire d'entraide")
    _tient(page, "questionnaire d'entraide")
    page.get_by_label("Difficultés financières").check()
    page.get_by_label("Exposé de votre situation").fill(SITUATION)
    page.get_by_label("Revenus mensuels du demandeur (€)").fill("beaucoup")
    page.get_by_label("Créanciers et montants dus").fill("URSSAF 23 456 €")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.locator("#erreurs-formulaire").wait_for()
    assert page.get_by_label("Exposé de votre situation").input_value() == SITUATION
    assert page.get_by_label("Créanciers et montants dus").input_value() == "URSSAF 23 456 €"
    resultats = axe.run(page)
    assert resultats.violations_count == 0, f"questionnaire avec erreurs :\n{resultats.generate_report()}"
    assert Demande.objects.count() == 0

    page.get_by_label("Revenus mensuels du demandeur (€)").fill("1 850,50")
    page.get_by_label("Procédure collective ou contentieuse").select_option("liquidation")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url("**/espace/entraide/*/")
    page.reload()
    _verifier_accessibilite(page, axe, "ma demande d'entraide")
    _tient(page, "ma demande d'entraide")
    page.get_by_label("Pièces justificatives").set_input_files([str(releve)])
    page.get_by_role("button", name="Joindre").click()
    page.locator(".messages").wait_for()
    assert "releve.pdf" in page.locator("main").inner_text()
    demande = Demande.objects.get()
    assert demande.questionnaire["revenus_mensuels"] == "1850.50"

    agent = nouvelle_page()
    agent.set_viewport_size({"width": 1280, "height": 800})
    agent.goto("/admin/")
    agent.locator("#id_username").fill("agent.entraide")
    agent.locator("#id_password").fill(factories.MOT_DE_PASSE)
    agent.locator("input[type=submit]").click()
    agent.wait_for_url("**/admin/")
    agent.goto("/admin/entraide/demande/")
    _accessible(agent, axe, "demandes d'entraide")
    _tient(agent, "demandes d'entraide")
    agent.goto(f"/admin/entraide/demande/{demande.pk}/change/")
    _accessible(agent, axe, "fiche d'une demande d'entraide")
    _tient(agent, "fiche d'une demande d'entraide")
    assert "Liquidation judiciaire" in agent.locator("main, #content").first.inner_text()
    agent.goto("/admin/entraide/demande/add/")
    _accessible(agent, axe, "déposer une demande d'entraide")
    _tient(agent, "déposer une demande d'entraide")
    agent.goto("/admin/entraide/referententraide/add/")
    _accessible(agent, axe, "désigner le référent")
    assert JournalAcces.objects.filter(utilisateur__username="agent.entraide", accorde=True).exists()
    assert page.requetes_externes == [] and agent.requetes_externes == []
