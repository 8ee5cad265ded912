"""The Dordogne council (seed 002, L.I T.II 1.3.1): 8 titular binômes (16 titulars, quorum 9, bureau at most 6)
and 8 substitute binômes, each binôme a woman and a man, binômes 1-4 in the first half, 5-8 in the second."""

import datetime
from dataclasses import dataclass, field

import pytest

from gouvernance import services
from gouvernance.models import Fonction, Membre
from tests import factories

DEBUT = datetime.date(2025, 6, 1)
JOUR_SEANCE = datetime.date(2026, 3, 12)


@dataclass
class Conseil:
    titulaires: list[Membre]
    suppleants: list[Membre]
    fonctions: dict[str, Fonction] = field(default_factory=dict)

    @property
    def president(self) -> Membre:
        return self.titulaires[0]

    @property
    def sg(self) -> Membre:
        return self.titulaires[1]

    @property
    def tresorier(self) -> Membre:
        return self.titulaires[2]


def _membre(i: int, qualite: str, *, compte: bool) -> Membre:
    medecin = factories.MedecinFactory(
        sexe="F" if i % 2 == 0 else "M",
        # titulars born 1950-1965 (the first is the oldest), substitutes 1960-1975
        date_naissance=datetime.date((1950 if qualite == "titulaire" else 1960) + i, 1 + i % 12, 10),
        **({"avec_compte": True} if compte else {}),
    )
    return factories.MembreFactory(
        medecin=medecin,
        qualite=qualite,
        binome=i // 2 + 1,
        moitie=1 if i < 8 else 2,
        rang=(i % 8) + 1 if qualite == "suppleant" else None,
        date_debut=DEBUT,
    )


@pytest.fixture
def conseil(db) -> Conseil:
    titulaires = [_membre(i, "titulaire", compte=i < 4) for i in range(16)]
    suppleants = [_membre(i, "suppleant", compte=i < 2) for i in range(16)]
    c = Conseil(titulaires, suppleants)
    for membre, fonction in ((c.president, "president"), (c.sg, "secretaire_general"), (c.tresorier, "tresorier")):
        c.fonctions[fonction] = factories.FonctionFactory(membre=membre, fonction=fonction, date_debut=DEBUT)
    return c


@pytest.fixture
def seance(db):
    return factories.SeanceFactory(date=JOUR_SEANCE)


@pytest.fixture
def secretariat(db):
    return factories.StaffFactory(groupe="secretariat")


def emarger(seance, membres, *, par=None):
    par = par or factories.systeme()
    for m in membres:
        services.emargement_enregistrer(seance=seance, membre=m, par=par)


@pytest.fixture
def seance_avec_quorum(conseil, seance):
    """9 titulars present out of 16: the quorum exactly."""
    emarger(seance, conseil.titulaires[:9])
    return seance
