"""The line's credit and the year's ceilings hold when requests are released at the same instant (PostgreSQL):
the budget row and the line are locked before the credit is counted (services.chaine._ligne_de_depense). Without
the lock both requests of the first test pass (checked once by removing select_for_update: 2 engagements, the
line at −2 000 €)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.concurrence import en_meme_temps
from tests.tresorerie.conftest import JOUR
from tresorerie import services
from tresorerie.models import Engagement
from tresorerie.selectors import disponible


def _engager(chaine, ligne, montant, **kwargs):
    return lambda: services.engagement_engager(
        ligne_id=ligne.pk,
        objet="Copieur",
        tiers="Xerox",
        montant=Decimal(montant),
        par=chaine.user("ordonnateur"),
        today=JOUR,
        **kwargs,
    )


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_engagements_simultanes_ne_depassent_pas_le_credit_de_la_ligne(
    donnees_initiales, chaine, ligne_fournitures
):
    resultats = en_meme_temps(
        _engager(chaine, ligne_fournitures, "6000.00"), _engager(chaine, ligne_fournitures, "6000.00")
    )
    assert [r.ok for r in resultats].count(True) == 1, resultats
    (refus,) = [r.erreur for r in resultats if not r.ok]
    assert isinstance(refus, ValidationError) and "crédit disponible" in str(refus)
    assert Engagement.objects.count() == 1
    assert disponible(ligne_fournitures) == Decimal("4000.00")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_remplacements_simultanes_ne_depassent_pas_le_plafond_annuel(
    donnees_initiales, chaine, budget, ligne_fournitures
):
    # 10 000 € a year: 4 999,99 already engaged, two of 4 000 € at once: one only.
    services.engagement_engager(
        ligne_id=ligne_fournitures.pk,
        objet="Ordinateur volé",
        tiers="Informatique",
        montant=Decimal("4999.99"),
        par=chaine.user("ordonnateur"),
        today=JOUR,
        remplacement_bien=True,
    )
    autre = budget.lignes.get(compte__numero="6251")
    resultats = en_meme_temps(
        _engager(chaine, ligne_fournitures, "4000.00", remplacement_bien=True),
        _engager(chaine, autre, "4000.00", remplacement_bien=True),
    )
    assert [r.ok for r in resultats].count(True) == 1, resultats
    assert all("maximum de l'exercice" in str(r.erreur) for r in resultats if not r.ok)
    assert Engagement.objects.filter(remplacement_bien=True).count() == 2
