"""In a real browser, a volunteer's path (issue 13, solidarite): the doctor volunteers in his espace, the service
du tableau validates him in the back-office (the checks of the register run), a day is planned, the doctor finds
it in his espace with his private feed's link; the pages pass axe-core and the espace page fits a 375 px phone."""

import datetime

import pytest
from django.urls import reverse

from solidarite import services
from solidarite.models import Volontaire
from tests import factories
from tests.browser.test_admin_tableau_navigateur import _accessible
from tests.browser.test_espace_navigateur import _verifier_accessibilite, se_connecter_a_l_espace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TELEPHONE = 375


def test_le_parcours_d_un_volontaire(nouvelle_page, transactional_db):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    lieu = factories.LieuSolidariteFactory(nom="Centre de santé de Nontron", commune="Nontron")
    factories.LieuSolidariteFactory(nom="Maison de santé de Thiviers", commune="Thiviers")
    medecin = factories.MedecinFactory(avec_compte=True, nom="Dubreuil", prenom="Hélène")
    factories.StaffFactory(username="agent.tableau", groupe="tableau")

    # The doctor volunteers, on a phone.
    page = nouvelle_page()
    page.set_viewport_size({"width": TELEPHONE, "height": 800})
    se_connecter_a_l_espace(page, medecin)
    page.get_by_role("navigation", name="Espace médecin").get_by_role("link", name="Solidarité territoriale").click()
    assert page.locator("h1").inner_text() == "Solidarité territoriale"
    _verifier_accessibilite(page, axe, "solidarité territoriale, sans candidature")
    page.get_by_role("button", name="Déposer ma candidature").click()  # no place chosen: the form says so
    assert "Choisissez au moins un lieu." in page.locator("main").inner_text()
    page.goto(reverse("solidarite_espace:accueil"))
    page.get_by_label("Centre de santé de Nontron").check()
    page.get_by_label("Créneaux souhaités").fill("Un samedi par mois")
    page.get_by_role("button", name="Déposer ma candidature").click()
    assert "Votre candidature est déposée" in page.locator(".messages").inner_text()
    volontaire = Volontaire.objects.get(medecin=medecin)
    assert volontaire.statut == "deposee"

    # The service du tableau validates it in the back-office.
    agent = nouvelle_page()
    agent.goto("/admin/")
    agent.locator("#id_username").fill("agent.tableau")
    agent.locator("#id_password").fill(factories.MOT_DE_PASSE)
    agent.locator("input[type=submit]").click()
    agent.set_viewport_size({"width": 1280, "height": 800})
    agent.goto(reverse("admin:solidarite_volontaire_change", args=[volontaire.pk]))
    _accessible(agent, axe, "fiche d'un volontaire")
    agent.goto(reverse("admin:solidarite_volontaire_refuser", args=[volontaire.pk]))
    _accessible(agent, axe, "refuser une candidature")
    agent.goto(reverse("admin:solidarite_volontaire_changelist"))
    _accessible(agent, axe, "liste des volontaires")
    agent.locator(f"input[name=_selected_action][value='{volontaire.pk}']").check()
    agent.locator("select[name=action]").select_option("valider")
    agent.locator("button[name=index]").click()
    assert "1 candidature(s) validée(s)." in agent.locator(".messagelist").inner_text()
    volontaire.refresh_from_db()
    assert volontaire.statut == "validee"
    assert medecin.activites.filter(type="solidarite_territoriale").exists()

    services.journee_planifier(
        volontaire=volontaire,
        lieu=lieu,
        date=datetime.date(2026, 10, 24),
        debut=datetime.time(9),
        fin=datetime.time(17),
        par=medecin.user,
        today=datetime.date(2026, 10, 1),
    )

    for nom, url in [
        ("liste des journées", reverse("admin:solidarite_journee_changelist")),
        ("liste des lieux", reverse("admin:solidarite_lieu_changelist")),
        ("ajout d'une journée", reverse("admin:solidarite_journee_add")),
    ]:
        agent.goto(url)
        _accessible(agent, axe, nom)
        assert agent.evaluate("document.documentElement.scrollWidth") <= 1280, nom

    # The doctor finds his day and his feed.
    page.goto(reverse("solidarite_espace:accueil"))
    texte = page.locator("main").inner_text()
    assert "Validée" in texte and "24/10/2026" in texte and "Centre de santé de Nontron" in texte
    _verifier_accessibilite(page, axe, "solidarité territoriale, candidature validée")
    largeur = page.evaluate("document.documentElement.scrollWidth")
    assert largeur <= TELEPHONE, f"{largeur} px de large sur un écran de {TELEPHONE} px"
    lien = page.locator(".lien-agenda a").get_attribute("href")
    assert volontaire.jeton_agenda in lien
    assert page.request.get(lien).status == 200
    page.get_by_role("button", name="Créer un nouveau lien (l'ancien ne fonctionnera plus)").click()
    assert page.request.get(lien).status == 404
    assert page.requetes_externes == [] and agent.requetes_externes == []
