"""In a real browser, on the demo data: the budget of the year (its lines inline), its execution page (the inline SVG
chart and its tables) and the CNOM export's page pass axe-core (RGAA 4.1 / WCAG 2.1 AA), fit a 1 280 px screen, and
the execution's XLSX downloads."""

import pytest

from tests.browser.test_admin_pages_navigateur import HAUTEUR, LARGEUR, _tient_dans_l_ecran
from tests.browser.test_admin_tableau_navigateur import _accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan_comptable(transactional_db):
    """The accounting plan and the yearly parameters the migrations load: a transactional test before this one
    flushed them."""
    from importlib import import_module

    from django.apps import apps

    for migration in ("0002_plan_comptable", "0004_budget_parametres_initiaux"):
        import_module(f"tresorerie.migrations.{migration}").charger(apps, None)


@pytest.fixture
def demo_avec_budget(plan_comptable, comptes_demo):
    return comptes_demo


def test_le_budget_et_son_execution_passent_axe_core(nouvelle_page, demo_avec_budget):
    from axe_playwright_python.sync_playwright import Axe
    from django.utils import timezone

    from tresorerie.models import Budget

    budget = Budget.objects.get(annee=timezone.localdate().year)
    axe = Axe()
    identifiant, mot_de_passe = demo_avec_budget["Superutilisateur"]
    page = nouvelle_page()
    page.set_viewport_size({"width": LARGEUR, "height": HAUTEUR})
    page.goto("/admin/")
    page.locator("#id_username").fill(identifiant)
    page.locator("#id_password").fill(mot_de_passe)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")

    page.goto("/admin/tresorerie/budget/")
    _accessible(page, axe, "liste des budgets")
    _tient_dans_l_ecran(page, "liste des budgets")

    page.goto(f"/admin/tresorerie/budget/{budget.pk}/change/")
    _accessible(page, axe, "budget de l'année")
    page.get_by_role("link", name="Exécution").first.click()
    page.wait_for_url("**/execution/")
    _accessible(page, axe, "exécution du budget")
    _tient_dans_l_ecran(page, "exécution du budget")
    assert page.locator("svg[role=img] rect").count() >= 3
    assert page.locator("table caption", has_text="Dépenses du budget").count() == 1
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Exporter en XLSX").click()
    assert telechargement.value.suggested_filename == f"execution-budget-{budget.annee}.xlsx"

    page.goto(f"/admin/tresorerie/budget/{budget.pk}/cnom/")
    _accessible(page, axe, "transmission au conseil national")
