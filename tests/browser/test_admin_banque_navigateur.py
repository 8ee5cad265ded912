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
        ("cotisations", "/admin/cotisations/cotisation/"),
        ("appeler les cotisations", "/admin/cotisations/cotisation/appeler/"),
        ("paiements", "/admin/cotisations/paiement/"),
        ("enregistrer un paiement", "/admin/cotisations/paiement/enregistrer/"),
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


def test_un_cheque_se_saisit_au_clavier_par_la_reference_de_l_appel(nouvelle_page):
    """The treasurer's most frequent act, in the browser: the form reached from the payments' list, filled by its
    labels, its refusal shown beside the amount (axe-core on the page with its error), then accepted."""
    from axe_playwright_python.sync_playwright import Axe

    from cotisations.models import Paiement

    axe = Axe()
    factories.StaffFactory(username="agent.tresor", groupe="comptabilite")
    cotisation = factories.CotisationFactory()
    page = nouvelle_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    _connecter_agent(page, "agent.tresor")
    page.wait_for_url("**/admin/")
    page.goto("/admin/cotisations/paiement/")
    page.get_by_role("link", name="Enregistrer un paiement (chèque, virement, espèces)").click()
    page.get_by_label("Référence de paiement").fill(cotisation.reference)
    page.get_by_label("Montant (€)").fill("400.00")
    page.get_by_label("Mode de paiement").select_option("cheque")
    page.get_by_label("Date du paiement").fill("02/03/2026")
    page.get_by_role("button", name="Valider").click()
    assert "solde" in page.locator(".errorlist").first.inner_text()
    _accessible(page, axe, "paiement refusé")
    page.get_by_label("Montant (€)").fill("340.00")
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url("**/admin/cotisations/paiement/")
    assert Paiement.objects.get().numero_recu in page.locator(".messagelist").inner_text()
