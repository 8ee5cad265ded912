"""Query budget of a plainte's admin change page (tests/conciliation/query_counts.json): its inlines (conciliators,
meetings with their PV, documents, declared links) at N then 3N rows each; the count may not grow with the file."""

import datetime

import pytest
from django.urls import reverse

from tests import factories
from tests.requetes import connecter_personnel, verifier_requetes

pytestmark = pytest.mark.django_db


def test_page_de_l_admin_d_une_plainte(client):
    plainte = factories.ProcesVerbalFactory(
        issue="echec", desaccords="Le remboursement reste contesté."
    ).reunion.plainte

    def peupler(n):
        for rang in range(n):
            factories.ConciliateurFactory(plainte=plainte)
            factories.ReunionFactory(plainte=plainte, date=datetime.date(2026, 3, 20) + datetime.timedelta(days=rang))
            factories.PiecePlainteFactory(plainte=plainte)
            factories.LienDeclareFactory(plainte=plainte)

    connecter_personnel(client, "conciliation.plainte")
    url = reverse("admin:conciliation_plainte_change", args=[plainte.pk])
    verifier_requetes(client, url, peupler=peupler, contient=plainte.numero)
