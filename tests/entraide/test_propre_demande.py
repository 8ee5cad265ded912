"""A member of the entraide commission who applies himself follows his own request as any applicant (its status
and dates), neither reads it in full nor decides an aid on it; he still reads the others' requests. Another
service's staff get 404 (an empty list), and every refused read of an existing file is logged."""

import pytest

from commun.models import JournalAcces
from entraide.models import Aide
from tests import factories

from .aides_commun import *  # noqa: F403 (the fixtures)
from .aides_commun import JOUR, MOTIVATION

pytestmark = pytest.mark.django_db


@pytest.fixture
def aujourdhui(monkeypatch, jour):
    monkeypatch.setattr("entraide.api.demandes._aujourdhui", lambda: JOUR)
    return JOUR


@pytest.fixture
def sa_demande(commission):
    return factories.DemandeEntraideFactory(numero="EN-2026-0002", medecin=commission.elu.medecin)


def test_un_membre_de_la_commission_suit_sa_propre_demande_en_demandeur_seulement(
    api_client, commission, demande, sa_demande, aujourdhui
):
    api_client.force_authenticate(commission.user("elu"))
    reponse = api_client.get(f"/api/entraide/demandes/{sa_demande.pk}/")
    assert reponse.status_code == 200
    assert set(reponse.json()) == {"id", "statut", "date_depot", "statut_le"}
    assert not JournalAcces.objects.filter(objet_id=str(sa_demande.pk), accorde=True).exists()
    # He still reads the others' requests in full, and his own is not among them.
    autre = api_client.get(f"/api/entraide/demandes/{demande.pk}/")
    assert autre.status_code == 200 and "situation" in autre.json()
    numeros = [d["numero"] for d in api_client.get("/api/entraide/demandes/").json()["results"]]
    assert numeros == ["EN-2026-0001"]
    for fin in ("aides/", "transmissions/", "dossier-cnom.pdf", "acces/"):
        assert api_client.get(f"/api/entraide/demandes/{sa_demande.pk}/{fin}").status_code == 404, fin


def test_un_membre_de_la_commission_ne_decide_pas_une_aide_sur_sa_propre_demande_403(
    api_client, commission, sa_demande, aujourdhui
):
    api_client.force_authenticate(commission.user("elu"))
    corps = {"type": "secours", "montant": "800.00", "motivation": MOTIVATION}
    reponse = api_client.post(f"/api/entraide/demandes/{sa_demande.pk}/aides/", corps, format="json")
    assert reponse.status_code == 403
    assert not Aide.objects.exists()
    refus = JournalAcces.objects.get()
    assert refus.accorde is False and refus.utilisateur == commission.user("elu")
