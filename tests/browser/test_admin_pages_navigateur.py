"""In a real browser, on the demo data: the back-office's list and change pages of the register and of the council
pass axe-core (RGAA 4.1 / WCAG 2.1 AA) and fit a 1 280 × 800 screen (no horizontal scroll, the object tools beside
the title and not over it); the history and export pages are French."""

import datetime

import pytest

from gouvernance.models import Commission, Deliberation, Membre, Seance, StatutSeance
from rgpd.models import DemandeAcces
from tableau.models import DocumentProfessionnel, Medecin, RestrictionExercice, Societe
from tests.browser.test_admin_tableau_navigateur import _accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LARGEUR, HAUTEUR = 1280, 800


def _tient_dans_l_ecran(page, nom):
    largeur = page.evaluate("document.documentElement.scrollWidth")
    assert largeur <= page.evaluate("window.innerWidth"), f"{nom} ({page.url}) : {largeur} px de large"


def _pages(medecin, societe) -> list[tuple[str, str]]:
    seance_tenue = Seance.objects.filter(statut=StatutSeance.CLOSE).order_by("-date").first()
    prochaine = Seance.objects.exclude(statut=StatutSeance.CLOSE).order_by("date").first()
    membre = Membre.objects.filter(medecin=medecin).first()
    commission = Commission.objects.order_by("id").first()
    deliberation = Deliberation.objects.order_by("id").first()
    return [
        ("liste des médecins", "/admin/tableau/medecin/"),
        ("fiche d'un médecin", f"/admin/tableau/medecin/{medecin.pk}/change/"),
        ("historique d'un médecin", f"/admin/tableau/medecin/{medecin.pk}/history/"),
        ("version passée d'un médecin", f"/admin/tableau/medecin/{medecin.pk}/history/{medecin.history.last().pk}/"),
        ("export des médecins", "/admin/tableau/medecin/export/"),
        ("changer le statut", f"/admin/tableau/medecin/{medecin.pk}/statut/"),
        ("ajout d'un médecin", "/admin/tableau/medecin/add/"),
        ("liste des sociétés", "/admin/tableau/societe/"),
        ("fiche d'une société", f"/admin/tableau/societe/{societe.pk}/change/"),
        ("ajout d'une société", "/admin/tableau/societe/add/"),
        ("liste des séances", "/admin/gouvernance/seance/"),
        ("séance tenue", f"/admin/gouvernance/seance/{seance_tenue.pk}/change/"),
        ("prochaine séance", f"/admin/gouvernance/seance/{prochaine.pk}/change/"),
        ("historique d'une séance", f"/admin/gouvernance/seance/{seance_tenue.pk}/history/"),
        ("liste des membres", "/admin/gouvernance/membre/"),
        ("fiche d'un membre", f"/admin/gouvernance/membre/{membre.pk}/change/"),
        ("ajout d'un membre", "/admin/gouvernance/membre/add/"),
        ("liste des fonctions", "/admin/gouvernance/fonction/"),
        ("ajout d'une fonction", "/admin/gouvernance/fonction/add/"),
        ("commission", f"/admin/gouvernance/commission/{commission.pk}/change/"),
        ("liste des délibérations", "/admin/gouvernance/deliberation/"),
        ("délibération", f"/admin/gouvernance/deliberation/{deliberation.pk}/change/"),
        ("ajout d'une délibération", "/admin/gouvernance/deliberation/add/"),
        ("ajout d'une demande d'inscription", "/admin/gouvernance/demandeinscriptionpoint/add/"),
        # rgpd (issue 13 point 9): the register of processing and the purges
        ("registre des traitements", "/admin/rgpd/purge/registre/"),
        ("purges effectuées", "/admin/rgpd/purge/"),
        ("annonces de purge", "/admin/rgpd/annoncepurge/"),
        ("demandes d'accès", "/admin/rgpd/demandeacces/"),
        ("demande d'accès", f"/admin/rgpd/demandeacces/{DemandeAcces.objects.order_by('pk').first().pk}/change/"),
        ("ajout d'une demande d'accès", "/admin/rgpd/demandeacces/add/"),
    ]


def test_les_pages_du_back_office_passent_axe_core_et_tiennent_dans_un_ecran_de_1280_px(nouvelle_page, comptes_demo):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    identifiant, mot_de_passe = comptes_demo["Superutilisateur"]
    # The président's record, with a row in every inline of the page.
    medecin = Medecin.objects.filter(mandats__fonctions__fonction="president").first()
    DocumentProfessionnel.objects.create(medecin=medecin, type="caducee", date_delivrance=datetime.date(2024, 1, 5))
    RestrictionExercice.objects.create(
        medecin=medecin,
        nature="suspension_insuffisance",
        decision="Conseil régional, décision du 3 juin 2026",
        date_debut=datetime.date(2026, 6, 3),
        date_fin=datetime.date(2026, 9, 2),
    )
    assert medecin.qualifications.exists() and medecin.lieux.exists() and medecin.changements_statut.exists()
    societe = Societe.objects.filter(associes__isnull=False).first()

    page = nouvelle_page()
    page.set_viewport_size({"width": LARGEUR, "height": HAUTEUR})
    page.goto("/admin/")
    page.locator("#id_username").fill(identifiant)
    page.locator("#id_password").fill(mot_de_passe)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")

    for nom, url in _pages(medecin, societe):
        page.goto(url)
        assert page.url.endswith(url), f"{nom} : {page.url}"
        _accessible(page, axe, nom)
        _tient_dans_l_ecran(page, nom)

    # The list's buttons (export, import, add) no longer cover its title.
    page.goto("/admin/tableau/medecin/")
    titre = page.locator("#content h1").bounding_box()
    for bouton in page.locator(".object-tools a").all():
        boite = bouton.bounding_box()
        assert boite["y"] >= titre["y"] + titre["height"] or boite["x"] >= titre["x"] + titre["width"], (
            bouton.inner_text()
        )

    # The history and the export speak French.
    page.goto(f"/admin/tableau/medecin/{medecin.pk}/history/")
    texte = page.locator("#content").inner_text()
    assert "Historique des modifications" in texte and "Traitement automatique" in texte
    for anglais in ("Historique de vue", "CHANGES", "None", "Deleted"):
        assert anglais not in texte, anglais
    page.goto("/admin/tableau/medecin/export/")
    assert page.get_by_label("Tout sélectionner").is_checked()
    assert page.get_by_label("Date de naissance", exact=True).is_checked()
    assert "Select all" not in page.locator("#content").inner_text()
