"""In a real browser (issue 13 point 6): a doctor drafts an ad on his phone (375 px; an end date before the start
refused beside its field), submits it; Accueil asks for a correction in the back-office (1 280 px), the doctor
reads the motif, corrects and resubmits, Accueil publishes; the public finds it on /annonces/ by category and town;
another doctor writes to its author. Every page passes axe-core (RGAA 4.1 / WCAG 2.1 AA) and fits its screen."""

import datetime
import re

import pytest
from django.utils import timezone

from annonces.models import Annonce, MessageAnnonce
from tests import factories
from tests.browser.test_admin_tableau_navigateur import _accessible
from tests.browser.test_espace_navigateur import _verifier_accessibilite, se_connecter_a_l_espace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOUR = datetime.date(2026, 6, 15)


def _tient(page, nom):
    largeur = page.evaluate("document.documentElement.scrollWidth")
    assert largeur <= page.evaluate("window.innerWidth"), f"{nom} ({page.url}) : {largeur} px de large"


def _page(nouvelle_page, largeur=375):
    page = nouvelle_page()
    page.set_viewport_size({"width": largeur, "height": 800})
    return page


def _controler(page, axe, nom):
    # The helper starts from a fresh load, focus at the top (without the #contenu the skip link left in the URL).
    page.goto(page.url.split("#")[0])
    _verifier_accessibilite(page, axe, nom)
    _tient(page, nom)


def _apres_envoi(page, axe, nom):
    resultats = axe.run(page)
    assert resultats.violations_count == 0, f"{nom} :\n{resultats.generate_report()}"
    _tient(page, nom)


def _admin(page, axe, nom):
    _accessible(page, axe, nom)
    _tient(page, nom)


def test_une_annonce_de_sa_redaction_a_sa_publication_et_a_une_reponse(nouvelle_page, monkeypatch):
    from axe_playwright_python.sync_playwright import Axe

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: JOUR)
    axe = Axe()
    auteur = factories.MedecinFactory(avec_compte=True, nom="Fargeot", prenom="Aline")
    confrere = factories.MedecinFactory(avec_compte=True, nom="Ménard", prenom="Paul")
    factories.StaffFactory(username="agent.accueil", groupe="accueil")

    # The author, on his phone.
    page = _page(nouvelle_page)
    se_connecter_a_l_espace(page, auteur)
    page.get_by_role("link", name="Mes annonces").first.click()
    page.wait_for_url(re.compile(r"/espace/annonces/(#contenu)?$"))
    _controler(page, axe, "mes annonces")
    page.get_by_role("link", name="Nouvelle annonce").click()
    page.wait_for_url(re.compile(r"/nouvelle/(#contenu)?$"))
    _controler(page, axe, "nouvelle annonce")
    page.get_by_label("Catégorie").select_option("remplacement")
    page.get_by_label("Offre").check()
    page.get_by_label("Titre de l'annonce").fill("Remplacement d'été à Sarlat")
    page.get_by_label("Texte de l'annonce").fill("Cabinet de groupe cherche un remplaçant en juillet et août.")
    page.get_by_label("Commune").fill("Sarlat-la-Canéda")
    page.get_by_label("Date de début").fill("2026-07-01")
    page.get_by_label("Date de fin").fill("2026-06-30")
    page.get_by_role("button", name="Enregistrer").click()
    page.locator("#erreurs-formulaire").wait_for()
    assert "précède la date de début" in page.locator("main").inner_text()
    assert Annonce.objects.count() == 0
    _apres_envoi(page, axe, "nouvelle annonce avec erreurs")
    page.get_by_label("Date de fin").fill("2026-08-31")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r"/espace/annonces/\d+/(#contenu)?$"))
    assert "enregistrée en brouillon" in page.locator(".messages").inner_text()
    _controler(page, axe, "l'annonce en brouillon")
    page.get_by_role("button", name="Soumettre l'annonce à la modération").click()
    page.locator(".messages").wait_for()
    annonce = Annonce.objects.get()
    assert annonce.statut == "soumise"

    # Accueil, in the back-office: asks for a correction.
    agent = _page(nouvelle_page, 1280)
    agent.goto("/admin/")
    agent.locator("#id_username").fill("agent.accueil")
    agent.locator("#id_password").fill(factories.MOT_DE_PASSE)
    agent.locator("input[type=submit]").click()
    agent.goto("/admin/annonces/annonce/?a_moderer=oui")
    _admin(agent, axe, "annonces à modérer")
    agent.get_by_role("link", name="Remplacement d'été à Sarlat").click()
    agent.wait_for_url(re.compile(rf"/admin/annonces/annonce/{annonce.pk}/change/"))
    _admin(agent, axe, "l'annonce dans le back-office")
    agent.get_by_role("link", name="Demander une correction").click()
    _admin(agent, axe, "demander une correction")
    agent.get_by_label("Motif").fill("Précisez si un logement est proposé.")
    agent.get_by_role("button", name="Valider").click()
    agent.wait_for_url(re.compile(rf"/admin/annonces/annonce/{annonce.pk}/change/"))
    assert Annonce.objects.get().statut == "correction_demandee"

    # The author reads the motif, corrects, resubmits.
    page.reload()
    assert "Précisez si un logement est proposé." in page.locator("main").inner_text()
    _controler(page, axe, "l'annonce à corriger")
    page.get_by_role("link", name="Modifier l'annonce").click()
    _controler(page, axe, "modifier l'annonce")
    page.get_by_label("Texte de l'annonce").fill("Cabinet de groupe, juillet et août, logement fourni.")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(rf"/espace/annonces/{annonce.pk}/(#contenu)?$"))
    page.get_by_role("button", name="Soumettre l'annonce à la modération").click()
    page.locator(".messages").wait_for()

    # Accueil publishes it.
    agent.goto(f"/admin/annonces/annonce/{annonce.pk}/publier/")
    _admin(agent, axe, "publier l'annonce")
    agent.get_by_role("button", name="Valider").click()
    agent.wait_for_url(re.compile(rf"/admin/annonces/annonce/{annonce.pk}/change/"))
    assert Annonce.objects.get().statut == "publiee"

    # The public finds it by category and town.
    public = _page(nouvelle_page)
    public.goto("/annonces/")
    _controler(public, axe, "la page des annonces")
    public.get_by_label("Catégorie").select_option("remplacement")
    public.get_by_label("Commune").fill("sarlat")
    public.get_by_role("button", name="Rechercher").click()
    public.wait_for_url(re.compile(r"/annonces/\?"))
    _controler(public, axe, "la recherche d'annonces")
    public.get_by_role("link", name="Remplacement d'été à Sarlat").click()
    _controler(public, axe, "l'annonce publique")
    assert "logement fourni" in public.locator("main").inner_text()

    # Another doctor writes to its author, without seeing his address.
    lecteur = _page(nouvelle_page)
    se_connecter_a_l_espace(lecteur, confrere)
    lecteur.goto(f"/annonces/{annonce.pk}/")
    _controler(lecteur, axe, "l'annonce, médecin connecté")
    lecteur.get_by_label("Votre message à l'auteur de l'annonce").fill("Disponible en juillet.")
    lecteur.get_by_role("button", name="Envoyer le message").click()
    lecteur.locator(".messages").wait_for()
    assert "Votre message est transmis" in lecteur.locator(".messages").inner_text()
    assert auteur.email not in lecteur.content()
    assert MessageAnnonce.objects.get().expediteur == confrere
    _apres_envoi(lecteur, axe, "message envoyé")
