"""`python manage.py demo` also builds a council shaped like the Dordogne's, through the gouvernance services."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from gouvernance import selectors
from gouvernance.models import Commission, Deliberation, Membre, Seance
from tableau.demo import PREFIXE_RPPS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug(settings):
    settings.DEBUG = True


def demo() -> str:
    sortie = StringIO()
    call_command("demo", medecins=300, stdout=sortie)
    return sortie.getvalue()


def test_la_demo_installe_un_conseil_complet_et_les_deux_medecins_affiches_le_president_et_le_sg():
    sortie = demo()
    today = timezone.localdate()
    assert selectors.nombre_titulaires(date=today) == 16
    assert selectors.membres_en_fonction(date=today).count() == 32
    # Each binôme a woman and a man.
    for qualite in ("titulaire", "suppleant"):
        for binome in range(1, 9):
            sexes = sorted(
                Membre.objects.filter(qualite=qualite, binome=binome).values_list("medecin__sexe", flat=True)
            )
            assert sexes == ["F", "M"], (qualite, binome)
    bureau = selectors.bureau(date=today)
    assert len(bureau) == 6 == selectors.plafond_bureau(date=today)
    president = selectors.fonction_titulaire(fonction="president", date=today)
    sg = selectors.fonction_titulaire(fonction="secretaire_general", date=today)
    # The two printed doctor logins are the président and the secrétaire général, and say so.
    lignes = [ligne for ligne in sortie.splitlines() if "/espace/connexion/" in ligne]
    assert president.medecin.rpps.startswith(PREFIXE_RPPS) and president.medecin.user_id
    assert "présidence" in lignes[0] and f"identifiant : {president.medecin.rpps}" in lignes[0]
    assert "secrétariat général" in lignes[1] and f"identifiant : {sg.medecin.rpps}" in lignes[1]
    assert Commission.objects.count() == 4  # + the commission d'étude des contrats (contrats.demo)
    assert all(not ligne["alertes"] for ligne in selectors.commissions_composition(date=today))
    # The first one closed: cotisations' demo holds a later plenary for a hardship exemption.
    # The session the council's demo held 30 days ago (the trésorerie's demo adds its budget sessions).
    tenue = Seance.objects.get(statut="close", date=today - datetime.timedelta(days=30))
    assert tenue.quorum_ouverture and Deliberation.objects.filter(seance=tenue).count() == 2
    assert Seance.objects.filter(statut="prevue", date__gt=today).count() == 1


def test_une_seconde_demo_ne_recree_pas_le_conseil():
    demo()
    avant = (Membre.objects.count(), Seance.objects.count(), Deliberation.objects.count())
    sortie = demo()
    assert (Membre.objects.count(), Seance.objects.count(), Deliberation.objects.count()) == avant
    assert "Conseil de démonstration" not in sortie and "présidence" in sortie
