"""In a real browser: the council's secretariat runs one plenary of a Dordogne-like council (16 titulars, quorum 9)
from the attendance register to the procès-verbal; an elected member files a declaration of interests in the espace
médecin; the live page, the declaration page and the public page of declarations pass axe-core (RGAA 4.1 / WCAG 2.1
AA)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gouvernance import selectors
from gouvernance.models import DeclarationInterets, Deliberation, Emargement, Seance
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOMS = [
    "Arnaud",
    "Bessot",
    "Chabrol",
    "Delmas",
    "Escande",
    "Faure",
    "Gaillard",
    "Hivert",
    "Issartier",
    "Jammes",
    "Lachaud",
    "Mazeau",
    "Nouaille",
    "Pommier",
    "Queyroi",
    "Roussarie",
]
MOTIVATION = (
    "Le budget primitif présenté par le trésorier respecte l'équilibre des recettes et des dépenses fixé par le "
    "règlement de trésorerie."
)


def _accessible(page, axe, nom):
    resultats = axe.run(page)
    assert resultats.violations_count == 0, f"{nom} ({page.url}) :\n{resultats.generate_report()}"
    assert page.title(), f"{nom} : pas de titre de page"
    assert page.locator("h1").count() == 1, f"{nom} : il faut un seul h1"
    assert page.requetes_externes == [], f"{nom} : requêtes vers l'extérieur {page.requetes_externes}"


def _conseil():
    debut = datetime.date(2025, 6, 1)
    titulaires, suppleants = [], []
    for i, nom in enumerate(NOMS):
        medecin = factories.MedecinFactory(
            nom=nom,
            prenom="Anne" if i % 2 else "Paul",
            date_naissance=datetime.date(1950 + i, 3, 1),
            **({"avec_compte": True} if i == 4 else {}),
        )
        titulaires.append(
            factories.MembreFactory(medecin=medecin, binome=i // 2 + 1, moitie=1 if i < 8 else 2, date_debut=debut)
        )
        medecin = factories.MedecinFactory(nom=f"{nom}-Suppl", prenom="Marc", date_naissance=datetime.date(1965, 1, 1))
        suppleants.append(
            factories.MembreFactory(
                medecin=medecin,
                suppleant=True,
                binome=i // 2 + 1,
                moitie=1 if i < 8 else 2,
                rang=i + 1,
                date_debut=debut,
            )
        )
    factories.FonctionFactory(membre=titulaires[0], fonction="president", date_debut=debut)
    return titulaires, suppleants


def _nom(membre):
    return f"Dr {membre.medecin.prenom} {membre.medecin.nom.upper()}"


def test_le_secretariat_conduit_une_seance_de_l_emargement_au_proces_verbal(nouvelle_page, transactional_db):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    titulaires, _suppleants = _conseil()
    seance = factories.SeanceFactory(date=timezone.localdate(), ordre_du_jour=["Budget primitif", "Questions diverses"])
    factories.StaffFactory(username="secretariat.conseil", groupe="secretariat")

    page = nouvelle_page()
    page.goto(reverse("gouvernance:seances"))
    # Not logged in: the espace login (it takes a staff login too), then back to the list.
    assert page.locator("h1").inner_text() == "Connexion à l'espace médecin"
    page.get_by_label("Numéro RPPS").fill("secretariat.conseil")
    page.get_by_label("Mot de passe").fill(factories.MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    assert page.locator("h1").inner_text() == "Séances du conseil"
    _accessible(page, axe, "liste des séances")
    page.get_by_role("link", name=f"Conduire la séance du {seance.date:%d/%m/%Y}").click()
    assert page.url.endswith(reverse("gouvernance:seance_direct", args=[seance.pk]))
    _accessible(page, axe, "séance en direct")

    # Émargement of nine titulars, one click each; the quorum follows.
    for membre in titulaires[:9]:
        page.get_by_role("button", name=f"Émarger {_nom(membre)}", exact=True).click()
        assert f"{_nom(membre)} a émargé." in page.locator(".messages").inner_text()
    assert page.locator("[data-test=presents]").inner_text() == "9"
    assert page.locator("[data-test=requis]").inner_text() == "9"
    assert "Quorum atteint" in page.locator("#quorum").inner_text()

    # A prevented titular is replaced by the substitute next in rotation, proposed on his row.
    empeche = titulaires[15]
    suivant = selectors.suppleant_suivant(seance=seance)
    page.get_by_role("button", name=f"Remplacer par {_nom(suivant)} ({_nom(empeche)} empêché)").click()
    assert f"{_nom(suivant)} siège en remplacement de {_nom(empeche)}." in page.locator(".messages").inner_text()
    assert page.locator("[data-test=presents]").inner_text() == "10"
    assert Emargement.objects.get(seance=seance, membre=suivant).remplace == empeche

    page.get_by_role("button", name="Ouvrir la séance").click()
    assert "La séance est ouverte." in page.locator(".messages").inner_text()

    # A vote that counts more voters than present is refused in French, the input kept.
    formulaire = page.locator("form", has=page.get_by_role("button", name="Enregistrer la délibération"))
    formulaire.get_by_label("Objet").fill("Adoption du budget primitif")
    formulaire.get_by_label("Motivation").fill(MOTIVATION)
    formulaire.get_by_label("Voix pour").fill("8")
    formulaire.get_by_label("Voix contre").fill("4")
    sortis = formulaire.get_by_role("group", name=re.compile("conflit d'intérêts"))
    sortis.get_by_label(_nom(titulaires[3]), exact=True).check()
    formulaire.get_by_role("button", name="Enregistrer la délibération").click()
    formulaire = page.locator("form", has=page.get_by_role("button", name="Enregistrer la délibération"))
    assert "12 voix comptées" in formulaire.inner_text()
    assert formulaire.get_by_label("Objet").input_value() == "Adoption du budget primitif"
    assert not Deliberation.objects.exists()
    _accessible(page, axe, "séance en direct, délibération refusée")

    formulaire.get_by_label("Voix pour").fill("6")
    formulaire.get_by_label("Voix contre").fill("3")
    sortis = formulaire.get_by_role("group", name=re.compile("conflit d'intérêts"))
    # The refused form kept what was ticked.
    assert sortis.get_by_label(_nom(titulaires[3]), exact=True).is_checked()
    formulaire.get_by_role("button", name="Enregistrer la délibération").click()
    deliberation = Deliberation.objects.get(seance=seance)
    assert f"Délibération n° {deliberation.numero} enregistrée : adoptée." in page.locator(".messages").inner_text()
    assert list(deliberation.non_participants.all()) == [titulaires[3]]
    assert list(deliberation.sortis_conflit_interets.all()) == [titulaires[3]]

    page.get_by_role("button", name="Clore la séance").click()
    assert "La séance est close." in page.locator(".messages").inner_text()
    assert Seance.objects.get(pk=seance.pk).statut == "close"
    _accessible(page, axe, "séance close")

    # The procès-verbal, downloaded with the staff member's session.
    lien = page.get_by_role("link", name="Télécharger le procès-verbal (PDF, confidentiel)")
    reponse = page.context.request.get(lien.get_attribute("href"))
    assert reponse.status == 200
    assert reponse.headers["content-type"] == "application/pdf"
    assert reponse.body().startswith(b"%PDF")


def test_un_elu_depose_sa_declaration_d_interets_et_les_pages_passent_axe_core(nouvelle_page, transactional_db):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    titulaires, _ = _conseil()
    elu = titulaires[4]

    page = nouvelle_page()
    page.goto(reverse("espace:connexion"))
    page.get_by_label("Numéro RPPS").fill(elu.medecin.rpps)
    page.get_by_label("Mot de passe").fill(factories.MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Ma déclaration d'intérêts").first.click()
    assert page.locator("h1").inner_text() == "Ma déclaration d'intérêts"
    _accessible(page, axe, "ma déclaration d'intérêts")

    page.get_by_label("Activité libérale en cabinet").check()
    page.get_by_role("button", name="Déposer ma déclaration").click()
    # Not certified, no place: refused in French, nothing written.
    assert "Vous devez certifier l'exactitude des renseignements fournis." in page.locator("main").inner_text()
    assert not DeclarationInterets.objects.exists()
    _accessible(page, axe, "ma déclaration d'intérêts, avec erreurs")

    page.get_by_label("Organisme, société ou service").first.fill("Laboratoire Dupuy")
    page.get_by_label(re.compile("^Je certifie l'exactitude")).check()
    page.get_by_label(re.compile("^J'atteste sur l'honneur")).check()
    page.get_by_label("Fait à").fill("Périgueux")
    page.get_by_role("button", name="Déposer ma déclaration").click()
    assert "enregistrée (version 1)" in page.locator(".messages").inner_text()
    declaration = DeclarationInterets.objects.get(membre=elu)
    assert declaration.attestation_signee and declaration.activites_remunerees[0]["organisme"] == "Laboratoire Dupuy"
    _accessible(page, axe, "ma déclaration d'intérêts, déposée")

    public = nouvelle_page()
    public.goto(reverse("gouvernance:declarations_publiques"))
    assert _nom(elu) in public.locator("main").inner_text()
    _accessible(public, axe, "déclarations publiques")

    public.goto(reverse("gouvernance:public_conseil"))
    assert _nom(elu) in public.get_by_role("table", name=re.compile("Membres titulaires")).inner_text()
    _accessible(public, axe, "composition du conseil")
