"""Query budgets of territorial solidarity (tests/solidarite/query_counts.json, tests/requetes.py): each admin list,
API list and page at N and 3N rows."""

import datetime
import itertools

import pytest
from django.urls import reverse

from tests import factories
from tests.requetes import connecter_personnel, verifier_requetes

from .conftest import AUJOURDHUI

pytestmark = pytest.mark.django_db

_ANNEES = itertools.count(2040)
_DEPARTEMENTS = itertools.count(30)


def _volontaires(n):
    for _ in range(n):
        v = factories.VolontaireFactory(lieux=[factories.LieuSolidariteFactory(), factories.LieuSolidariteFactory()])
        factories.ChangementStatutVolontaireFactory(volontaire=v)
        factories.VerificationFactory(volontaire=v)


def _journees(n):
    for _ in range(n):
        factories.JourneeFactory(statut="effectuee")


PEUPLER = {
    "lieu": lambda n: factories.LieuSolidariteFactory.create_batch(n),
    "conseildepartemental": lambda n: [
        factories.ConseilDepartementalFactory(departement=str(next(_DEPARTEMENTS))) for _ in range(n)
    ],
    "volontaire": _volontaires,
    "journee": _journees,
    "parametreindemnite": lambda n: [factories.ParametreIndemniteFactory(annee=next(_ANNEES)) for _ in range(n)],
    "paiementindemnite": lambda n: factories.PaiementIndemniteFactory.create_batch(n),
}


@pytest.mark.parametrize("modele", sorted(PEUPLER))
def test_liste_de_l_admin(client, modele):
    connecter_personnel(client, f"solidarite.{modele}")
    verifier_requetes(client, reverse(f"admin:solidarite_{modele}_changelist"), peupler=PEUPLER[modele])


def test_api_des_lieux(client):
    verifier_requetes(client, "/api/solidarite/lieux/", peupler=PEUPLER["lieu"], visiteur="public")


@pytest.mark.parametrize(
    ("url", "modele"), [("/api/solidarite/volontaires/", "volontaire"), ("/api/solidarite/journees/", "journee")]
)
def test_api_du_personnel(client, url, modele):
    connecter_personnel(client, f"solidarite.{modele}")
    verifier_requetes(client, url, peupler=PEUPLER[modele], visiteur="service du tableau")


def test_api_des_indemnites(client, staff_compta):
    client.force_login(staff_compta)
    verifier_requetes(client, "/api/solidarite/indemnites/?mois=2026-10", peupler=_journees, visiteur="comptabilité")


def _espace(medecin):
    v = factories.VolontaireFactory(medecin=medecin, lieux=[factories.LieuSolidariteFactory()])
    jour = itertools.count(1)

    def peupler(n):
        for _ in range(n):
            lieu = factories.LieuSolidariteFactory()
            v.lieux.add(lieu)
            factories.JourneeFactory(
                volontaire=v, lieu=lieu, date=datetime.date(2026, 1, 1) + datetime.timedelta(days=next(jour) * 40)
            )
            factories.ChangementStatutVolontaireFactory(volontaire=v)

    return v, peupler


def test_page_de_l_espace(client, medecin):
    client.force_login(medecin.user)
    _, peupler = _espace(medecin)
    verifier_requetes(client, reverse("solidarite_espace:accueil"), peupler=peupler, contient="Mes journées")


@pytest.mark.parametrize("nom", ["solidarite:agenda_secret", "solidarite:agenda_secret_csv"])
def test_flux_prive(client, medecin, nom):
    v, peupler = _espace(medecin)
    verifier_requetes(client, reverse(nom, kwargs={"token": v.jeton_agenda}), peupler=peupler)


@pytest.mark.parametrize("extension", ["ics", "csv"])
def test_flux_du_lieu(client, extension):
    lieu = factories.LieuSolidariteFactory()
    jour = itertools.count(1)

    def peupler(n):
        for _ in range(n):
            v = factories.VolontaireFactory(lieux=[lieu])
            factories.JourneeFactory(
                volontaire=v, lieu=lieu, date=datetime.date(2026, 10, 1) + datetime.timedelta(days=next(jour))
            )

    verifier_requetes(client, f"/api/solidarite/lieux/{lieu.pk}/agenda.{extension}", peupler=peupler)


def test_le_flux_qui_publie_un_changement_a_un_nombre_de_requetes_borne(client, systeme):
    """The read that raises the SEQUENCE of every day of a renamed place (the checks recorded, the fingerprints
    compared, one conditional UPDATE, one re-read): the same count at N and 3N days, within its budget."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from solidarite import services
    from tests.requetes import budget

    cle = "lot:flux du lieu après un changement (publication)"
    plafond = budget(cle, app="solidarite")
    comptes = []
    for taille in (2, 6):
        lieu = factories.LieuSolidariteFactory()
        for i in range(taille):
            factories.JourneeFactory(
                volontaire=factories.VolontaireFactory(lieux=[lieu]),
                lieu=lieu,
                date=datetime.date(2026, 10, 1) + datetime.timedelta(days=i),
            )
        url = f"/api/solidarite/lieux/{lieu.pk}/agenda.ics"
        client.get(url)  # first publication: the fingerprints recorded
        services.lieu_enregistrer(lieu=lieu, donnees={"nom": f"Renommé {taille}"}, par=systeme, today=AUJOURDHUI)
        with CaptureQueriesContext(connection) as requetes:
            reponse = client.get(url)
        assert reponse.status_code == 200 and reponse.content.count(b"SEQUENCE:1") == taille
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1] <= plafond, (comptes, plafond)
