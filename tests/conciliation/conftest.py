"""The conciliation's world (conc-noyau): the service juridique, the président, a conciliation commission of three
elected members, a member who does not sit on it; the day of each act set through `au(jour)` (the doors pass
`conciliation.api.commun.aujourd_hui()` to the services as `today=`)."""

import datetime
from dataclasses import dataclass

import pytest

from tests import factories

T0 = datetime.date(2026, 3, 2)  # registration: conciliation by 2 April, transmission by 2 June 2026


@dataclass
class Conseil:
    president: object
    commission: object
    conciliateurs: list
    hors_commission: object
    juridique: object
    comptable: object


@pytest.fixture
def conseil(db):
    president = factories.MembreFactory(avec_compte=True)
    factories.FonctionFactory(membre=president, fonction="president")
    commission = factories.CommissionFactory(nature="conciliation", nom="Commission de conciliation")
    membres = [factories.MembreFactory(avec_compte=True) for _ in range(3)]
    for membre in membres:
        factories.SiegeCommissionFactory(commission=commission, membre=membre)
    return Conseil(
        president=president,
        commission=commission,
        conciliateurs=membres,
        hors_commission=factories.MembreFactory(avec_compte=True),
        juridique=factories.StaffFactory(groupe="juridique"),
        comptable=factories.StaffFactory(groupe="comptabilite"),
    )


@pytest.fixture
def au(monkeypatch):
    """`au(date)`: the API acts on that day from now on."""

    def regler(jour: datetime.date):
        monkeypatch.setattr("conciliation.api.commun.aujourd_hui", lambda: jour)

    regler(datetime.date(2026, 3, 2))
    return regler


@pytest.fixture
def client_juridique(api_client, conseil):
    api_client.force_authenticate(conseil.juridique)
    return api_client


def corps_plainte(medecin, **champs):
    return {
        "nature": "plainte",
        "medecin": medecin.pk,
        "plaignant_nom": "Mme Claire Fontaine",
        "plaignant_qualite": "patient",
        "plaignant_email": "claire.fontaine@patients.example",
        "plaignant_adresse": "4 place du Marché\n24000 Périgueux",
        "objet": "Refus de communiquer le dossier médical après une consultation.",
        "date_enregistrement": "2026-03-02",
        **champs,
    }


def seance_de_transmission(jour, *, presents=(), non_participants=(), adoptee=True, type="pleniere"):
    """A plenary session on `jour` with the attendance of `presents` and its adopted deliberation to transmit."""
    seance = factories.SeanceFactory(date=jour, type=type)
    for membre in presents:
        factories.EmargementFactory(seance=seance, membre=membre)
    return factories.DeliberationFactory(
        seance=seance,
        objet="Transmission de la plainte PL-2026 à la chambre disciplinaire",
        motivation="Échec de la conciliation ; les griefs portent sur le secret médical (R4127-4 CSP).",
        adoptee=adoptee,
        non_participants=list(non_participants),
    )


AVIS = (
    "Le médecin a refusé à deux reprises de communiquer le dossier à la patiente, en méconnaissance de l'article "
    "L1111-7 du code de la santé publique ; le conseil estime le grief fondé."
)
