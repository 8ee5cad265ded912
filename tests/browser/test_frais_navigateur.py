"""In a real browser, on a phone (375 px): a council member files an expense claim in his espace (a hotel above
its cap refused beside its field, the form kept), attaches the receipts (a wrong file refused by its content),
submits it; the liquidateur checks it from his list. Every page passes axe-core (RGAA 4.1 / WCAG 2.1 AA) and
fits the phone's width."""

import datetime

import pytest
from django.utils import timezone

from tests import factories
from tests.browser.test_espace_navigateur import _verifier_accessibilite, se_connecter_a_l_espace
from tresorerie.models import NoteFrais, StatutNote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOUR = datetime.date(2027, 3, 15)


def _tient(page, nom):
    largeur = page.evaluate("document.documentElement.scrollWidth")
    assert largeur <= page.evaluate("window.innerWidth"), f"{nom} ({page.url}) : {largeur} px de large"


def _page(nouvelle_page):
    page = nouvelle_page()
    page.set_viewport_size({"width": 375, "height": 800})
    return page


def _controler(page, axe, nom):
    page.reload()  # the axe helper starts from a fresh load (focus at the top)
    _verifier_accessibilite(page, axe, nom)
    _tient(page, nom)


def _controler_apres_envoi(page, axe, nom):
    resultats = axe.run(page)
    assert resultats.violations_count == 0, f"{nom} :\n{resultats.generate_report()}"
    _tient(page, nom)


def test_le_membre_depose_sa_note_de_frais_et_le_liquidateur_la_verifie(nouvelle_page, tmp_path, monkeypatch):
    from axe_playwright_python.sync_playwright import Axe

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: JOUR)
    axe = Axe()
    # The data migration's rows may have gone with an earlier transactional test's flush.
    factories.ParametresFraisFactory(annee=2027)
    factories.BaremeKilometriqueFactory(
        annee=2027, cv=5, taux_1="0.636", taux_2="0.357", forfait_2="1395.00", taux_3="0.427"
    )
    debut = datetime.date(2025, 6, 1)
    membre = factories.MembreFactory(avec_compte=True, date_debut=debut, medecin__nom="Lacombe")
    liquidateur = factories.MembreFactory(avec_compte=True, date_debut=debut)
    factories.FonctionFactory(membre=liquidateur, fonction="liquidateur", date_debut=debut)
    faux = tmp_path / "facture-hotel.pdf"
    faux.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)  # a program renamed .pdf
    vrai = tmp_path / "facture-hotel-vraie.pdf"
    vrai.write_bytes(factories.PDF_MINIMAL)
    convocation = tmp_path / "convocation.pdf"
    convocation.write_bytes(factories.PDF_MINIMAL)

    page = _page(nouvelle_page)
    se_connecter_a_l_espace(page, membre.medecin)
    page.get_by_role("link", name="Mes notes de frais").first.click()
    page.wait_for_url("**/espace/notes-frais/")
    _controler(page, axe, "mes notes de frais")

    page.get_by_role("link", name="Nouvelle note de frais").click()
    page.wait_for_url("**/nouvelle/")
    _controler(page, axe, "nouvelle note de frais")
    page.get_by_label("Objet du déplacement").fill("Séance plénière du 10 mars")
    page.get_by_label("Puissance fiscale du véhicule (CV)").fill("5")
    page.locator("#id_lignes-0-type").select_option("hotel")
    page.locator("#id_lignes-0-date").fill("2027-03-09")
    page.locator("#id_lignes-0-montant").fill("250")
    page.locator("#id_lignes-1-type").select_option("km")
    page.locator("#id_lignes-1-date").fill("2027-03-10")
    page.locator("#id_lignes-1-km").fill("64")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.locator("#erreurs-formulaire").wait_for()
    assert "plafond de 200,00" in page.locator(".ligne-frais").first.inner_text()
    assert page.locator("#id_lignes-1-km").input_value() == "64"
    assert NoteFrais.objects.count() == 0
    _controler_apres_envoi(page, axe, "nouvelle note avec erreurs")

    page.locator("#id_lignes-0-montant").fill("180")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_url("**/espace/notes-frais/*/")
    assert "enregistrée en brouillon" in page.locator(".messages").inner_text()
    note = NoteFrais.objects.get()
    assert str(note.montant_rembourse) == "220.70"  # 180 + 64 × 0,636
    _controler(page, axe, "la note en brouillon")

    hotel, km = note.lignes.order_by("date")
    page.get_by_label("Ligne justifiée").select_option(str(hotel.pk))
    page.get_by_label("Justificatif (PDF, JPEG ou PNG)").set_input_files([str(faux)])
    page.get_by_role("button", name="Joindre").click()
    page.locator("#erreurs-formulaire").wait_for()
    assert "d'après son contenu" in page.locator("main").inner_text()
    _controler_apres_envoi(page, axe, "justificatif refusé")
    for ligne, fichier in ((hotel, vrai), (km, convocation)):
        page.get_by_label("Ligne justifiée").select_option(str(ligne.pk))
        page.get_by_label("Justificatif (PDF, JPEG ou PNG)").set_input_files([str(fichier)])
        page.get_by_role("button", name="Joindre").click()
        page.locator(".messages").wait_for()
    page.get_by_role("button", name="Soumettre la note au liquidateur").click()
    page.locator(".messages").wait_for()
    assert NoteFrais.objects.get().statut == StatutNote.SOUMISE
    _controler(page, axe, "la note soumise")

    # The liquidateur, on his phone too.
    autre = _page(nouvelle_page)
    se_connecter_a_l_espace(autre, liquidateur.medecin)
    autre.goto("/espace/notes-frais/")
    autre.get_by_role("link", name="Notes à vérifier").click()
    autre.wait_for_url("**/a-verifier/")
    _controler(autre, axe, "notes à vérifier")
    autre.get_by_role("link", name=note.numero).click()
    autre.wait_for_url(f"**/espace/notes-frais/{note.pk}/")
    _controler(autre, axe, "la note à vérifier")
    autre.get_by_role("button", name="Renvoyer pour correction").click()
    autre.locator("#erreurs-formulaire").wait_for()
    _controler_apres_envoi(autre, axe, "renvoi sans motif")
    autre.get_by_role("button", name="La note est conforme à ses justificatifs").click()
    autre.locator(".messages").wait_for()
    assert NoteFrais.objects.get().statut == StatutNote.VERIFIEE
    assert page.requetes_externes == [] and autre.requetes_externes == []
