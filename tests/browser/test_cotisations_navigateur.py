"""In a real browser: a doctor reads his dues in the espace médecin, downloads his call, pays part of the balance
by card through the simulated bank and sees it recorded; his company's dues, as gérant. Every page passes
axe-core (RGAA 4.1 / WCAG 2.1 AA), at 1 280 px and on a phone (375 px) without horizontal overflow."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from cotisations import services
from cotisations.models import Paiement, PaiementCarte, Relance
from tests import factories
from tests.browser.test_espace_navigateur import _verifier_accessibilite, se_connecter_a_l_espace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TELEPHONE = 375


def _donnees():
    systeme = factories.systeme()
    medecin = factories.MedecinFactory(avec_compte=True, nom="Lestrade", email="lestrade@cabinet.example")
    ancienne = factories.CotisationFactory(
        medecin=medecin,
        annee=2025,
        montant_du=D("170.00"),
        exoneration_motif="premiere_inscription",
        exoneration_taux=50,
        frais=D("7.00"),
    )
    Relance.objects.create(cotisation=ancienne, etape="rappel", date=datetime.date(2025, 4, 15))
    Relance.objects.create(cotisation=ancienne, etape="lrar1", date=datetime.date(2025, 6, 1), frais=D("7.00"))
    courante = factories.CotisationFactory(medecin=medecin, annee=2026)
    services.paiement_enregistrer(
        cotisation=courante, montant=D("40.00"), mode="cheque", date=datetime.date(2026, 2, 1), par=systeme
    )
    societe = factories.SocieteFactory(raison_sociale="SELARL des Chênes verts du Périgord noir", gerant=medecin)
    factories.CotisationFactory(
        medecin=None,
        societe=societe,
        categorie="societe",
        montant_bareme=D("300.00"),
        montant_du=D("300.00"),
        reference=services.reference_societe(2026, societe.pk),
    )
    return medecin, courante


def test_le_medecin_paie_sa_cotisation_par_carte_et_chaque_page_passe_axe_core(nouvelle_page, transactional_db):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    medecin, courante = _donnees()
    page = nouvelle_page()
    se_connecter_a_l_espace(page, medecin)
    page.get_by_role("navigation", name="Espace médecin").get_by_role("link", name="Mes cotisations").click()
    assert page.locator("h1").inner_text() == "Mes cotisations"
    assert "SELARL des Chênes verts" in page.locator("main").inner_text()
    _verifier_accessibilite(page, axe, "mes cotisations")

    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger l'appel de cotisation 2026 (PDF)").first.click()
    assert telechargement.value.suggested_filename == f"appel-cotisation-2026-{courante.reference}.pdf"

    page.goto(reverse("cotisations_espace:payer", args=[courante.pk]))
    assert page.get_by_label("Montant à payer (en euros)").input_value() == "300,00"
    _verifier_accessibilite(page, axe, "payer par carte")
    page.get_by_label("Montant à payer (en euros)").fill("300,01")
    page.get_by_role("button", name="Continuer vers le paiement").click()
    assert "Le montant dépasse ce qui reste dû" in page.locator("main").inner_text()
    _verifier_accessibilite(page, axe, "payer par carte, avec erreur")
    assert not PaiementCarte.objects.exists()

    page.get_by_label("Montant à payer (en euros)").fill("100,50")
    page.get_by_role("button", name="Continuer vers le paiement").click()
    assert page.locator("h1").inner_text() == "Paiement par carte de 100,50\u00a0€"
    _verifier_accessibilite(page, axe, "la banque simulée")
    page.get_by_label("Paiement accepté").check()
    page.get_by_role("button", name="Valider le paiement").click()
    assert "Votre paiement est enregistré" in page.locator("main").inner_text()
    _verifier_accessibilite(page, axe, "paiement enregistré")
    paiement = Paiement.objects.get(mode="cb")
    assert paiement.montant == D("100.50") and paiement.cotisation == courante

    with page.expect_download() as telechargement:
        page.get_by_role("link", name=f"Télécharger le reçu n° {paiement.numero_recu} (PDF)").click()
    assert telechargement.value.suggested_filename == f"recu-{paiement.numero_recu}.pdf"

    # Another attempt, abandoned at the bank: the return page says nothing was paid; one left pending says so.
    refusee = services.paiement_carte_creer(
        cotisation=courante, montant=D("10.00"), par=medecin.user, today=datetime.date(2026, 3, 1)
    )
    page.goto(reverse("cotisations_espace:carte", args=[refusee.pk]))
    page.get_by_label("Paiement refusé").check()
    page.get_by_role("button", name="Valider le paiement").click()
    assert "Le paiement n'a pas abouti" in page.locator("main").inner_text()
    _verifier_accessibilite(page, axe, "paiement refusé")
    attente = services.paiement_carte_creer(
        cotisation=courante, montant=D("10.00"), par=medecin.user, today=datetime.date(2026, 3, 1)
    )
    page.goto(reverse("cotisations_espace:carte_retour", args=[attente.pk]))
    assert "Votre paiement est en attente" in page.locator("main").inner_text()
    _verifier_accessibilite(page, axe, "paiement en attente")
    assert page.requetes_externes == []


def test_sur_un_telephone_aucune_page_des_cotisations_ne_deborde(nouvelle_page, transactional_db):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    medecin, courante = _donnees()
    en_attente = services.paiement_carte_creer(
        cotisation=courante, montant=D("10.00"), par=medecin.user, today=datetime.date(2026, 3, 1)
    )
    page = nouvelle_page()
    page.set_viewport_size({"width": TELEPHONE, "height": 800})
    se_connecter_a_l_espace(page, medecin)
    for nom, url in [
        ("mes cotisations", reverse("cotisations_espace:liste")),
        ("payer par carte", reverse("cotisations_espace:payer", args=[courante.pk])),
        ("la banque simulée", reverse("cotisations_espace:carte", args=[en_attente.pk])),
        ("retour de la banque", reverse("cotisations_espace:carte_retour", args=[en_attente.pk])),
    ]:
        page.goto(url)
        largeur = page.evaluate("document.documentElement.scrollWidth")
        assert largeur <= TELEPHONE, f"{nom} ({page.url}) : {largeur} px de large sur un écran de {TELEPHONE} px"
        resultats = axe.run(page)
        assert resultats.violations_count == 0, f"{nom} à {TELEPHONE} px :\n{resultats.generate_report()}"
