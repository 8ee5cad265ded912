"""Query budgets of the contracts (tests/contrats/query_counts.json, tests/requetes.py): the admin lists, the API
list as each kind of reader and the espace pages, at N and 3N rows."""

import pytest
from django.urls import reverse

from tests import factories
from tests.requetes import connecter_personnel, verifier_requetes

pytestmark = pytest.mark.django_db


def _contrats(n, **champs):
    factories.ContratFactory.create_batch(n, **champs)


def _liens(n):
    factories.LienContratFactory.create_batch(n)


def test_listes_de_l_admin(client, jour):
    connecter_personnel(client, "contrats.contrat")
    verifier_requetes(client, reverse("admin:contrats_contrat_changelist"), peupler=_contrats)
    verifier_requetes(client, reverse("admin:contrats_liencontrat_changelist"), peupler=_liens)


def test_api_du_service_juridique(api_client, jour):
    api_client.force_authenticate(factories.StaffFactory(groupe="juridique"))
    verifier_requetes(api_client, "/api/contrats/", peupler=_contrats, visiteur="service juridique")


def test_api_d_un_membre_de_la_commission(api_client, jour, commission):
    api_client.force_authenticate(commission["membres"][0].medecin.user)
    verifier_requetes(api_client, "/api/contrats/", peupler=_contrats, visiteur="commission")


def test_api_et_pages_du_medecin(api_client, client, medecin, jour):
    api_client.force_authenticate(medecin.user)
    verifier_requetes(api_client, "/api/contrats/", peupler=lambda n: _contrats(n, medecin=medecin), visiteur="médecin")
    client.force_login(medecin.user)
    verifier_requetes(client, reverse("contrats_espace:liste"), peupler=lambda n: _contrats(n, medecin=medecin))
    contrat = factories.ContratFactory(medecin=medecin)
    verifier_requetes(
        client, reverse("contrats_espace:contrat", args=[contrat.pk]), peupler=lambda n: _contrats(n, medecin=medecin)
    )
