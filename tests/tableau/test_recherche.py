"""Search as a person types it: without accents, in capitals (CONTRACT.md: "case and accents ignored: `menard` finds
Ménard"), in the annuaire, the admin's list and the API, all through tableau.selectors."""

import pytest
from django.urls import reverse

from tableau.models import Qualification
from tests.factories import MedecinFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def medecins():
    return {
        "elodie": MedecinFactory(prenom="Élodie", nom="Vergnaud", ville_professionnelle="Bergerac"),
        "menard": MedecinFactory(prenom="Jean", nom="Ménard", ville_professionnelle="Périgueux"),
        "autre": MedecinFactory(prenom="Paul", nom="Marty", ville_professionnelle="Saint-Astier"),
    }


def _annuaire(client, **params) -> set[str]:
    reponse = client.get(reverse("annuaire:recherche"), params)
    assert reponse.status_code == 200
    return {f["rpps"] for f in reponse.context["fiches"]}


@pytest.mark.parametrize(
    ("saisie", "trouve"), [("elodie", "elodie"), ("ELODIE", "elodie"), ("MÉNARD", "menard"), ("menard", "menard")]
)
def test_l_annuaire_trouve_un_nom_tape_sans_accents_ou_en_capitales(client, medecins, saisie, trouve):
    assert _annuaire(client, q=saisie) == {medecins[trouve].rpps}


def test_l_annuaire_trouve_une_ville_tapee_sans_accents_ni_tirets(client, medecins):
    assert _annuaire(client, ville="perigueux") == {medecins["menard"].rpps}
    assert _annuaire(client, ville="saint astier") == {medecins["autre"].rpps}
    assert _annuaire(client, q="jean menard", ville="PÉRIGUEUX") == {medecins["menard"].rpps}


def test_la_recherche_par_ville_sans_accents_ne_revele_toujours_pas_un_medecin_oppose(client):
    MedecinFactory(nom="Opposant", opposition_annuaire=True, ville_professionnelle="Ribérac")
    publie = MedecinFactory(nom="Publie", ville_professionnelle="Ribérac")
    assert _annuaire(client, ville="riberac") == {publie.rpps}
    assert _annuaire(client, ville="RIBERAC", q="opposant") == set()


def test_l_annuaire_cherche_par_specialite_sans_accents(client, medecins):
    Qualification.objects.create(medecin=medecins["elodie"], intitule="Pédiatrie", date="2012-01-01")
    Qualification.objects.create(medecin=medecins["menard"], intitule="Médecine générale", date="2010-01-01")
    Qualification.objects.create(medecin=medecins["autre"], intitule="Médecine du travail", date="2010-01-01")
    assert _annuaire(client, specialite="pediatrie") == {medecins["elodie"].rpps}
    assert _annuaire(client, specialite="medecine generale") == {medecins["menard"].rpps}
    assert _annuaire(client, specialite="médecine") == {medecins["menard"].rpps, medecins["autre"].rpps}
    # The words must all be in one qualification: "générale" and "travail" are in two doctors' titles.
    assert _annuaire(client, specialite="generale travail") == set()
    html = client.get(reverse("annuaire:recherche"), {"specialite": "pediatrie"}).content.decode()
    assert '<label for="id_specialite">Spécialité' in html
    assert "1 médecin correspondant à la recherche" in html


def test_la_recherche_de_l_admin_ignore_accents_et_majuscules(client, staff_tableau, medecins):
    client.force_login(staff_tableau)
    for saisie, trouve in (("elodie", "elodie"), ("MÉNARD", "menard"), ("menard jean", "menard")):
        reponse = client.get("/admin/tableau/medecin/", {"q": saisie})
        assert list(reponse.context["cl"].result_list) == [medecins[trouve]], saisie


def test_la_recherche_de_l_api_ignore_accents_et_majuscules(api_client, staff_tableau, medecins):
    api_client.force_authenticate(staff_tableau)
    for saisie, trouve in (("elodie", "elodie"), ("MÉNARD", "menard"), ("Elodie Vergnaud", "elodie")):
        reponse = api_client.get("/api/medecins/", {"search": saisie})
        assert [r["id"] for r in reponse.json()["results"]] == [medecins[trouve].pk], saisie
