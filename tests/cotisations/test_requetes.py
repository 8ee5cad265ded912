"""Query budgets of the dues (tests/cotisations/query_counts.json, tests/requetes.py): each admin list and API list
at N and 3N rows, and the call of a year's dues at two sizes of the tableau (bounded, whatever its size)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cotisations import services
from tests import factories
from tests.requetes import budget, connecter_personnel, verifier_requetes

pytestmark = pytest.mark.django_db

ANNEES = iter(range(2100, 2400))


def _cotisations(n):
    for _ in range(n):
        societe = factories.SocieteFactory()
        cotisation = factories.CotisationFactory()
        factories.CotisationFactory(
            medecin=None, societe=societe, reference=services.reference_societe(2026, societe.pk)
        )
        factories.PaiementFactory(cotisation=cotisation)


def _baremes(n):
    for _ in range(n):
        factories.BaremeFactory(annee=next(ANNEES))


PEUPLER = {"bareme": _baremes, "cotisation": _cotisations, "paiement": _cotisations}


@pytest.mark.parametrize("modele", sorted(PEUPLER))
def test_liste_de_l_admin(client, modele):
    connecter_personnel(client, f"cotisations.{modele}")
    verifier_requetes(client, reverse(f"admin:cotisations_{modele}_changelist"), peupler=PEUPLER[modele])


@pytest.mark.parametrize("route", ["cotisations-bareme-list", "cotisations-cotisation-list"])
def test_liste_de_l_api(api_client, route):
    api_client.force_authenticate(factories.StaffFactory(groupe="comptabilite"))
    peupler = _baremes if "bareme" in route else _cotisations
    verifier_requetes(api_client, reverse(route), peupler=peupler, visiteur="comptabilité")


def _tableau(n):
    """n doctors and companies of each kind the call looks at (mandate, status history, first registration)."""
    for _ in range(n):
        factories.MedecinFactory()
        factories.MedecinFactory(exercice="retraite_sans_activite")
        factories.MembreFactory(
            medecin=factories.MedecinFactory(exercice="retraite_sans_activite"), date_debut=datetime.date(2025, 6, 1)
        )
        factories.ChangementStatutFactory(medecin=factories.MedecinFactory(), date=datetime.date(2026, 3, 1))
        factories.MedecinFactory(premiere_inscription=True, date_inscription=datetime.date(2026, 10, 2))
        factories.SocieteFactory()


def test_l_appel_des_cotisations_est_borne(systeme):
    """The number of queries of the call does not grow with the tableau (measured at two sizes). The sizes stay
    below one batch of SQLite's (999 parameters per INSERT: ~50 history rows); PostgreSQL inserts 2 000 rows a
    query, so that 30 000 doctors take 15 INSERTs of dues and 15 of history."""
    comptes = []
    for annee, n in ((2026, 2), (2027, 5)):
        factories.BaremeFactory(annee=annee)
        _tableau(n)
        with CaptureQueriesContext(connection) as requetes:
            resultat = services.cotisations_appeler(annee=annee, today=datetime.date(annee, 1, 5), par=systeme)
        assert resultat["creees"] >= 6 * n
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1], comptes
    assert comptes[1] <= budget("lot:cotisations_appeler", app="cotisations"), comptes


# --- carte: the espace médecin's dues pages ------------------------------------------------------------------------


@pytest.fixture
def _espace(client, monkeypatch):
    """A doctor logged in, with dues this year; `peupler(n)` adds n past years of his, each with reminders and
    payments, n dues of a company he manages, and other doctors' dues (which the pages must not read)."""
    from decimal import Decimal

    from cotisations.models import Relance

    monkeypatch.setattr("config.pdf.html_en_pdf", lambda html: b"%PDF-1.7\n")
    systeme = factories.systeme()
    medecin = factories.MedecinFactory(avec_compte=True)
    courante = factories.CotisationFactory(medecin=medecin, annee=2026)
    paiement = services.paiement_enregistrer(
        cotisation=courante, montant=Decimal("40.00"), mode="cheque", date=datetime.date(2026, 2, 1), par=systeme
    )
    carte = factories.PaiementCarteFactory(cotisation=courante)
    annees = iter(range(2025, 1900, -1))
    client.force_login(medecin.user)

    def peupler(n):
        for _ in range(n):
            annee = next(annees)
            c = factories.CotisationFactory(medecin=medecin, annee=annee, frais=Decimal("7.00"))
            Relance.objects.create(cotisation=c, etape="rappel", date=datetime.date(annee, 4, 15))
            Relance.objects.create(cotisation=c, etape="lrar1", date=datetime.date(annee, 6, 1), frais=Decimal("7.00"))
            for _ in range(2):
                services.paiement_enregistrer(
                    cotisation=c, montant=Decimal("10.00"), mode="cb", date=datetime.date(annee, 7, 1), par=systeme
                )
            societe = factories.SocieteFactory(gerant=medecin)
            factories.CotisationFactory(
                medecin=None, societe=societe, reference=services.reference_societe(2026, societe.pk)
            )
            factories.PaiementFactory(cotisation=factories.CotisationFactory())

    return {"cotisation": courante, "paiement": paiement, "carte": carte, "peupler": peupler}


@pytest.mark.parametrize(
    ("page", "objet", "contient"),
    [
        ("cotisations_espace:liste", None, "Lettre recommandée"),
        ("cotisations_espace:appel", "cotisation", None),
        ("cotisations_espace:payer", "cotisation", "Montant à payer"),
        ("cotisations_espace:recu", "paiement", None),
        ("cotisations_espace:carte", "carte", "Réponse de la banque"),
        ("cotisations_espace:carte_retour", "carte", "en attente"),
    ],
)
def test_les_pages_de_l_espace_cotisations(client, _espace, page, objet, contient):
    url = reverse(page, args=[_espace[objet].pk] if objet else [])
    verifier_requetes(client, url, peupler=_espace["peupler"], contient=contient)


def test_liste_de_l_admin_des_paiements_par_carte(client):
    connecter_personnel(client, "cotisations.paiementcarte")
    verifier_requetes(
        client,
        reverse("admin:cotisations_paiementcarte_changelist"),
        peupler=lambda n: factories.PaiementCarteFactory.create_batch(
            n, cotisation=factories.CotisationFactory(medecin=factories.MedecinFactory(avec_compte=True))
        ),
    )
