"""Query budgets of the register (tests/tableau/query_counts.json, tests/requetes.py): each admin list, API list
and page, measured at N then 3N rows built with the factories, with every relation the page shows filled in."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests import factories
from tests.requetes import connecter_personnel, verifier_requetes

pytestmark = pytest.mark.django_db


def _medecin_complet(**champs):
    """A doctor with a login and one row of each list hanging from his record."""
    medecin = factories.MedecinFactory(avec_compte=True, **champs)
    factories.QualificationFactory(medecin=medecin)
    factories.LieuExerciceFactory(medecin=medecin, principal=True)
    factories.ActiviteFactory(medecin=medecin)
    factories.DocumentProfessionnelFactory(medecin=medecin)
    factories.ChangementStatutFactory(medecin=medecin)
    factories.DeclarationPerteOrdonnancesFactory(medecin=medecin, declaree_par=medecin.user)
    factories.SocieteFactory(gerant=medecin, associes=[medecin, factories.MedecinFactory()])
    return medecin


def _medecins(n):
    return [_medecin_complet() for _ in range(n)]


# Each admin list of the app grows by whole doctors' records: every list has n more rows.
MODELES_ADMIN = sorted(m._meta.model_name for m in admin.site._registry if m._meta.app_label == "tableau")


@pytest.mark.parametrize("modele", MODELES_ADMIN)
def test_liste_de_l_admin(client, modele):
    connecter_personnel(client, f"tableau.{modele}")
    verifier_requetes(client, reverse(f"admin:tableau_{modele}_changelist"), peupler=_medecins)


@pytest.mark.parametrize(("route", "groupe"), [("medecin-list", "tableau"), ("societe-list", "tableau")])
def test_liste_de_l_api(api_client, route, groupe):
    api_client.force_authenticate(factories.StaffFactory(groupe=groupe))
    verifier_requetes(api_client, reverse(route), peupler=_medecins, visiteur="service du tableau")


def test_l_annuaire(client):
    verifier_requetes(
        client, reverse("annuaire:recherche"), peupler=_medecins, visiteur="anonyme", contient="Pédiatrie"
    )


@pytest.mark.parametrize(
    ("page", "contient"),
    [
        ("espace:accueil", "Pédiatrie"),
        ("espace:coordonnees", "12 rue Wilson"),
        ("espace:publication_annuaire", "annuaire"),
        ("espace:ordonnances", "02/01/2026"),
    ],
)
def test_les_pages_de_l_espace(client, page, contient):
    """The doctor's own lists grow (and other doctors' records, which the page must not read)."""
    medecin = _medecin_complet()
    client.force_login(medecin.user)

    def peupler(n):
        for _ in range(n):
            factories.QualificationFactory(medecin=medecin)
            factories.LieuExerciceFactory(medecin=medecin)
            factories.ChangementStatutFactory(medecin=medecin)
            factories.DeclarationPerteOrdonnancesFactory(medecin=medecin, declaree_par=medecin.user)
            factories.SocieteFactory(gerant=medecin)
            factories.SocieteFactory(associes=[medecin])
            _medecin_complet()

    verifier_requetes(client, reverse(page), peupler=peupler, contient=contient)
