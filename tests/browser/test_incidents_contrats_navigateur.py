"""In a real browser (issue 13 points 7-8): on a phone (375 px), a doctor declares an incident of violence (a date
in the future refused beside its field, then the guidance and the helplines shown) and communicates a contract (a
file that is not a PDF by its content refused, then the PDF; the commission's opinion on his contracts page); on
a 1 280 px screen, the service juridique reads the declarations and the contracts in the back-office. Every page
passes axe-core (RGAA 4.1 / WCAG 2.1 AA) and fits the screen's width."""

import datetime

import pytest
from django.utils import timezone

from contrats.models import Contrat
from incidents.models import Incident
from tests import factories
from tests.browser.test_admin_tableau_navigateur import _accessible, _connecter_agent
from tests.browser.test_espace_navigateur import _verifier_accessibilite, se_connecter_a_l_espace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOUR = datetime.date(2026, 4, 16)


def _tient(page, nom):
    largeur = page.evaluate("document.documentElement.scrollWidth")
    assert largeur <= page.evaluate("window.innerWidth"), f"{nom} ({page.url}) : {largeur} px de large"


def _controler(page, axe, nom):
    page.reload()  # the axe helper starts from a fresh load (focus at the top)
    _verifier_accessibilite(page, axe, nom)
    _tient(page, nom)


def _controler_apres_envoi(page, axe, nom):
    resultats = axe.run(page)
    assert resultats.violations_count == 0, f"{nom} :\n{resultats.generate_report()}"
    _tient(page, nom)


def test_le_medecin_declare_un_incident_et_communique_un_contrat_sur_son_telephone(
    nouvelle_page, tmp_path, monkeypatch
):
    from axe_playwright_python.sync_playwright import Axe

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: JOUR)
    axe = Axe()
    medecin = factories.MedecinFactory(avec_compte=True, nom="Lafaye")
    faux = tmp_path / "contrat.pdf"
    faux.write_bytes(b"PK\x03\x04" + b"\x00" * 200)  # a Word document renamed .pdf
    vrai = tmp_path / "contrat-collaboration.pdf"
    vrai.write_bytes(factories.PDF_MINIMAL)

    page = nouvelle_page()
    page.set_viewport_size({"width": 375, "height": 800})
    se_connecter_a_l_espace(page, medecin)
    page.get_by_role("link", name="Incidents de violence").first.click()
    page.wait_for_url("**/espace/incidents/")
    _controler(page, axe, "incidents de violence")

    page.get_by_role("link", name="Déclarer un incident").click()
    page.wait_for_url("**/declarer/")
    _controler(page, axe, "déclarer un incident")
    page.get_by_label("Date des faits").fill("2026-04-20")
    page.get_by_label("Commune").fill("Sarlat-la-Canéda")
    page.get_by_label("Cabinet médical").check()
    page.get_by_label("Menaces").check()
    page.get_by_label("Un patient", exact=True).check()
    page.get_by_label("Ce qui s'est passé").fill("Un patient m'a menacé à l'accueil après un refus de certificat.")
    page.get_by_role("button", name="Enregistrer la déclaration").click()
    page.wait_for_load_state()
    assert "futur" in page.locator(".champ--erreur").first.inner_text()
    _controler_apres_envoi(page, axe, "déclaration refusée")
    assert not Incident.objects.exists()

    page.get_by_label("Date des faits").fill("2026-04-14")
    page.get_by_role("button", name="Enregistrer la déclaration").click()
    page.wait_for_url("**/espace/incidents/*/")
    assert "0800 288 038" in page.content() and "Porter plainte" in page.content()
    _controler(page, axe, "déclaration enregistrée")
    assert Incident.objects.get().declarant == medecin

    page.get_by_role("link", name="Mes contrats").first.click()
    page.wait_for_url("**/espace/contrats/")
    _controler(page, axe, "mes contrats")
    page.get_by_label("Collaboration libérale").check()
    page.get_by_label("Date de signature").fill("2026-04-01")
    page.get_by_label("Le contrat signé (PDF)").set_input_files(str(faux))
    page.get_by_role("button", name="Envoyer le contrat").click()
    page.wait_for_load_state()
    assert "PDF" in page.locator(".champ--erreur").first.inner_text()
    _controler_apres_envoi(page, axe, "contrat refusé")
    assert not Contrat.objects.exists()

    page.get_by_label("Le contrat signé (PDF)").set_input_files(str(vrai))
    page.get_by_role("button", name="Envoyer le contrat").click()
    page.wait_for_url("**/espace/contrats/*/")
    _controler(page, axe, "contrat reçu")
    contrat = Contrat.objects.get()
    contrat.statut, contrat.avis, contrat.avis_le = "avis_rendu", "favorable", JOUR
    contrat.motivation = "Le contrat garantit l'indépendance professionnelle du collaborateur et sa clientèle propre."
    contrat.save()
    page.reload()
    assert "Avis favorable" in page.content()
    _controler(page, axe, "avis rendu")


def test_le_service_juridique_lit_les_declarations_et_les_contrats_dans_le_back_office(nouvelle_page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    juriste = factories.StaffFactory(username="juriste", groupe="juridique")
    incident = factories.IncidentFactory()
    contrat = factories.ContratFactory()
    factories.LienContratFactory(contrat=contrat)
    page = nouvelle_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    _connecter_agent(page, juriste.username)
    for nom, url in (
        ("liste des incidents", "/admin/incidents/incident/"),
        ("déclaration d'incident", f"/admin/incidents/incident/{incident.pk}/change/"),
        ("liste des contrats", "/admin/contrats/contrat/"),
        ("contrat", f"/admin/contrats/contrat/{contrat.pk}/change/"),
        ("liens déclarés", "/admin/contrats/liencontrat/"),
    ):
        page.goto(url)
        _accessible(page, axe, nom)
        _tient(page, nom)
