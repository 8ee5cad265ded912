"""In a real browser: the liquidateur finds in his espace the expense waiting for him, joins the invoice (a wrong
file refused by its content first), liquidates it; the ordonnateur orders it, the trésorier pays it. Every page
passes axe-core (RGAA 4.1 / WCAG 2.1 AA) and fits a phone (375 px)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests import factories
from tests.browser.test_espace_navigateur import _verifier_accessibilite, se_connecter_a_l_espace
from tresorerie.models import Engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _plan_comptable(transactional_db):
    """The accounting plan and the replacement limits (migration data), loaded again after an earlier
    transactional test flushed them (tests/tresorerie/conftest.py donnees_initiales, not visible from here)."""
    from importlib import import_module

    from django.apps import apps

    import_module("tresorerie.migrations.0002_plan_comptable").charger(apps, None)
    import_module("tresorerie.migrations.0003_chaine").charger_plafonds(apps, None)


def _tient(page, nom):
    largeur = page.evaluate("document.documentElement.scrollWidth")
    assert largeur <= page.evaluate("window.innerWidth"), f"{nom} ({page.url}) : {largeur} px de large"


def _elu(fonction, nom):
    debut = timezone.localdate() - datetime.timedelta(days=120)
    membre = factories.MembreFactory(medecin=factories.MedecinFactory(avec_compte=True, nom=nom), date_debut=debut)
    factories.FonctionFactory(membre=membre, fonction=fonction, date_debut=debut)
    return membre.medecin


def _page(nouvelle_page, medecin):
    page = nouvelle_page()
    page.set_viewport_size({"width": 375, "height": 800})
    se_connecter_a_l_espace(page, medecin)
    page.wait_for_url("**/espace/")
    return page


def test_une_facture_liquidee_ordonnancee_et_payee_depuis_l_espace_des_elus(nouvelle_page, tmp_path, settings):
    from axe_playwright_python.sync_playwright import Axe

    settings.MEDIA_ROOT = str(tmp_path / "medias")
    axe = Axe()
    sg, liquidateur, tresorier = (
        _elu("secretaire_general", "Castagné"),
        _elu("liquidateur", "Delpech"),
        _elu("tresorier", "Lagarde"),
    )
    budget = factories.BudgetFactory(annee=timezone.localdate().year, statut="adopte")
    ligne = factories.LigneBudgetaireFactory(budget=budget, compte=factories.compte("6064"), montant=Decimal("6000.00"))
    e = factories.EngagementFactory(
        ligne=ligne,
        objet="Ramettes et toner",
        montant=Decimal("480.00"),
        engage_par=sg.user,
        engage_le=timezone.localdate(),
    )
    faux = tmp_path / "facture.pdf"
    faux.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)  # a program renamed .pdf
    vraie = tmp_path / "facture-papeterie.pdf"
    vraie.write_bytes(factories.PDF_MINIMAL)

    page = _page(nouvelle_page, liquidateur)
    page.goto("/espace/tresorerie/")
    _verifier_accessibilite(page, axe, "dépenses à signer (liquidateur)")
    _tient(page, "dépenses à signer")
    page.get_by_role("link", name=f"Liquider l'engagement {e.numero}").click()
    page.wait_for_url(f"**/espace/tresorerie/{e.pk}/")
    page.reload()
    _verifier_accessibilite(page, axe, "engagement à liquider")
    _tient(page, "engagement à liquider")
    page.get_by_label("Pièce justificative").set_input_files(str(faux))
    page.get_by_role("button", name="Joindre la pièce").click()
    page.locator("#erreurs-formulaire").wait_for()
    assert "d'après son contenu" in page.locator("main").inner_text()
    resultats = axe.run(page)
    assert resultats.violations_count == 0, f"pièce refusée :\n{resultats.generate_report()}"
    _tient(page, "pièce refusée")
    page.get_by_label("Pièce justificative").set_input_files(str(vraie))
    page.get_by_role("button", name="Joindre la pièce").click()
    page.locator(".messages").wait_for()
    assert "facture-papeterie.pdf" in page.locator(".messages").inner_text()
    page.get_by_label("Montant liquidé (en euros)").fill("475,20")
    page.get_by_role("button", name="Liquider la dépense").click()
    page.locator(".messages").wait_for()
    assert "est liquidé" in page.locator(".messages").inner_text()
    page.goto(f"/espace/tresorerie/{e.pk}/")  # a fresh load (the skip link left #contenu in the URL)
    _verifier_accessibilite(page, axe, "engagement liquidé")
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="facture-papeterie.pdf").click()
    assert telechargement.value.suggested_filename == "facture-papeterie.pdf"

    ordonnateur = _page(nouvelle_page, sg)
    ordonnateur.goto("/espace/tresorerie/")
    ordonnateur.get_by_role("link", name=f"Ordonnancer l'engagement {e.numero}").click()
    ordonnateur.get_by_role("button", name="Ordonnancer la dépense").click()
    ordonnateur.locator(".messages").wait_for()

    payeur = _page(nouvelle_page, tresorier)
    payeur.goto("/espace/tresorerie/")
    payeur.get_by_role("link", name=f"Payer l'engagement {e.numero}").click()
    payeur.wait_for_url(f"**/espace/tresorerie/{e.pk}/")
    payeur.reload()
    _verifier_accessibilite(payeur, axe, "engagement à payer")
    _tient(payeur, "engagement à payer")
    payeur.get_by_label("Mode de règlement").select_option("virement")
    payeur.get_by_role("button", name="Payer la dépense").click()
    payeur.locator(".messages").wait_for()
    assert "est payé" in payeur.locator(".messages").inner_text()

    e.refresh_from_db()
    assert (e.statut, e.montant_liquide) == ("paye", Decimal("475.20"))
    assert (e.liquide_par, e.ordonnance_par, e.paye_par) == (liquidateur.user, sg.user, tresorier.user)
    assert Engagement.objects.count() == 1
    assert page.requetes_externes == [] and payeur.requetes_externes == []


def test_les_pages_de_la_chaine_dans_le_back_office_passent_axe_core_a_1280_px(nouvelle_page, tmp_path, settings):
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.test_admin_tableau_navigateur import _accessible

    settings.MEDIA_ROOT = str(tmp_path / "medias")
    axe = Axe()
    factories.StaffFactory(username="agent.compta", groupe="comptabilite")
    sg = _elu("secretaire_general", "Castagné")
    budget = factories.BudgetFactory(annee=timezone.localdate().year, statut="adopte")
    ligne = factories.LigneBudgetaireFactory(budget=budget, compte=factories.compte("6064"), montant=Decimal("6000.00"))
    e = factories.EngagementFactory(
        ligne=ligne,
        objet="Ordinateur de l'accueil (volé)",
        engage_par=sg.user,
        engage_le=timezone.localdate(),
        remplacement_bien=True,
        demande_dotation_complementaire=True,
    )
    factories.PieceJustificativeFactory(engagement=e, deposee_par=sg.user)
    autorisation = factories.AutorisationDepenseUrgenteFactory(ligne__budget=budget)
    from tresorerie.models import PlafondsRemplacement

    plafonds = PlafondsRemplacement.objects.order_by("annee").first()

    agent = nouvelle_page()
    agent.set_viewport_size({"width": 1280, "height": 800})
    agent.goto("/admin/")
    agent.locator("#id_username").fill("agent.compta")
    agent.locator("#id_password").fill(factories.MOT_DE_PASSE)
    agent.locator("input[type=submit]").click()
    agent.wait_for_url("**/admin/")
    pages = [
        ("engagements", "/admin/tresorerie/engagement/"),
        ("engagements pour la commission", "/admin/tresorerie/engagement/?dotation=oui"),
        ("fiche d'un engagement", f"/admin/tresorerie/engagement/{e.pk}/change/"),
        ("historique d'un engagement", f"/admin/tresorerie/engagement/{e.pk}/history/"),
        ("pièces justificatives", "/admin/tresorerie/piecejustificative/"),
        ("joindre une pièce", "/admin/tresorerie/piecejustificative/add/"),
        ("autorisations urgentes", "/admin/tresorerie/autorisationdepenseurgente/"),
        ("fiche d'une autorisation", f"/admin/tresorerie/autorisationdepenseurgente/{autorisation.pk}/change/"),
        ("plafonds du remplacement", "/admin/tresorerie/plafondsremplacement/"),
        ("fiche des plafonds", f"/admin/tresorerie/plafondsremplacement/{plafonds.pk}/change/"),
    ]
    for nom, url in pages:
        agent.goto(url)
        _accessible(agent, axe, nom)
        _tient(agent, nom)
