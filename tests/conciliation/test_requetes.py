"""Query budgets of the conciliation (tests/conciliation/query_counts.json, tests/requetes.py): each admin list and
API list at N and 3N rows, with what hangs from each file (conciliators, meetings and PV, documents, links)."""

import pytest
from django.urls import reverse

from tests import factories
from tests.requetes import connecter_personnel, verifier_requetes

pytestmark = pytest.mark.django_db


def _dossiers(n):
    for _ in range(n):
        pv = factories.ProcesVerbalFactory()
        plainte = pv.reunion.plainte
        factories.ConciliateurFactory(plainte=plainte)
        factories.PiecePlainteFactory(plainte=plainte)
        factories.LienDeclareFactory(plainte=plainte)


def test_liste_de_l_admin_des_plaintes(client):
    connecter_personnel(client, "conciliation.plainte")
    verifier_requetes(client, reverse("admin:conciliation_plainte_changelist"), peupler=_dossiers)


def test_liste_de_l_api_des_plaintes_pour_le_service_juridique(api_client):
    api_client.force_authenticate(factories.StaffFactory(groupe="juridique"))
    verifier_requetes(api_client, "/api/conciliation/plaintes/", peupler=_dossiers, visiteur="service juridique")


def test_liste_de_l_api_des_plaintes_pour_un_membre_de_la_commission(api_client):
    commission = factories.CommissionFactory(nature="conciliation", nom="Commission de conciliation")
    membre = factories.MembreFactory(avec_compte=True)
    factories.SiegeCommissionFactory(commission=commission, membre=membre)
    api_client.force_authenticate(membre.medecin.user)
    verifier_requetes(api_client, "/api/conciliation/plaintes/", peupler=_dossiers, visiteur="membre de la commission")
