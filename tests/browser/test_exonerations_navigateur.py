"""In a real browser: a doctor asks for a hardship exemption in his espace (a wrong file refused by its content, the
form kept), follows it; a staff member puts it on the next plenary's agenda and records the decision in the
back-office. Every page passes axe-core (RGAA 4.1 / WCAG 2.1 AA); the espace fits a phone, the back-office 1 280 px."""

import datetime

import pytest
from django.utils import timezone

from cotisations.models import Cotisation, DemandeExoneration, StatutDemande
from gouvernance.models import Seance
from tests import factories
from tests.browser.test_admin_tableau_navigateur import _accessible
from tests.browser.test_espace_navigateur import _verifier_accessibilite, se_connecter_a_l_espace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPOSE = "Activité libérale interrompue six mois en 2025 après un accident ; reprise à mi-temps depuis janvier."


def _tient(page, nom):
    largeur = page.evaluate("document.documentElement.scrollWidth")
    assert largeur <= page.evaluate("window.innerWidth"), f"{nom} ({page.url}) : {largeur} px de large"


def test_le_medecin_demande_une_exoneration_et_le_personnel_la_fait_decider(nouvelle_page, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    medecin = factories.MedecinFactory(avec_compte=True, nom="Lacombe", prenom="Sylvie", email="s.lacombe@exemple.fr")
    cotisation = factories.CotisationFactory(medecin=medecin)
    pleniere = factories.SeanceFactory(date=timezone.localdate() + datetime.timedelta(days=20))
    factories.StaffFactory(username="agent.compta", groupe="comptabilite")
    faux = tmp_path / "avis-imposition.pdf"
    faux.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)  # a program renamed .pdf
    vrai = tmp_path / "attestation-carmf.pdf"
    vrai.write_bytes(factories.PDF_MINIMAL)

    page = nouvelle_page()
    page.set_viewport_size({"width": 375, "height": 800})
    se_connecter_a_l_espace(page, medecin)
    page.get_by_role("link", name="Exonération de cotisation").first.click()
    page.wait_for_url("**/espace/exonerations/")
    page.reload()  # the axe helper starts from a fresh load (focus at the top)
    _verifier_accessibilite(page, axe, "mes demandes d'exonération")
    _tient(page, "mes demandes d'exonération")

    page.get_by_role("link", name="Demander une exonération").click()
    page.wait_for_url("**/nouvelle/")
    page.reload()
    _verifier_accessibilite(page, axe, "demander une exonération")
    _tient(page, "demander une exonération")
    page.get_by_label("Cotisation concernée").select_option(str(cotisation.pk))
    page.get_by_label("100 % (exonération totale)").check()
    page.get_by_label("Exposé de votre situation professionnelle").fill(EXPOSE)
    page.get_by_label("Pièces justificatives").set_input_files([str(faux)])
    page.get_by_role("button", name="Déposer ma demande").click()
    page.locator("#erreurs-formulaire").wait_for()
    assert "d'après son contenu" in page.locator("main").inner_text()
    assert page.get_by_label("Exposé de votre situation professionnelle").input_value() == EXPOSE
    assert DemandeExoneration.objects.count() == 0
    page.goto(page.url)  # the same page with its errors, reloaded for the axe helper: post again
    page.get_by_label("Cotisation concernée").select_option(str(cotisation.pk))
    page.get_by_label("50 % (exonération partielle)").check()
    page.get_by_label("Pièces justificatives").set_input_files([str(faux)])
    page.get_by_role("button", name="Déposer ma demande").click()
    page.locator("#erreurs-formulaire").wait_for()
    resultats = axe.run(page)
    assert resultats.violations_count == 0, f"demande avec erreurs :\n{resultats.generate_report()}"
    _tient(page, "demande avec erreurs")

    page.get_by_label("Exposé de votre situation professionnelle").fill(EXPOSE)
    page.get_by_label("Pièces justificatives").set_input_files([str(vrai)])
    page.get_by_role("button", name="Déposer ma demande").click()
    page.wait_for_url("**/espace/exonerations/*/")
    assert "enregistrée sous le numéro D-" in page.locator(".messages").inner_text()
    page.reload()
    _verifier_accessibilite(page, axe, "ma demande")
    _tient(page, "ma demande")
    demande = DemandeExoneration.objects.get()
    assert demande.taux_demande == 50
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="attestation-carmf.pdf").click()
    assert telechargement.value.suggested_filename == "attestation-carmf.pdf"

    # The staff member, in the back-office.
    agent = nouvelle_page()
    agent.set_viewport_size({"width": 1280, "height": 800})
    agent.goto("/admin/")
    agent.locator("#id_username").fill("agent.compta")
    agent.locator("#id_password").fill(factories.MOT_DE_PASSE)
    agent.locator("input[type=submit]").click()
    agent.wait_for_url("**/admin/")
    agent.goto("/admin/cotisations/demandeexoneration/deposer/")
    _accessible(agent, axe, "déposer pour un médecin")
    _tient(agent, "déposer pour un médecin")
    agent.get_by_label("Référence de paiement de la cotisation").fill("RF00 INCONNUE")
    agent.get_by_role("button", name="Déposer la demande").click()
    agent.locator(".errors").first.wait_for()
    _accessible(agent, axe, "déposer pour un médecin, avec erreurs")
    _tient(agent, "déposer pour un médecin, avec erreurs")
    agent.goto("/admin/cotisations/demandeexoneration/?attente=oui")
    _accessible(agent, axe, "demandes en attente")
    _tient(agent, "demandes en attente")
    agent.locator("input[name=_selected_action]").first.check()
    agent.locator("select[name=action]").select_option("inscrire")
    agent.locator("button[name=index]").first.click()
    agent.locator(".messagelist").wait_for()
    assert "1 demande(s) inscrite(s)" in agent.locator(".messagelist").inner_text()
    pleniere = Seance.objects.get(pk=pleniere.pk)
    assert "Lacombe" not in " ".join(pleniere.ordre_du_jour) and demande.numero in pleniere.ordre_du_jour[-1]

    deliberation = factories.DeliberationFactory(
        seance=pleniere, objet=f"Exonération de cotisation pour insuffisance de ressources : dossier {demande.numero}"
    )
    agent.goto(f"/admin/cotisations/demandeexoneration/{demande.pk}/change/")
    _accessible(agent, axe, "fiche de la demande")
    _tient(agent, "fiche de la demande")
    agent.get_by_role("link", name="Enregistrer la décision de la plénière").click()
    agent.wait_for_url("**/decider/")
    _accessible(agent, axe, "décision de la plénière")
    _tient(agent, "décision de la plénière")
    agent.get_by_label("Exonération accordée").check()
    agent.get_by_label("Délibération").select_option(str(deliberation.pk))
    agent.get_by_label("Taux accordé").select_option("50")
    agent.get_by_role("button", name="Enregistrer la décision").click()
    agent.wait_for_url("**/change/")
    assert "Décision enregistrée" in agent.locator(".messagelist").inner_text()
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.ACCORDEE
    assert Cotisation.objects.get(pk=cotisation.pk).exoneration_taux == 50

    page.goto(f"/espace/exonerations/{demande.pk}/")
    assert "exonération de 50 % accordée" in page.locator("main").inner_text()
    assert page.requetes_externes == [] and agent.requetes_externes == []
