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


# --- notes de frais (issue 11 point 9) -----------------------------------------------------------------------------

import datetime  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.utils import timezone  # noqa: E402

JOUR_FRAIS = datetime.date(2027, 3, 15)


def _notes(n, membre=None):
    """n claims, each with two lines (a meal, a mileage) and a receipt on each."""
    for _ in range(n):
        note = factories.NoteFraisFactory(
            membre=membre or factories.MembreFactory(), statut="soumise", soumise_le=JOUR_FRAIS
        )
        for type, km in (("repas", None), ("km", 40)):
            ligne = factories.LigneFraisFactory(note=note, type=type, km=km, km_retenus=km)
            factories.JustificatifFraisFactory(ligne=ligne)


def _parametres(n):
    for annee in range(2040 + _parametres.suivant, 2040 + _parametres.suivant + n):
        factories.ParametresFraisFactory(annee=annee)
        factories.BaremeKilometriqueFactory(annee=annee)
    _parametres.suivant += n


_parametres.suivant = 0

PEUPLER_FRAIS = {
    "notefrais": _notes,
    "lignefrais": _notes,
    "justificatiffrais": _notes,
    "parametresfrais": _parametres,
    "baremekilometrique": _parametres,
}


@pytest.mark.parametrize("modele", sorted(PEUPLER_FRAIS))
def test_liste_de_l_admin_des_frais(client, modele):
    connecter_personnel(client, f"tresorerie.{modele}")
    verifier_requetes(client, reverse(f"admin:tresorerie_{modele}_changelist"), peupler=PEUPLER_FRAIS[modele])


def test_api_des_notes_de_frais(api_client):
    api_client.force_authenticate(connecter_personnel_api("tresorerie.notefrais"))
    verifier_requetes(api_client, "/api/tresorerie/notes-frais/", peupler=_notes, visiteur="comptabilite")


def connecter_personnel_api(modele):
    from django.test import Client

    return connecter_personnel(Client(), modele)


@pytest.fixture
def _jour_frais(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: JOUR_FRAIS)


def test_api_des_notes_de_frais_d_un_membre(api_client, _jour_frais):
    membre = factories.MembreFactory(avec_compte=True)
    api_client.force_authenticate(membre.medecin.user)
    verifier_requetes(
        api_client, "/api/tresorerie/notes-frais/", peupler=lambda n: _notes(n, membre), visiteur="membre"
    )


def test_pages_de_l_espace_des_notes_de_frais(client, _jour_frais):
    membre = factories.MembreFactory(avec_compte=True)
    client.force_login(membre.medecin.user)
    verifier_requetes(client, reverse("notes_frais:notes"), peupler=lambda n: _notes(n, membre), contient="NF-")
    verifier_requetes(client, reverse("notes_frais:nouvelle"), peupler=lambda n: _notes(n, membre))
    _notes(1, membre)
    note = membre.notes_frais.first()
    note.statut = "brouillon"
    note.save()

    def lignes(n):
        for _ in range(n):
            factories.JustificatifFraisFactory(ligne=factories.LigneFraisFactory(note=note, montant=Decimal("12.00")))

    verifier_requetes(client, reverse("notes_frais:note", args=[note.pk]), peupler=lignes, contient="Joindre")
    piece = factories.JustificatifFraisFactory(ligne=note.lignes.first())
    verifier_requetes(client, reverse("notes_frais:justificatif", args=[piece.pk]), peupler=lignes)


def test_page_du_liquidateur(client, _jour_frais):
    liquidateur = factories.MembreFactory(avec_compte=True)
    factories.FonctionFactory(membre=liquidateur, fonction="liquidateur")
    client.force_login(liquidateur.medecin.user)
    verifier_requetes(client, reverse("notes_frais:a_verifier"), peupler=_notes, contient="NF-")
