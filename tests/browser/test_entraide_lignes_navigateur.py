"""In a real browser (entraide-aides, issue 12 point 12): the helplines on the public page « Médecin en difficulté ? »
(reached from the home page) and on the espace médecin's home, as tel: links; both pages pass axe-core (RGAA 4.1 /
WCAG 2.1 AA) and fit a phone (375 px)."""

import pytest

from tests import factories
from tests.browser.test_espace_navigateur import _verifier_accessibilite, se_connecter_a_l_espace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tient(page, nom):
    largeur = page.evaluate("document.documentElement.scrollWidth")
    assert largeur <= page.evaluate("window.innerWidth"), f"{nom} ({page.url}) : {largeur} px de large"


def test_les_lignes_d_ecoute_se_trouvent_depuis_l_accueil_et_l_espace_et_passent_axe_core(nouvelle_page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = nouvelle_page()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/")
    page.get_by_role("link", name="Numéros d'écoute et d'entraide").click()
    assert page.locator("h1").inner_text() == "Médecin en difficulté ?"
    lien = page.get_by_role("link", name="0800 288 038 (appeler Entraide ordinale du CNOM)")
    assert lien.get_attribute("href") == "tel:+33800288038"
    page.reload()
    _verifier_accessibilite(page, axe, "médecin en difficulté")
    _tient(page, "médecin en difficulté")

    medecin = factories.MedecinFactory(avec_compte=True)
    espace = nouvelle_page()
    espace.set_viewport_size({"width": 375, "height": 800})
    se_connecter_a_l_espace(espace, medecin)
    assert (
        espace.get_by_role("link", name="0800 800 854 (appeler Aide psychologique 24 h/24 (AAPMS-PSYA))").count() == 1
    )
    espace.reload()
    _verifier_accessibilite(espace, axe, "accueil de l'espace")
    _tient(espace, "accueil de l'espace")
