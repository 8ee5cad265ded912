"""Races on a complaint (conc-noyau; PostgreSQL): two registrations at once get two numbers; two PVs of one
meeting at once, one wins (the file's row is locked, then the meeting's PV checked)."""

import datetime

import pytest

from conciliation import services
from conciliation.models import Plainte, ProcesVerbal
from tests import factories
from tests.concurrence import en_meme_temps

J = datetime.date


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_plaintes_enregistrees_en_meme_temps_ont_deux_numeros(systeme):
    medecins = factories.MedecinFactory.create_batch(2)
    demandes = [
        lambda medecin=medecin: services.plainte_enregistrer(
            nature="plainte",
            medecin=medecin,
            plaignant_nom="Mme Claire Fontaine",
            plaignant_qualite="patient",
            objet="Refus de communiquer le dossier médical.",
            par=systeme,
            today=J(2026, 3, 2),
        )
        for medecin in medecins
    ]
    resultats = en_meme_temps(*demandes)
    assert all(r.ok for r in resultats), resultats
    assert sorted(Plainte.objects.values_list("numero", flat=True)) == ["PL-2026-0001", "PL-2026-0002"]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_proces_verbaux_de_la_meme_reunion_en_meme_temps_un_seul_passe(systeme):
    reunion = factories.ReunionFactory()
    demandes = [
        lambda issue=issue: services.proces_verbal_etablir(
            reunion_id=reunion.pk, issue=issue, desaccords="Le grief reste contesté.", par=systeme, today=J(2026, 3, 26)
        )
        for issue in ("totale", "echec")
    ]
    resultats = en_meme_temps(*demandes)
    assert [r.ok for r in resultats].count(True) == 1, resultats
    pv = ProcesVerbal.objects.get()
    statut = {"totale": "conciliee", "echec": "a_transmettre"}[pv.issue]
    assert Plainte.objects.get().statut == statut
