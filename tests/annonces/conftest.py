"""The ads' world: an author (a doctor with his login), another doctor, a moderator of the Accueil group, and the
day the tests act on (15 June 2026)."""

import datetime

import pytest

from tests import factories

JOUR = datetime.date(2026, 6, 15)


@pytest.fixture
def auteur(db):
    return factories.MedecinFactory(
        avec_compte=True, nom="Fargeot", prenom="Aline", email="aline.fargeot@cabinet.example"
    )


@pytest.fixture
def confrere(db):
    return factories.MedecinFactory(avec_compte=True, nom="Ménard", prenom="Paul", email="paul.menard@cabinet.example")


@pytest.fixture
def moderateur(db):
    return factories.StaffFactory(groupe="accueil")


def contenu(**champs):
    return {
        "categorie": "remplacement",
        "sens": "offre",
        "titre": "Remplacement en médecine générale à Sarlat",
        "texte": "Cabinet de groupe cherche un remplaçant du 1er juillet au 31 août.",
        "commune": "Sarlat-la-Canéda",
        "date_debut": datetime.date(2026, 7, 1),
        "date_fin": datetime.date(2026, 8, 31),
        **champs,
    }
