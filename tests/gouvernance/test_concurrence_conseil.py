"""Caps that span rows hold when requests are released at the same instant (PostgreSQL)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gouvernance import services
from gouvernance.models import FONCTIONS_BUREAU, Fonction, Indisponibilite, Membre
from tests import factories
from tests.concurrence import en_meme_temps

from .conftest import DEBUT, JOUR_SEANCE


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_le_dernier_siege_du_bureau_ne_va_qu_a_un_seul_membre_quand_trois_le_demandent_ensemble(conseil):
    # 16 titulars: a bureau of at most 6 (2/5, seed 002 L.I 2.1.3). Président, SG, trésorier and two more: 5.
    systeme = factories.systeme()
    for membre, fonction in ((conseil.titulaires[3], "vice_president"), (conseil.titulaires[4], "vice_president")):
        services.fonction_attribuer(membre=membre, fonction=fonction, date_debut=DEBUT, par=systeme)
    demandes = [
        (conseil.titulaires[5], "secretaire_general_adjoint"),
        (conseil.titulaires[6], "tresorier_adjoint"),
        (conseil.titulaires[7], "vice_president"),
    ]
    resultats = en_meme_temps(
        *(
            lambda membre=membre, fonction=fonction: services.fonction_attribuer(
                membre=membre, fonction=fonction, date_debut=JOUR_SEANCE, par=systeme
            )
            for membre, fonction in demandes
        )
    )
    assert [r.ok for r in resultats].count(True) == 1, resultats
    refus = [r.erreur for r in resultats if not r.ok]
    assert all(isinstance(e, ValidationError) and "deux cinquièmes" in str(e) for e in refus), refus
    bureau = Fonction.objects.filter(fonction__in=FONCTIONS_BUREAU, interim=False)
    assert bureau.values("membre__medecin").distinct().count() == 6


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_la_derniere_place_d_un_binome_ne_va_qu_a_une_seule_des_deux_saisies_simultanees(db):
    # Binôme 9 holds a man; two women entered at the same instant: a binôme is one woman and one man.
    systeme = factories.systeme()
    homme = factories.MedecinFactory(sexe="M")
    services.membre_creer(medecin=homme, qualite="titulaire", binome=9, date_debut=DEBUT, par=systeme)
    femmes = [factories.MedecinFactory(sexe="F") for _ in range(2)]
    resultats = en_meme_temps(
        *(
            lambda f=f: services.membre_creer(medecin=f, qualite="titulaire", binome=9, date_debut=DEBUT, par=systeme)
            for f in femmes
        )
    )
    assert [r.ok for r in resultats].count(True) == 1, resultats
    assert Membre.objects.filter(binome=9, qualite="titulaire").count() == 2


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_un_medecin_saisi_deux_fois_en_meme_temps_n_a_qu_un_mandat(db):
    systeme = factories.systeme()
    medecin = factories.MedecinFactory()
    resultats = en_meme_temps(
        *(
            lambda q=q: services.membre_creer(medecin=medecin, qualite=q, date_debut=DEBUT, par=systeme)
            for q in ("titulaire", "suppleant")
        )
    )
    assert [r.ok for r in resultats].count(True) == 1, resultats
    assert Membre.objects.filter(medecin=medecin).count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_indisponibilites_qui_se_chevauchent_saisies_ensemble_une_seule_est_gardee(conseil):
    systeme = factories.systeme()
    membre = conseil.tresorier
    resultats = en_meme_temps(
        *(
            lambda d=d: services.indisponibilite_enregistrer(membre=membre, date_debut=d, par=systeme)
            for d in (datetime.date(2026, 2, 1), datetime.date(2026, 2, 15))
        )
    )
    assert [r.ok for r in resultats].count(True) == 1, resultats
    assert Indisponibilite.objects.filter(membre=membre).count() == 1
