"""Query budgets of the council (tests/gouvernance/query_counts.json, tests/requetes.py): each admin list, API list
and page, measured at N then 3N "lots" built with the factories; a lot adds one row to every list of the app and
fills every relation the pages show (a new titular member with his function, seat, declaration, unavailability
and delegation; a session with its attendance, absence and agenda request; a decision, an election and its round
at the session run live; a commission; an extraordinary request)."""

import datetime
import itertools
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.urls import reverse

from gouvernance.models import Commission, Membre, Seance, VoieRecours
from tests import factories
from tests.requetes import connecter_personnel, verifier_requetes

from .conftest import DEBUT, JOUR_SEANCE

pytestmark = pytest.mark.django_db


@dataclass
class Cibles:
    seance: Seance  # run live: its attendance, decisions and elections grow
    commission: Commission  # its seats grow
    elu: Membre  # an elected member with a login: his declarations grow


@pytest.fixture
def cibles(conseil):
    seance = factories.SeanceFactory(date=JOUR_SEANCE, statut="ouverte", quorum_ouverture=True)
    factories.EmargementFactory.create(seance=seance, membre=conseil.president)
    return Cibles(seance=seance, commission=factories.CommissionFactory(nature="entraide"), elu=conseil.sg)


@pytest.fixture
def peupler(conseil, cibles):
    rang = itertools.count(1)
    recours = VoieRecours.objects.first() or factories.VoieRecoursFactory()

    def lot():
        i = next(rang)
        jour = DEBUT + datetime.timedelta(days=7 * i)
        membre = factories.MembreFactory(binome=9 + i, date_debut=DEBUT)
        fonction = factories.FonctionFactory(membre=membre, fonction="vice_president", ordre=i, date_debut=DEBUT)
        factories.IndisponibiliteFactory(membre=membre, date_debut=jour)
        factories.DelegationFactory(delegant=fonction, delegataire=conseil.titulaires[4], date_debut=DEBUT)
        factories.DeclarationInteretsFactory(membre=membre)
        factories.DeclarationInteretsFactory(membre=cibles.elu, version=i)
        seance = factories.SeanceFactory(date=jour)
        factories.EmargementFactory(seance=seance, membre=conseil.suppleants[0], remplace=membre)
        factories.AbsenceFactory(seance=seance, membre=conseil.titulaires[3], excusee=False)
        factories.DemandeInscriptionPointFactory(seance=seance, signataires=[membre, conseil.titulaires[5]])
        factories.EmargementFactory(seance=cibles.seance, membre=membre)
        deliberation = factories.DeliberationFactory(
            seance=cibles.seance,
            non_participants=[membre],
            medecin_concerne=membre.medecin,
            individuelle=True,
            voie_recours=recours,
            secret_demande_par=membre,
        )
        deliberation.sortis_conflit_interets.set([membre])
        election = factories.ElectionFactory(
            seance=cibles.seance, candidats=[membre, conseil.titulaires[6]], president_de_seance=conseil.president
        )
        factories.TourElectionFactory(election=election, voix={str(membre.pk): 5, str(conseil.titulaires[6].pk): 4})
        commission = factories.CommissionFactory(gestionnaire=membre, deliberation=deliberation)
        factories.SiegeCommissionFactory(commission=commission, membre=membre)
        factories.SiegeCommissionFactory(commission=cibles.commission, membre=membre, deliberation=deliberation)
        factories.DemandeSeanceExtraordinaireFactory(signataires=[membre, conseil.titulaires[7]])
        factories.VoieRecoursFactory()

    return lambda n: [lot() for _ in range(n)]


# --- admin -----------------------------------------------------------------------------------------------------------

# Defects the budgets found, left to the code's owners: the case passes once fixed (strict xfail fails then).
DEFAUTS_CONNUS: dict[str, str] = {}
MODELES_ADMIN = [
    pytest.param(m, marks=pytest.mark.xfail(strict=True, reason=DEFAUTS_CONNUS[m])) if m in DEFAUTS_CONNUS else m
    for m in sorted(m._meta.model_name for m in admin.site._registry if m._meta.app_label == "gouvernance")
]


@pytest.mark.parametrize("modele", MODELES_ADMIN)
def test_liste_de_l_admin(client, peupler, modele):
    connecter_personnel(client, f"gouvernance.{modele}")
    verifier_requetes(client, reverse(f"admin:gouvernance_{modele}_changelist"), peupler=peupler)


# --- API ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "route",
    [
        "gouvernance-membre-list",
        "gouvernance-fonction-list",
        "gouvernance-commission-list",
        "gouvernance-seance-list",
        "gouvernance-deliberation-list",
        "gouvernance-election-list",
        "gouvernance-demande-extraordinaire-list",
        "gouvernance-seance-emargements",
        "gouvernance-seance-deliberations",
        "gouvernance-commission-composition",
    ],
)
def test_liste_de_l_api_pour_le_secretariat(api_client, secretariat, cibles, peupler, route):
    api_client.force_authenticate(secretariat)
    cible = {"seance": cibles.seance, "commission": cibles.commission}.get(route.split("-")[1])
    url = reverse(
        route, kwargs={"pk": cible.pk} if route.endswith(("emargements", "deliberations", "composition")) else {}
    )
    verifier_requetes(api_client, url, peupler=peupler)


def test_liste_des_seances_de_l_api_pour_un_conseiller(api_client, conseil, peupler):
    api_client.force_authenticate(conseil.titulaires[3].medecin.user)  # a member with no function
    verifier_requetes(api_client, reverse("gouvernance-seance-list"), peupler=peupler, visiteur="conseiller")


# --- pages ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["gouvernance:public_conseil", "gouvernance:declarations_publiques"])
def test_les_pages_publiques(client, conseil, peupler, page):
    nom = conseil.titulaires[0].medecin.nom.upper()
    verifier_requetes(client, reverse(page), peupler=peupler, visiteur="anonyme", contient=nom)


def test_la_page_de_declaration_de_l_elu(client, cibles, peupler):
    client.force_login(cibles.elu.medecin.user)
    verifier_requetes(
        client, reverse("gouvernance:espace_declaration"), peupler=peupler, contient="version 6"
    )  # 6 lots


def test_la_liste_des_seances(client, secretariat, peupler):
    client.force_login(secretariat)
    verifier_requetes(client, reverse("gouvernance:seances"), peupler=peupler)


def test_la_page_en_direct(client, secretariat, cibles, peupler):
    client.force_login(secretariat)
    url = reverse("gouvernance:seance_direct", args=[cibles.seance.pk])
    verifier_requetes(client, url, peupler=peupler, contient="Vice-président")
