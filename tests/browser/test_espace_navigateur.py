"""In a real browser: a staff member finds a doctor in the back-office, then that doctor corrects their address in
the espace médecin; every espace page passes axe-core (RGAA 4.1 / WCAG 2.1 AA) and starts with the skip link."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tableau.models import DeclarationPerteOrdonnances, Medecin
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def se_connecter_a_l_espace(page, medecin, mot_de_passe=factories.MOT_DE_PASSE):
    page.goto(reverse("espace:connexion"))
    page.get_by_label("Numéro RPPS").fill(medecin.rpps)
    page.get_by_label("Mot de passe").fill(mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()


def test_un_agent_trouve_le_medecin_dans_le_back_office_puis_le_medecin_corrige_son_adresse(
    nouvelle_page, transactional_db
):
    factories.StaffFactory(username="agent.tableau", groupe="tableau")
    medecin = factories.MedecinFactory(avec_compte=True, nom="Dubreuil", prenom="Hélène")
    factories.MedecinFactory(nom="Marty")

    # The staff member, in the back-office.
    agent = nouvelle_page()
    agent.goto("/admin/")
    agent.locator("#id_username").fill("agent.tableau")
    agent.locator("#id_password").fill(factories.MOT_DE_PASSE)
    agent.locator("input[type=submit]").click()
    agent.get_by_role("link", name="Médecins", exact=True).first.click()
    agent.locator("#searchbar").fill("Dubreuil")
    agent.locator("#searchbar").press("Enter")
    resultats = agent.locator("#result_list tbody tr")
    assert resultats.count() == 1
    resultats.first.get_by_role("link").first.click()
    assert re.search(rf"/admin/tableau/medecin/{medecin.pk}/change/", agent.url)
    assert medecin.rpps in agent.content()  # the record, whether the RPPS is editable there or not

    # The doctor, in their own browser session.
    page = nouvelle_page()
    se_connecter_a_l_espace(page, medecin)
    assert page.locator("h1").inner_text() == "Ma fiche au tableau"
    page.get_by_role("link", name="Mes coordonnées").first.click()
    page.get_by_label("Adresse de correspondance").fill("3 allée des Tilleuls")
    page.get_by_label("Code postal de correspondance").fill("24200")
    page.get_by_label("Ville de correspondance").fill("Sarlat-la-Canéda")
    page.get_by_role("button", name="Enregistrer mes coordonnées").click()
    assert "Vos coordonnées ont été enregistrées." in page.locator(".messages").inner_text()
    assert "3 allée des Tilleuls" in page.locator("main").inner_text()

    medecin = Medecin.objects.get(pk=medecin.pk)
    assert (medecin.adresse_correspondance, medecin.code_postal_correspondance, medecin.ville_correspondance) == (
        "3 allée des Tilleuls",
        "24200",
        "Sarlat-la-Canéda",
    )
    ligne = medecin.history.first()
    assert ligne.history_user_id == medecin.user_id
    assert ligne.ville_correspondance == "Sarlat-la-Canéda"

    assert agent.requetes_externes == [] and page.requetes_externes == []


def _verifier_accessibilite(page, axe, nom):
    resultats = axe.run(page)
    assert resultats.violations_count == 0, f"{nom} ({page.url}) :\n{resultats.generate_report()}"
    assert page.title(), f"{nom} : pas de titre de page"
    assert page.locator("h1").count() == 1, f"{nom} : il faut un seul h1"
    # Keyboard: the first Tab after loading reaches the skip link, which leads to the main content.
    assert page.evaluate("document.activeElement === document.body"), f"{nom} : le focus ne part pas du haut"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "lien-evitement", f"{nom} : lien d'évitement"
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu", (
        f"{nom} : le lien d'évitement ne mène pas au contenu"
    )
    # The skip link left #contenu in the address: a later reload would land on it with the focus inside the page.
    page.evaluate("history.replaceState(null, '', location.pathname + location.search)")
    assert page.requetes_externes == [], f"{nom} : requêtes vers l'extérieur {page.requetes_externes}"


def test_chaque_page_de_l_espace_et_de_l_annuaire_passe_axe_core_sans_violation(nouvelle_page, transactional_db):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    medecin = factories.MedecinFactory(avec_compte=True, nom="Dubreuil")
    factories.MedecinFactory(nom="Lacombe", opposition_annuaire=True)
    DeclarationPerteOrdonnances.objects.create(medecin=medecin, nature="vol", date_faits="2025-03-01", lieu="Cabinet")
    lien = reverse(
        "espace:mot_de_passe_confirmer",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(medecin.user.pk)),
            "token": default_token_generator.make_token(medecin.user),
        },
    )

    anonyme = nouvelle_page()
    for nom, url in [
        ("accueil du site", "/"),
        ("annuaire", reverse("annuaire:recherche")),
        ("annuaire, recherche", reverse("annuaire:recherche") + "?q=Dubreuil&ville=P%C3%A9rigueux"),
        ("connexion", reverse("espace:connexion")),
        ("mot de passe oublié", reverse("espace:mot_de_passe")),
        ("lien envoyé", reverse("espace:mot_de_passe_envoye")),
        ("lien invalide", reverse("espace:mot_de_passe_confirmer", kwargs={"uidb64": "MQ", "token": "faux-jeton"})),
        ("mot de passe enregistré", reverse("espace:mot_de_passe_termine")),
    ]:
        anonyme.goto(url)
        _verifier_accessibilite(anonyme, axe, nom)

    anonyme.goto(lien)  # the confirm page, reached from the e-mailed link
    assert anonyme.locator("h1").inner_text() == "Choisir un mot de passe"
    _verifier_accessibilite(anonyme, axe, "choisir un mot de passe")
    anonyme.get_by_label("Nouveau mot de passe", exact=False).first.fill("court")
    anonyme.get_by_role("button", name="Enregistrer le mot de passe").click()
    _verifier_accessibilite(anonyme, axe, "choisir un mot de passe, avec erreurs")

    connexion = nouvelle_page()
    se_connecter_a_l_espace(connexion, medecin, mot_de_passe="mauvais")
    assert "Numéro RPPS ou mot de passe incorrect" in connexion.locator("main").inner_text()
    _verifier_accessibilite(connexion, axe, "connexion, avec erreur")

    page = nouvelle_page()
    se_connecter_a_l_espace(page, medecin)
    for nom, url in [
        ("ma fiche", reverse("espace:accueil")),
        ("mes coordonnées", reverse("espace:coordonnees")),
        ("publication dans l'annuaire", reverse("espace:publication_annuaire")),
        ("ordonnances", reverse("espace:ordonnances")),
        ("mes données personnelles", reverse("rgpd_espace:mes_donnees")),  # rgpd (issue 13 point 9)
    ]:
        page.goto(url)
        _verifier_accessibilite(page, axe, nom)

    page.goto(reverse("espace:coordonnees"))
    page.get_by_label("Code postal de correspondance").fill("75")
    page.get_by_role("button", name="Enregistrer mes coordonnées").click()
    assert "Le code postal doit comporter 5 chiffres." in page.locator("main").inner_text()
    _verifier_accessibilite(page, axe, "mes coordonnées, avec erreur")

    page.goto(reverse("espace:ordonnances"))
    page.get_by_role("button", name="Enregistrer la déclaration").click()
    _verifier_accessibilite(page, axe, "ordonnances, avec erreurs")

    staff = nouvelle_page()
    factories.StaffFactory(username="agent.accueil", groupe="accueil")
    staff.goto(reverse("espace:connexion"))
    staff.get_by_label("Numéro RPPS").fill("agent.accueil")
    staff.get_by_label("Mot de passe").fill(factories.MOT_DE_PASSE)
    staff.get_by_role("button", name="Se connecter").click()
    assert staff.locator("h1").inner_text() == "Espace réservé aux médecins"
    _verifier_accessibilite(staff, axe, "espace réservé aux médecins")

    bloque = nouvelle_page()
    autre = factories.MedecinFactory(avec_compte=True)
    for _ in range(6):
        se_connecter_a_l_espace(bloque, autre, mot_de_passe="mauvais")
    assert bloque.locator("h1").inner_text() == "Compte temporairement bloqué"
    _verifier_accessibilite(bloque, axe, "connexion bloquée (django-axes)")


TELEPHONE = 375


def test_sur_un_telephone_aucune_page_de_l_espace_ne_deborde_et_le_president_trouve_ses_seances(
    nouvelle_page, comptes_demo
):
    """At 375 px (a phone), on the demo's président: his espace (the home was 434 px wide), the council's pages he
    reaches from it, the public pages; his choice about the annuaire, made from the espace, shows there."""
    from axe_playwright_python.sync_playwright import Axe

    from gouvernance.models import Seance

    axe = Axe()
    role = next(r for r in comptes_demo if r.endswith("présidence"))
    rpps, mot_de_passe = comptes_demo[role]
    president = Medecin.objects.get(rpps=rpps)
    page = nouvelle_page()
    page.set_viewport_size({"width": TELEPHONE, "height": 800})

    def tient(nom):
        largeur = page.evaluate("document.documentElement.scrollWidth")
        assert largeur <= TELEPHONE, f"{nom} ({page.url}) : {largeur} px de large sur un écran de {TELEPHONE} px"

    for nom, url in [
        ("accueil du site", "/"),
        ("annuaire", reverse("annuaire:recherche") + "?q=a"),
        ("composition du conseil", reverse("gouvernance:public_conseil")),
        ("déclarations publiques", reverse("gouvernance:declarations_publiques")),
        ("connexion", reverse("espace:connexion")),
        ("mot de passe oublié", reverse("espace:mot_de_passe")),
    ]:
        page.goto(url)
        tient(nom)

    # Logged out, the live sessions lead to the espace login, which brings the président back to them.
    page.goto(reverse("gouvernance:seances"))
    assert page.locator("h1").inner_text() == "Connexion à l'espace médecin"
    page.get_by_label("Numéro RPPS").fill(rpps)
    page.get_by_label("Mot de passe").fill(mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()
    assert page.locator("h1").inner_text() == "Séances du conseil"
    tient("séances du conseil")

    page.goto(reverse("espace:accueil"))
    page.get_by_role("navigation", name="Espace médecin").get_by_role("link", name="Séances du conseil").click()
    assert page.locator("h1").inner_text() == "Séances du conseil"
    prochaine = Seance.objects.exclude(statut="close").order_by("date").first()
    for nom, url in [
        ("ma fiche", reverse("espace:accueil")),
        ("mes coordonnées", reverse("espace:coordonnees")),
        ("publication dans l'annuaire", reverse("espace:publication_annuaire")),
        ("ordonnances", reverse("espace:ordonnances")),
        ("ma déclaration d'intérêts", reverse("gouvernance:espace_declaration")),
        ("mes données personnelles", reverse("rgpd_espace:mes_donnees")),
        ("séances du conseil", reverse("gouvernance:seances")),
        ("séance en direct", reverse("gouvernance:seance_direct", args=[prochaine.pk])),
    ]:
        page.goto(url)
        tient(nom)
        resultats = axe.run(page)
        assert resultats.violations_count == 0, f"{nom} à {TELEPHONE} px :\n{resultats.generate_report()}"

    # Issue 13 point 10: one navigation brings every service of the espace together; each page it leads to, whatever
    # it is now or later, passes axe-core and fits the phone.
    page.goto(reverse("espace:accueil"))
    navigation = page.get_by_role("navigation", name="Espace médecin")
    liens = [(lien.inner_text().strip(), lien.get_attribute("href")) for lien in navigation.get_by_role("link").all()]
    noms = {nom for nom, _url in liens}
    for service in (
        "Ma fiche",
        "Mes cotisations",
        "Exonération de cotisation",
        "Entraide",
        "Solidarité territoriale",
        "Mes annonces",
        "Incidents de violence",
        "Mes contrats",
        "Ma déclaration d'intérêts",
    ):
        assert service in noms, f"« {service} » manque à la navigation de l'espace : {sorted(noms)}"
    for nom, url in liens:
        page.goto(url)
        assert page.get_by_role("navigation", name="Espace médecin").count() == 1, f"{nom} : pas de navigation"
        tient(nom)
        resultats = axe.run(page)
        assert resultats.violations_count == 0, f"{nom} à {TELEPHONE} px :\n{resultats.generate_report()}"

    # His right to object, from the espace: the annuaire then hides his address and phone.
    page.goto(reverse("espace:publication_annuaire"))
    page.get_by_label("Je m'oppose à la publication de mon adresse et de mon téléphone").check()
    page.get_by_role("button", name="Enregistrer mon choix").click()
    assert "Votre opposition est enregistrée" in page.locator(".messages").inner_text()
    tient("publication dans l'annuaire, enregistrée")
    president.refresh_from_db()
    assert president.opposition_annuaire and president.history.first().history_user_id == president.user_id
    page.goto(reverse("annuaire:recherche") + f"?q={president.rpps}")
    fiche = page.locator(".annuaire__fiche").first.inner_text()
    assert "Non publiées à la demande du médecin." in fiche and president.telephone not in fiche


def test_le_medecin_telecharge_ses_donnees_depuis_son_espace(nouvelle_page, transactional_db):
    """rgpd (issue 13 point 9): from the espace's navigation, the page of his data and its two downloads."""
    import json
    from pathlib import Path

    medecin = factories.MedecinFactory(avec_compte=True, nom="Dubreuil")
    factories.QualificationFactory(medecin=medecin, intitule="Gériatrie")
    page = nouvelle_page()
    page.set_viewport_size({"width": TELEPHONE, "height": 800})
    se_connecter_a_l_espace(page, medecin)
    page.get_by_role("navigation", name="Espace médecin").get_by_role("link", name="Mes données personnelles").click()
    assert page.locator("h1").inner_text() == "Mes données personnelles"
    assert page.evaluate("document.documentElement.scrollWidth") <= TELEPHONE
    with page.expect_download() as attente:
        page.get_by_role("link", name="Télécharger mes données (JSON, pour un autre logiciel)").click()
    telechargement = attente.value
    assert telechargement.suggested_filename.startswith(f"mes-donnees-{medecin.rpps}-")
    donnees = json.loads(Path(telechargement.path()).read_text(encoding="utf-8"))
    assert donnees["export"]["rpps"] == medecin.rpps and "Gériatrie" in json.dumps(donnees, ensure_ascii=False)
    with page.expect_download() as attente:
        page.get_by_role("link", name="Télécharger mes données (PDF, lisible et imprimable)").click()
    assert Path(attente.value.path()).read_bytes()[:5] == b"%PDF-"
    assert page.requetes_externes == []
