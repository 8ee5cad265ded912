"""In a real browser: the legal service's conciliation pages of the documents slice (the échéances, the reminders,
the parameters) pass axe-core and fit a 1 280 px screen."""

import datetime

import pytest

from conciliation.models import ParametreConciliation
from tests import factories
from tests.browser.test_admin_tableau_navigateur import _accessible, _connecter_agent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_les_pages_des_echeances_passent_axe_core_et_tiennent_dans_l_ecran(nouvelle_page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    factories.StaffFactory(username="agent.juridique", groupe="juridique")
    aujourdhui = datetime.date.today()
    en_retard = factories.PlainteFactory(date_enregistrement=aujourdhui - datetime.timedelta(days=40))
    factories.ReunionFactory(plainte=en_retard, date=aujourdhui + datetime.timedelta(days=3), hors_delai=True)
    factories.PlainteFactory(date_enregistrement=aujourdhui - datetime.timedelta(days=27))
    factories.RappelEcheanceFactory(plainte=en_retard)
    parametre = ParametreConciliation.objects.get()
    pages = [
        ("échéances légales", "/admin/conciliation/rappelecheance/echeances/"),
        ("rappels d'échéances", "/admin/conciliation/rappelecheance/"),
        ("paramètres", "/admin/conciliation/parametreconciliation/"),
        ("paramètres (fiche)", f"/admin/conciliation/parametreconciliation/{parametre.pk}/change/"),
    ]
    page = nouvelle_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    _connecter_agent(page, "agent.juridique")
    page.wait_for_url("**/admin/")
    for nom, url in pages:
        page.goto(url)
        assert page.url.endswith(url), f"{nom} : {page.url}"
        _accessible(page, axe, nom)
        largeur = page.evaluate("document.documentElement.scrollWidth")
        assert largeur <= page.evaluate("window.innerWidth"), f"{nom} : {largeur} px de large"
    page.goto("/admin/conciliation/rappelecheance/echeances/")
    assert page.get_by_text("Dépassée", exact=True).count() == 1
