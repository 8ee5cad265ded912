"""In a real browser: the bank pages of the back-office (statements, credits waiting, handling a credit, slips,
the monthly statement and transfer) pass axe-core (RGAA 4.1 / WCAG 2.1 AA) and fit a 1 280 px screen; a credit
proposed on import is confirmed from its page."""

import datetime

import pytest

from cotisations import services
from cotisations.importation_releves import lire_releve
from cotisations.models import EtatLigne, LigneReleve
from tests import factories
from tests.browser.test_admin_tableau_navigateur import _accessible, _connecter_agent
from tests.cotisations.releves import ofx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_les_pages_de_la_banque_sont_accessibles_et_un_credit_se_confirme(nouvelle_page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    comptable = factories.StaffFactory(username="agent.compta", groupe="comptabilite")
    lefevre = factories.CotisationFactory(medecin=factories.MedecinFactory(nom="Lefèvre", prenom="Bérénice"))
    cheque = services.paiement_enregistrer(
        cotisation=factories.CotisationFactory(),
        montant="120.00",
        mode="cheque",
        date=datetime.date(2026, 3, 2),
        par=comptable,
    )
    bordereau = services.bordereau_etablir(paiements=[cheque], date=datetime.date(2026, 3, 3), par=comptable)
    operations = [
        ("F1", datetime.date(2026, 3, 12), "340.00", "VIR MME BERENICE LEFEVRE", "", "MME BERENICE LEFEVRE"),
        ("F2", datetime.date(2026, 3, 13), "55.55", "VIR INCONNU", "", "INCONNU"),
    ]
    services.releve_importer(releve=lire_releve(ofx(operations)), par=comptable, today=datetime.date(2026, 4, 2))
    ligne = LigneReleve.objects.get(reference_banque="F1")

    page = nouvelle_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    _connecter_agent(page, "agent.compta")
    page.wait_for_url("**/admin/")
    for nom, url in [
        ("relevés", "/admin/cotisations/relevebancaire/"),
        ("importer un relevé", "/admin/cotisations/relevebancaire/importer/"),
        ("crédits en attente", "/admin/cotisations/lignereleve/?a_traiter=oui"),
        ("traiter un crédit", f"/admin/cotisations/lignereleve/{ligne.pk}/traiter/"),
        ("bordereaux", "/admin/cotisations/bordereauremise/"),
        ("bordereau", f"/admin/cotisations/bordereauremise/{bordereau.pk}/change/"),
        ("établir un bordereau", "/admin/cotisations/bordereauremise/etablir/"),
        ("comptes bancaires", "/admin/cotisations/comptebancaire/"),
        ("versements", "/admin/cotisations/versementcnom/"),
        ("état mensuel", "/admin/cotisations/versementcnom/etat/?mois=2026-03-01"),
    ]:
        page.goto(url)
        _accessible(page, axe, nom)
        largeur = page.evaluate("document.documentElement.scrollWidth")
        assert largeur <= page.evaluate("window.innerWidth"), f"{nom} : {largeur} px"

    page.goto(f"/admin/cotisations/lignereleve/{ligne.pk}/traiter/")
    page.get_by_label("Rapprocher d'une cotisation").check()
    page.get_by_label("Cotisation proposée").select_option(str(lefevre.pk))
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url("**/admin/cotisations/lignereleve/?a_traiter=oui")
    ligne.refresh_from_db()
    assert ligne.etat == EtatLigne.RAPPROCHEE and ligne.paiement.montant == 340
