"""Query budgets of the entraide (tests/entraide/query_counts.json, tests/requetes.py): each admin list, API list and
page at N and 3N rows. entraide-dossier: the requests (admin, API as a reader, as the applicant, the espace)."""

import pytest
from django.urls import reverse

from tests import factories
from tests.requetes import connecter_personnel, verifier_requetes

pytestmark = pytest.mark.django_db


def _demandes(n):
    for _ in range(n):
        demande = factories.DemandeEntraideFactory()
        factories.PieceDemandeEntraideFactory(demande=demande)


def _referents(n):
    for _ in range(n):
        factories.ReferentEntraideFactory()


PEUPLER = {"demande": _demandes, "referententraide": _referents}


@pytest.mark.parametrize("modele", sorted(PEUPLER))
def test_liste_de_l_admin(client, modele):
    connecter_personnel(client, f"entraide.{modele}")
    verifier_requetes(client, reverse(f"admin:entraide_{modele}_changelist"), peupler=PEUPLER[modele])


def test_liste_de_l_api_des_demandes_pour_un_lecteur(api_client):
    api_client.force_authenticate(factories.StaffFactory(groupe="Secrétariat de l'entraide"))
    verifier_requetes(api_client, reverse("entraide-demande-list"), peupler=_demandes, visiteur="lecteur")


def test_liste_de_l_api_des_demandes_pour_le_demandeur(api_client):
    medecin = factories.MedecinFactory(avec_compte=True)
    api_client.force_authenticate(medecin.user)

    def siennes(n):
        for _ in range(n):
            factories.PieceDemandeEntraideFactory(demande=factories.DemandeEntraideFactory(medecin=medecin))

    verifier_requetes(api_client, reverse("entraide-demande-list"), peupler=siennes, visiteur="demandeur")


def test_les_pages_de_l_espace(client):
    medecin = factories.MedecinFactory(avec_compte=True)
    client.force_login(medecin.user)

    def siennes(n):
        for _ in range(n):
            factories.DemandeEntraideFactory(medecin=medecin)

    verifier_requetes(client, reverse("entraide_espace:demandes"), peupler=siennes, contient="EN-2026")
    demande = factories.DemandeEntraideFactory(medecin=medecin)

    def pieces(n):
        for _ in range(n):
            factories.PieceDemandeEntraideFactory(demande=demande, deposee_par=medecin.user)

    verifier_requetes(client, reverse("entraide_espace:demande", args=[demande.pk]), peupler=pieces)
    verifier_requetes(client, reverse("entraide_espace:deposer"), peupler=siennes)


def test_la_page_d_une_demande_dans_l_admin(client):
    connecter_personnel(client, "entraide.demande")
    demande = factories.DemandeEntraideFactory()

    def pieces(n):
        for _ in range(n):
            factories.PieceDemandeEntraideFactory(demande=demande)

    verifier_requetes(client, reverse("admin:entraide_demande_change", args=[demande.pk]), peupler=pieces)
