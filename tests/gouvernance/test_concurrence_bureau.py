"""Caps that span rows hold when requests are released at the same instant (PostgreSQL)."""

import pytest
from django.core.exceptions import ValidationError

from gouvernance import services
from gouvernance.models import FONCTIONS_BUREAU, Fonction
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
