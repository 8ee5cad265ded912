"""Query budgets of data protection (tests/rgpd/query_counts.json, tests/requetes.py): the admin lists, the espace
page and the two downloads (one query per table of the export, whatever the number of rows), the register."""

import datetime

import pytest
from django.urls import reverse

from rgpd.models import AnnoncePurge, DemandeAcces, Purge
from rgpd.registre import registre
from tests import factories
from tests.requetes import budget, connecter_personnel, verifier_requetes

from .conftest import donnees_dans_chaque_app

pytestmark = pytest.mark.django_db


def _annonces(n):
    systeme = factories.systeme()
    depart = AnnoncePurge.objects.count()
    for i in range(depart, depart + n):
        jour = datetime.date(2026, 1, 1) + datetime.timedelta(days=i)
        purge = Purge.objects.create(
            nature="incident", date=jour, dossiers=1, lignes=1, historique=2, envois=0, fichiers=0, par=systeme
        )
        AnnoncePurge.objects.create(
            nature="incident",
            annoncee_le=jour - datetime.timedelta(days=31),
            prevue_le=jour,
            identifiants=[i],
            nombre=1,
            conservation="6 ans",
            annoncee_par=systeme,
            executee_par=purge,
        )


def test_listes_de_l_admin(client):
    connecter_personnel(client, "rgpd.purge")
    verifier_requetes(client, reverse("admin:rgpd_annoncepurge_changelist"), peupler=_annonces)


def test_listes_de_l_admin_des_purges(client):
    connecter_personnel(client, "rgpd.purge")
    verifier_requetes(client, reverse("admin:rgpd_purge_changelist"), peupler=_annonces)


def test_liste_des_demandes_d_acces(client):
    connecter_personnel(client, "rgpd.demandeacces")
    systeme = factories.systeme()

    def peupler(n):
        for _ in range(n):
            DemandeAcces.objects.create(
                medecin=factories.MedecinFactory(),
                recue_le=datetime.date(2026, 3, 2),
                canal="courrier",
                enregistree_par=systeme,
            )

    verifier_requetes(client, reverse("admin:rgpd_demandeacces_changelist"), peupler=peupler)


def _plus_de_donnees(medecin):
    """n more rows in each table of the export that lists several (one volunteer file and one mandate for all)."""
    donnees_dans_chaque_app(medecin, "ALPHA", autre_annonce=factories.AnnonceFactory())
    volontaire = medecin.volontariats.get()
    membre = medecin.mandats.get()
    compteur = {"n": 0}

    def peupler(n):
        for _ in range(n):
            compteur["n"] += 1
            i = compteur["n"]
            cotisation = factories.CotisationFactory(medecin=medecin, annee=2000 + i)
            factories.PaiementFactory(cotisation=cotisation)
            factories.DemandeExonerationFactory(cotisation=cotisation)
            factories.QualificationFactory(medecin=medecin)
            factories.LieuExerciceFactory(medecin=medecin)
            factories.SocieteFactory(gerant=medecin)
            factories.DemandeEntraideFactory(medecin=medecin)
            factories.RevisionAnnonceFactory(annonce=factories.AnnonceFactory(auteur=medecin))
            factories.MessageAnnonceFactory(expediteur=medecin)
            factories.IncidentFactory(declarant=medecin)
            factories.ContratFactory(medecin=medecin)
            factories.VerificationFactory(volontaire=volontaire)
            factories.JourneeFactory(
                volontaire=volontaire, date=datetime.date(2026, 10, 1) + datetime.timedelta(days=3 * i)
            )
            factories.PaiementIndemniteFactory(medecin=medecin, mois=datetime.date(2020 + i, 1, 1))
            factories.DeclarationInteretsFactory(membre=membre, version=1 + i)

    return peupler


def test_page_et_telechargements_de_l_espace(client, medecin, jour, monkeypatch):
    monkeypatch.setattr("config.pdf.html_en_pdf", lambda html, **k: b"%PDF-1.7\n")
    client.force_login(medecin.user)
    peupler = _plus_de_donnees(medecin)
    verifier_requetes(client, reverse("rgpd_espace:mes_donnees"), peupler=peupler, n=1)
    verifier_requetes(client, reverse("rgpd_espace:json"), peupler=peupler, n=1, contient="Cardiologie ALPHA")
    verifier_requetes(client, reverse("rgpd_espace:pdf"), peupler=peupler, n=1)


def test_le_registre_se_lit_en_une_requete(django_assert_max_num_queries):
    with django_assert_max_num_queries(budget("selecteur:registre", app="rgpd")):
        assert registre()
