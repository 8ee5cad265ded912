"""In a real browser, on the demo data: the treasurer's dashboard (the SVG chart and its table) and the unpaid-dues
statement pass axe-core (RGAA 4.1 / WCAG 2.1 AA) and fit a 1 280 px screen; the statement's date is chosen on the
page and its XLSX downloads."""

import pytest

from tests.browser.test_admin_pages_navigateur import HAUTEUR, LARGEUR, _tient_dans_l_ecran
from tests.browser.test_admin_tableau_navigateur import _accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def baremes(transactional_db):
    """The scales migration 0002 loads: a transactional test before this one flushed them."""
    from importlib import import_module

    from django.apps import apps

    import_module("cotisations.migrations.0002_baremes_initiaux").charger(apps, None)


def test_le_tableau_de_bord_et_l_etat_des_impayes_passent_axe_core(nouvelle_page, baremes, comptes_demo):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    identifiant, mot_de_passe = comptes_demo["Superutilisateur"]
    page = nouvelle_page()
    page.set_viewport_size({"width": LARGEUR, "height": HAUTEUR})
    page.goto("/admin/")
    page.locator("#id_username").fill(identifiant)
    page.locator("#id_password").fill(mot_de_passe)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("link", name="Tableau de bord du trésorier").count() == 1
    assert page.get_by_role("link", name="État des impayés").count() == 1

    page.goto("/admin/cotisations/tableaudebord/")
    _accessible(page, axe, "tableau de bord du trésorier")
    _tient_dans_l_ecran(page, "tableau de bord du trésorier")
    assert page.locator("svg[role=img] polyline").count() >= 1
    assert page.locator("table caption", has_text="Taux de recouvrement cumulé").count() == 1

    page.goto("/admin/cotisations/etatimpayes/")
    _accessible(page, axe, "état des impayés")
    page.get_by_label("Date de l'état").fill("2026-12-31")
    page.get_by_role("button", name="Afficher l'état").click()
    page.wait_for_url("**date=2026-12-31**")
    _accessible(page, axe, "état des impayés au 31 décembre")
    _tient_dans_l_ecran(page, "état des impayés au 31 décembre")
    assert "Total général" in page.locator("#content").inner_text()
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger l'état complet (XLSX)").click()
    assert telechargement.value.suggested_filename == "etat-impayes-2026-12-31.xlsx"
