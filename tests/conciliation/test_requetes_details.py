"""Query budgets of one file's pages (tests/conciliation/query_counts.json, tests/requetes.py): the plainte's API
detail, a meeting's API detail and its PV as PDF, each measured while the file grows (N then
3N conciliators, meetings with their PV, documents, declared links): the count may not grow with the file."""

import datetime

import pytest

from tests import factories
from tests.conciliation.outils_documents import juriste
from tests.requetes import verifier_requetes

pytestmark = pytest.mark.django_db


@pytest.fixture
def reunion():
    pv = factories.ProcesVerbalFactory(issue="echec", desaccords="Le remboursement reste contesté.")
    return pv.reunion


def _garnir(plainte):
    """`peupler(n)`: n more of everything that hangs from the file."""

    def peupler(n):
        for rang in range(n):
            factories.ConciliateurFactory(plainte=plainte)
            factories.ReunionFactory(plainte=plainte, date=datetime.date(2026, 3, 20) + datetime.timedelta(days=rang))
            factories.PiecePlainteFactory(plainte=plainte)
            factories.LienDeclareFactory(plainte=plainte)

    return peupler


def test_detail_de_l_api_d_une_plainte(api_client, reunion):
    api_client.force_authenticate(juriste())
    url = f"/api/conciliation/plaintes/{reunion.plainte_id}/"
    verifier_requetes(api_client, url, peupler=_garnir(reunion.plainte), visiteur="service juridique")


def test_detail_de_l_api_d_une_reunion(api_client, reunion):
    api_client.force_authenticate(juriste())
    url = f"/api/conciliation/reunions/{reunion.pk}/"
    verifier_requetes(api_client, url, peupler=_garnir(reunion.plainte), visiteur="service juridique")


def test_proces_verbal_en_pdf(api_client, reunion):
    api_client.force_authenticate(juriste())
    url = f"/api/conciliation/reunions/{reunion.pk}/proces-verbal.pdf"
    verifier_requetes(api_client, url, peupler=_garnir(reunion.plainte), visiteur="service juridique")
