"""In a real browser: the service du tableau changes a doctor's status from the back-office (a forbidden move shows
the French error), imports a CSV with a bad line (listed, nothing written); the register's own admin pages pass
axe-core (RGAA 4.1 / WCAG 2.1 AA)."""

import pytest
from playwright.sync_api import expect

from tableau.models import ChangementStatut, Medecin, Statut
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _connecter_agent(page, username):
    page.goto("/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(factories.MOT_DE_PASSE)
    page.locator("input[type=submit]").click()


def _accessible(page, axe, nom):
    page.wait_for_load_state("load")
    page.locator("h1").wait_for()
    resultats = axe.run(page)
    assert resultats.violations_count == 0, f"{nom} ({page.url}) :\n{resultats.generate_report()}"
    assert page.title(), f"{nom} : pas de titre de page"
    assert page.locator("h1").count() == 1, f"{nom} : il faut un seul h1"
    assert page.requetes_externes == [], f"{nom} : requêtes vers l'extérieur {page.requetes_externes}"


def test_l_agent_change_le_statut_et_importe_un_fichier_depuis_le_back_office(
    nouvelle_page, transactional_db, tmp_path
):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    factories.StaffFactory(username="agent.tableau", groupe="tableau")
    medecin = factories.MedecinFactory(nom="Dubreuil", statut=Statut.INSCRIT)
    page = nouvelle_page()
    _connecter_agent(page, "agent.tableau")

    page.goto(f"/admin/tableau/medecin/{medecin.pk}/change/")
    page.get_by_role("link", name="Changer le statut").click()
    page.wait_for_url(f"**/admin/tableau/medecin/{medecin.pk}/statut/")
    _accessible(page, axe, "changer le statut")
    # Only the moves the workflow allows from « Inscrit », none chosen in advance.
    options = page.get_by_label("Nouveau statut").locator("option")
    assert options.all_inner_texts() == [
        "Choisissez le nouveau statut",
        "Transféré (parti vers un autre département)",
        "Radié",
        "Décédé",
    ]
    assert page.get_by_label("Nouveau statut").input_value() == ""
    # A date before the current status is refused by the service, in French, beside the form.
    page.get_by_label("Nouveau statut").select_option("radie")
    page.get_by_label("Date d'effet").fill("01/01/2010")
    page.get_by_role("button", name="Enregistrer le changement de statut").click()
    expect(page.locator("#content-main [role=alert]").first).to_contain_text(
        "La date d'effet (01/01/2010) précède celle du statut actuel (01/09/2015)."
    )
    assert Medecin.objects.get(pk=medecin.pk).statut == Statut.INSCRIT
    _accessible(page, axe, "changer le statut, avec erreur")

    page.get_by_label("Nouveau statut").select_option("radie")
    page.get_by_label("Date d'effet").fill("01/03/2026")
    page.get_by_label("Motif ou décision").fill("Décision du conseil")
    page.get_by_role("button", name="Enregistrer le changement de statut").click()
    page.wait_for_url(f"**/admin/tableau/medecin/{medecin.pk}/change/")
    assert "Radié" in page.locator(".messagelist").inner_text()
    assert Medecin.objects.get(pk=medecin.pk).statut == Statut.RADIE
    assert ChangementStatut.objects.filter(medecin=medecin, nouveau_statut=Statut.RADIE).exists()

    page.goto("/admin/tableau/medecin/")
    page.get_by_role("link", name="Importer un fichier CSV").click()
    page.wait_for_url("**/admin/tableau/medecin/importer/")
    _accessible(page, axe, "importer")
    fichier = tmp_path / "tableau.csv"
    rpps = factories.rpps_valide(4242)
    fichier.write_bytes(
        f"rpps;nom;prenom;sexe;date_naissance;statut;exercice\n{rpps};Roux;Anne;F;01/02/1970;inscrit;astronaute\n".encode(
            "cp1252"
        )
    )
    page.get_by_label("Fichier CSV").set_input_files(str(fichier))
    page.get_by_role("button", name="Importer").click()
    expect(page.locator("[role=alert]").first).to_contain_text("Ligne 2, champ « exercice »")
    _accessible(page, axe, "importer, avec erreurs")
    assert not Medecin.objects.filter(rpps=rpps).exists()
