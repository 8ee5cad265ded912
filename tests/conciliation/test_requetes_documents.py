"""Query budgets of the documents slice (tests/conciliation/query_counts.json, tests/requetes.py): the échéances and
the yearly report (API), the échéances page and the admin lists of the reminders and their parameters, each at N and
3N rows."""

import datetime
import itertools

import pytest
from django.urls import reverse

from conciliation.models import ParametreConciliation
from tests import factories
from tests.conciliation.outils_documents import juriste
from tests.requetes import connecter_personnel, verifier_requetes

pytestmark = pytest.mark.django_db

_JOURS = itertools.count()


def _dossiers(n):
    """n complaints due within the window of 30 March 2026, each with its meeting, PV and conciliators."""
    for _ in range(n):
        en_retard = factories.PlainteFactory(date_enregistrement=datetime.date(2026, 2, 10))
        factories.ConciliateurFactory(plainte=en_retard)
        a_transmettre = factories.PlainteFactory(date_enregistrement=datetime.date(2026, 1, 2), statut="a_transmettre")
        reunion = factories.ReunionFactory(plainte=a_transmettre, date=datetime.date(2026, 1, 20))
        factories.ProcesVerbalFactory(reunion=reunion)


def _annee(n):
    for _ in range(n):
        jour = datetime.date(2026, 1, 5) + datetime.timedelta(days=next(_JOURS) % 300)
        plainte = factories.PlainteFactory(date_enregistrement=jour, recue_le=jour, statut="a_transmettre")
        factories.ProcesVerbalFactory(reunion=factories.ReunionFactory(plainte=plainte, date=jour))
        factories.PlainteFactory(date_enregistrement=jour, recue_le=jour, nature="doleance")


def _rappels(n):
    for _ in range(n):
        factories.RappelEcheanceFactory()


def _parametres(n):
    for _ in range(n):
        ParametreConciliation.objects.create(
            courriel_service_juridique=f"juridique{next(_JOURS)}@cdom.example", chambre_disciplinaire="CDPI"
        )


def test_liste_des_echeances(api_client):
    api_client.force_authenticate(juriste())
    url = "/api/conciliation/echeances/?date=2026-03-30"
    verifier_requetes(api_client, url, peupler=_dossiers, visiteur="service juridique")


def test_bilan_annuel(api_client):
    api_client.force_authenticate(juriste())
    url = "/api/conciliation/rapport/?annee=2026"
    verifier_requetes(api_client, url, peupler=_annee, visiteur="service juridique")


def test_page_des_echeances(client):
    client.force_login(juriste())
    url = reverse("admin:conciliation_rappelecheance_echeances") + "?date=2026-03-30"
    verifier_requetes(client, url, peupler=_dossiers, contient="Dépassée")


@pytest.mark.parametrize(("modele", "peupler"), [("rappelecheance", _rappels), ("parametreconciliation", _parametres)])
def test_liste_de_l_admin(client, modele, peupler):
    connecter_personnel(client, f"conciliation.{modele}")
    verifier_requetes(client, reverse(f"admin:conciliation_{modele}_changelist"), peupler=peupler)
