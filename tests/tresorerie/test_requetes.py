"""Query budgets of the trésorerie (tests/tresorerie/query_counts.json, tests/requetes.py): each admin list, API
list and page at N and 3N rows. Each aggregate adds its `PEUPLER` entry (admin) and its API routes."""

import pytest
from django.urls import reverse

from tests import factories
from tests.requetes import connecter_personnel, verifier_requetes

pytestmark = pytest.mark.django_db


def _comptes(n):
    factories.CompteComptableFactory.create_batch(n)


PEUPLER = {
    "comptecomptable": _comptes,
}


@pytest.mark.parametrize("modele", sorted(PEUPLER))
def test_liste_de_l_admin(client, modele):
    connecter_personnel(client, f"tresorerie.{modele}")
    verifier_requetes(client, reverse(f"admin:tresorerie_{modele}_changelist"), peupler=PEUPLER[modele])


# --- the expense chain (issue 11 points 2 and 4) -------------------------------------------------------------------


def _engagements(n):
    """n engagements at each step of the chain, each with its document, and one urgent flagged for the commission."""
    import datetime
    from decimal import Decimal

    jour = datetime.date(2027, 3, 1)
    for _ in range(n):
        ligne = factories.LigneBudgetaireFactory(compte=factories.CompteComptableFactory(nature="charge"))
        signataires = [factories.UserFactory() for _ in range(3)]
        e = factories.EngagementFactory(ligne=ligne)
        factories.PieceJustificativeFactory(engagement=e)
        paye = factories.EngagementFactory(
            ligne=ligne,
            statut="paye",
            montant_liquide=Decimal("100.00"),
            liquide_le=jour,
            liquide_par=signataires[0],
            ordonnance_le=jour,
            ordonnance_par=signataires[1],
            paye_le=jour,
            paye_par=signataires[2],
            mode_reglement="virement",
        )
        factories.PieceJustificativeFactory(engagement=paye)
        factories.AutorisationDepenseUrgenteFactory(ligne=ligne)


def _plafonds(n):
    from tresorerie.models import PlafondsRemplacement

    debut = 3000 + PlafondsRemplacement.objects.count()
    for annee in range(debut, debut + n):
        PlafondsRemplacement.objects.create(annee=annee, seuil_unitaire=5000, plafond_annuel=10000)


PEUPLER_CHAINE = {
    "engagement": _engagements,
    "piecejustificative": _engagements,
    "autorisationdepenseurgente": _engagements,
    "plafondsremplacement": _plafonds,
}
PEUPLER |= PEUPLER_CHAINE


@pytest.mark.parametrize("modele", sorted(PEUPLER_CHAINE))
def test_liste_de_l_admin_de_la_chaine(client, modele):
    connecter_personnel(client, f"tresorerie.{modele}")
    verifier_requetes(client, reverse(f"admin:tresorerie_{modele}_changelist"), peupler=PEUPLER_CHAINE[modele])


@pytest.mark.parametrize("route", ["tresorerie-engagement-list", "tresorerie-depense-urgente-list"])
def test_liste_de_l_api_de_la_chaine(api_client, route):
    api_client.force_authenticate(factories.StaffFactory(groupe="comptabilite"))
    verifier_requetes(api_client, reverse(route), peupler=_engagements, visiteur="comptabilité")


def test_les_pages_de_la_chaine_dans_l_espace_des_elus(client):
    """The liquidateur's page lists what waits for him (n engaged expenses); an engagement's page, its documents."""
    import datetime

    from django.utils import timezone

    jour = timezone.localdate()
    liquidateur = factories.MembreFactory(avec_compte=True, date_debut=jour - datetime.timedelta(days=30))
    factories.FonctionFactory(membre=liquidateur, fonction="liquidateur", date_debut=jour - datetime.timedelta(days=30))
    client.force_login(liquidateur.medecin.user)
    verifier_requetes(client, reverse("tresorerie_espace:a_signer"), peupler=_engagements, contient="Engagement ")
    e = factories.EngagementFactory()

    def pieces(n):
        for _ in range(n):
            factories.PieceJustificativeFactory(engagement=e)

    verifier_requetes(client, reverse("tresorerie_espace:engagement", args=[e.pk]), peupler=pieces)
