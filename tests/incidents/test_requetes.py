"""Query budgets of the safety observatory (tests/incidents/query_counts.json, tests/requetes.py): the admin list,
the API list as each kind of reader (every row shown is a logged read: one insert for the page), the statistics
and the espace pages, at N and 3N rows."""

import pytest
from django.urls import reverse

from tests import factories
from tests.requetes import connecter_personnel, verifier_requetes

pytestmark = pytest.mark.django_db


def _incidents(n, **champs):
    factories.IncidentFactory.create_batch(n, **champs)


def test_liste_de_l_admin(client, jour):
    connecter_personnel(client, "incidents.incident")
    verifier_requetes(client, reverse("admin:incidents_incident_changelist"), peupler=_incidents)


def test_api_du_service_juridique(api_client, jour):
    api_client.force_authenticate(factories.StaffFactory(groupe="juridique"))
    verifier_requetes(api_client, "/api/incidents/", peupler=_incidents, visiteur="service juridique")
    verifier_requetes(api_client, "/api/incidents/statistiques/?annee=2026", peupler=_incidents)


def test_api_du_referent_securite(api_client, jour, vigilance):
    api_client.force_authenticate(vigilance["referent"].user)
    verifier_requetes(api_client, "/api/incidents/", peupler=_incidents, visiteur="référent sécurité")


def test_api_et_pages_du_declarant(api_client, client, medecin, jour):
    api_client.force_authenticate(medecin.user)
    verifier_requetes(
        api_client, "/api/incidents/", peupler=lambda n: _incidents(n, declarant=medecin), visiteur="médecin"
    )
    client.force_login(medecin.user)
    verifier_requetes(client, reverse("incidents_espace:liste"), peupler=lambda n: _incidents(n, declarant=medecin))
    verifier_requetes(client, reverse("incidents_espace:declarer"), peupler=lambda n: _incidents(n, declarant=medecin))
    incident = factories.IncidentFactory(declarant=medecin)
    verifier_requetes(
        client,
        reverse("incidents_espace:incident", args=[incident.pk]),
        peupler=lambda n: _incidents(n, declarant=medecin),
    )
