"""In a real browser: the allowances' back-office pages (scale, plenary decision, vacations, allowances of other
structures; lists, add and change pages) pass axe-core and fit a 1 280 px screen, for the accounting service."""

import datetime

import pytest

from tests import factories
from tests.browser.test_admin_tableau_navigateur import _accessible, _connecter_agent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_les_pages_des_indemnites_passent_axe_core_et_tiennent_dans_l_ecran(nouvelle_page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    factories.StaffFactory(username="agent.comptable", groupe="comptabilite")
    factories.BaremeIndemnitesFactory(annee=2027)
    decision = factories.RepartitionIndemnitesFactory(annee=2027)
    vacation = factories.VacationFactory(date=datetime.date(2027, 3, 10))
    autre = factories.IndemniteAutreStructureFactory()
    pages = [
        ("barèmes des indemnités", "/admin/tresorerie/baremeindemnites/"),
        ("barème 2027", "/admin/tresorerie/baremeindemnites/2027/change/"),
        ("décisions", "/admin/tresorerie/repartitionindemnites/"),
        ("décision 2027", f"/admin/tresorerie/repartitionindemnites/{decision.pk}/change/"),
        ("ajout d'une décision", "/admin/tresorerie/repartitionindemnites/add/"),
        ("vacations", "/admin/tresorerie/vacation/"),
        ("une vacation", f"/admin/tresorerie/vacation/{vacation.pk}/change/"),
        ("ajout d'une vacation", "/admin/tresorerie/vacation/add/"),
        ("autres structures", "/admin/tresorerie/indemniteautrestructure/"),
        ("une autre structure", f"/admin/tresorerie/indemniteautrestructure/{autre.pk}/change/"),
    ]
    page = nouvelle_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    _connecter_agent(page, "agent.comptable")
    page.wait_for_url("**/admin/")
    for nom, url in pages:
        page.goto(url)
        assert page.url.endswith(url), f"{nom} : {page.url}"
        _accessible(page, axe, nom)
        largeur = page.evaluate("document.documentElement.scrollWidth")
        assert largeur <= page.evaluate("window.innerWidth"), f"{nom} : {largeur} px de large"
