"""Query budgets of the aids, the transmissions and the helplines (tests/entraide/query_counts.json,
tests/requetes.py): each admin list, API list and page at N and 3N rows."""

import pytest
from django.urls import reverse

from tests import factories
from tests.requetes import connecter_personnel, verifier_requetes

pytestmark = pytest.mark.django_db
VISITEUR = "secrétariat de l'entraide"


def _aides(n):
    for _ in range(n):
        factories.AideEntraideFactory()


def _transmissions(n):
    for _ in range(n):
        factories.TransmissionCnomFactory()


def _contacts(n):
    factories.ContactEntraideFactory.create_batch(n)


PEUPLER = {"aide": _aides, "transmissioncnom": _transmissions, "contact": _contacts}


@pytest.mark.parametrize("modele", sorted(PEUPLER))
def test_liste_de_l_admin(client, modele):
    connecter_personnel(client, f"entraide.{modele}")
    verifier_requetes(client, reverse(f"admin:entraide_{modele}_changelist"), peupler=PEUPLER[modele])


def test_les_aides_d_une_demande(api_client):
    demande = factories.DemandeEntraideFactory()
    api_client.force_authenticate(factories.StaffFactory(groupe="Secrétariat de l'entraide"))

    def peupler(n):
        for _ in range(n):
            factories.AideEntraideFactory(demande=demande)

    url = f"/api/entraide/demandes/{demande.pk}/aides/"
    verifier_requetes(api_client, url, peupler=peupler, visiteur=VISITEUR)


def test_les_transmissions_d_une_demande(api_client):
    demande = factories.DemandeEntraideFactory()
    api_client.force_authenticate(factories.StaffFactory(groupe="Secrétariat de l'entraide"))

    def peupler(n):
        for _ in range(n):
            factories.TransmissionCnomFactory(demande=demande)

    url = f"/api/entraide/demandes/{demande.pk}/transmissions/"
    verifier_requetes(api_client, url, peupler=peupler, visiteur=VISITEUR)


def test_les_lignes_d_ecoute_de_l_api(api_client):
    verifier_requetes(api_client, "/api/entraide/contacts/", peupler=_contacts, contient="Ligne")


def test_la_page_medecin_en_difficulte(client):
    verifier_requetes(client, "/entraide/", peupler=_contacts, contient="Ligne d&#x27;écoute")


def test_une_demande_lue_en_entier_par_un_lecteur(api_client):
    demande = factories.DemandeEntraideFactory()
    api_client.force_authenticate(factories.StaffFactory(groupe="Secrétariat de l'entraide"))

    def peupler(n):
        for _ in range(n):
            factories.PieceDemandeEntraideFactory(demande=demande)
            factories.AideEntraideFactory(demande=demande)

    url = f"/api/entraide/demandes/{demande.pk}/"
    verifier_requetes(api_client, url, peupler=peupler, visiteur=VISITEUR)


def test_une_aide_lue_par_un_lecteur(api_client):
    aide = factories.AideEntraideFactory()
    api_client.force_authenticate(factories.StaffFactory(groupe="Secrétariat de l'entraide"))

    def peupler(n):
        for _ in range(n):
            factories.AideEntraideFactory(demande=aide.demande)

    url = f"/api/entraide/demandes/{aide.demande_id}/aides/{aide.pk}/"
    verifier_requetes(api_client, url, peupler=peupler, visiteur=VISITEUR)


def test_le_dossier_pour_la_commission_nationale(api_client):
    demande = factories.DemandeEntraideFactory()
    factories.TransmissionCnomFactory(demande=demande)
    api_client.force_authenticate(factories.StaffFactory(groupe="Secrétariat de l'entraide"))

    def peupler(n):
        for _ in range(n):
            factories.PieceDemandeEntraideFactory(demande=demande)
            factories.AideEntraideFactory(demande=demande)

    url = f"/api/entraide/demandes/{demande.pk}/dossier-cnom.pdf"
    verifier_requetes(api_client, url, peupler=peupler, visiteur=VISITEUR)
