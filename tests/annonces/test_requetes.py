"""Query budgets of the ads (tests/annonces/query_counts.json, tests/requetes.py): the admin list, the API list for
each kind of visitor, the public page and an ad's page, the espace pages, each at N and 3N rows."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.annonces.conftest import JOUR
from tests.requetes import connecter_personnel, verifier_requetes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _jour(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: JOUR)


def _annonces(auteur=None):
    def peupler(n):
        for _ in range(n):
            annonce = factories.AnnonceFactory(**({"auteur": auteur} if auteur else {}))
            factories.RevisionAnnonceFactory(annonce=annonce)
            factories.AnnonceFactory(auteur=annonce.auteur, statut="soumise", publiee_le=None)

    return peupler


def test_liste_de_l_admin(client):
    connecter_personnel(client, "annonces.annonce")
    verifier_requetes(client, reverse("admin:annonces_annonce_changelist"), peupler=_annonces())


def test_liste_de_l_api_pour_l_anonyme(api_client):
    verifier_requetes(api_client, "/api/annonces/", peupler=_annonces(), visiteur="anonyme")


def test_liste_de_l_api_pour_le_medecin(api_client, auteur):
    api_client.force_authenticate(auteur.user)
    verifier_requetes(api_client, "/api/annonces/", peupler=_annonces(auteur), visiteur="medecin")


def test_liste_de_l_api_pour_le_moderateur(api_client, moderateur):
    api_client.force_authenticate(moderateur)
    verifier_requetes(api_client, "/api/annonces/", peupler=_annonces(), visiteur="moderateur")


def test_la_page_publique(client):
    verifier_requetes(client, reverse("annonces:liste"), peupler=_annonces(), contient="Remplacement en médecine")


def test_la_page_d_une_annonce(client, auteur, confrere):
    annonce = factories.AnnonceFactory(auteur=auteur)
    client.force_login(confrere.user)

    def peupler(n):
        factories.MessageAnnonceFactory.create_batch(n, annonce=annonce)

    verifier_requetes(client, reverse("annonces:detail", args=[annonce.pk]), peupler=peupler, contient=annonce.titre)


def test_mes_annonces(client, auteur):
    client.force_login(auteur.user)
    verifier_requetes(client, reverse("annonces_espace:liste"), peupler=_annonces(auteur), contient="Remplacement")


def test_nouvelle_annonce(client, auteur):
    client.force_login(auteur.user)
    verifier_requetes(client, reverse("annonces_espace:nouvelle"), peupler=_annonces(auteur))


@pytest.mark.parametrize("nom", ["annonces_espace:detail", "annonces_espace:modifier"])
def test_une_de_mes_annonces(client, auteur, nom):
    annonce = factories.AnnonceFactory(auteur=auteur)
    factories.RevisionAnnonceFactory(annonce=annonce, statut="correction_demandee", motif="Précisez.")
    client.force_login(auteur.user)

    def peupler(n):
        for _ in range(n):
            factories.RevisionAnnonceFactory(annonce=annonce, statut="refusee", motif="Non.")

    verifier_requetes(client, reverse(nom, args=[annonce.pk]), peupler=peupler)
