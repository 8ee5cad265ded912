"""The public annuaire (DOMAIN.md 1): registered doctors only, without the contact details of those who opposed."""

import pytest
from django.urls import reverse

from tableau.models import Statut
from tests import factories

pytestmark = pytest.mark.django_db


def page(client, **params):
    reponse = client.get(reverse("annuaire:recherche"), params)
    assert reponse.status_code == 200
    return reponse


def test_l_annuaire_est_public_et_montre_les_coordonnees_d_un_medecin_inscrit(client):
    m = factories.MedecinFactory(nom="Delpech", telephone="05 53 11 22 33", ville_professionnelle="Bergerac")
    html = page(client, q="Delpech").content.decode()
    assert "DELPECH" in html
    assert m.rpps in html
    assert "05 53 11 22 33" in html
    assert "Bergerac" in html


def test_les_coordonnees_d_un_medecin_qui_s_est_oppose_a_la_publication_ne_sont_pas_affichees(client):
    m = factories.MedecinFactory(
        nom="Lacombe",
        opposition_annuaire=True,
        telephone="05 53 99 88 77",
        adresse_professionnelle="7 impasse Secrète",
        ville_professionnelle="Ribérac",
    )
    html = page(client, q="Lacombe").content.decode()
    assert "LACOMBE" in html and m.rpps in html  # the doctor is listed...
    for coordonnee in ("05 53 99 88 77", "7 impasse Secrète", "Ribérac", m.email):
        assert coordonnee not in html  # ...without contact details
    assert "Non publiées à la demande du médecin." in html


def test_la_recherche_par_ville_ne_revele_pas_la_ville_d_un_medecin_oppose(client):
    factories.MedecinFactory(nom="Opposant", opposition_annuaire=True, ville_professionnelle="Nontron")
    factories.MedecinFactory(nom="Publie", ville_professionnelle="Nontron")
    html = page(client, ville="Nontron").content.decode()
    assert "PUBLIE" in html
    assert "OPPOSANT" not in html


@pytest.mark.parametrize(
    "statut", [Statut.RADIE, Statut.DECEDE, Statut.DEMANDE, Statut.EN_INSTRUCTION, Statut.REFUSE, Statut.TRANSFERE]
)
def test_un_medecin_qui_n_est_pas_inscrit_n_apparait_jamais(client, statut):
    m = factories.MedecinFactory(nom="Absent", statut=statut)
    factories.MedecinFactory(nom="Present")
    for params in ({}, {"q": "Absent"}, {"q": m.rpps}, {"ville": m.ville_professionnelle}):
        reponse = page(client, **params)
        assert "ABSENT" not in reponse.content.decode()
        assert m.rpps not in [f["rpps"] for f in reponse.context["fiches"]]


def test_la_recherche_trouve_par_nom_ou_par_rpps(client):
    a = factories.MedecinFactory(nom="Fargeot", prenom="Aline")
    b = factories.MedecinFactory(nom="Marty")
    html = page(client, q="fargeot").content.decode()
    assert a.rpps in html and b.rpps not in html
    html = page(client, q=b.rpps).content.decode()
    assert b.rpps in html and a.rpps not in html


def test_les_resultats_sont_pagines_par_25_en_gardant_la_recherche(client):
    factories.MedecinFactory.create_batch(30, ville_professionnelle="Sarlat")
    reponse = page(client, ville="Sarlat")
    assert len(reponse.context["fiches"]) == 25
    html = reponse.content.decode()
    assert "Page 1 sur 2" in html
    assert "ville=Sarlat&amp;page=2" in html
    assert len(page(client, ville="Sarlat", page=2).context["fiches"]) == 5


def test_une_fiche_sans_adresse_ne_montre_pas_d_intitule_vide(client):
    factories.MedecinFactory(
        nom="Sansadresse", adresse_professionnelle="", code_postal_professionnel="", ville_professionnelle=""
    )
    factories.MedecinFactory(nom="Opposant", opposition_annuaire=True)
    for nom in ("Sansadresse", "Opposant"):
        html = page(client, q=nom).content.decode()
        assert nom.upper() in html
        assert "<dt>Adresse</dt>" not in html
    avec = factories.MedecinFactory(nom="Avecadresse", adresse_professionnelle="", ville_professionnelle="Thiviers")
    html = page(client, q="Avecadresse").content.decode()
    assert f"<dt>Adresse</dt><dd>{avec.code_postal_professionnel} Thiviers</dd>" in html
