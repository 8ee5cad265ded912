"""The entraide's demo (entraide-aides): two requests through the services, one with a secours engaged through the
expense chain by the ordonnateur, one transmitted to the commission nationale; a second run adds nothing."""

from commun.services import utilisateur_systeme
from entraide.demo import demo_entraide
from entraide.models import Aide, Demande, TransmissionCnom
from tests import factories

from .aides_commun import *  # noqa: F403 (the fixtures)
from .aides_commun import JOUR


def test_la_demo_cree_un_secours_engage_et_un_dossier_transmis_une_seule_fois(commission, ligne_entraide):
    factories.MedecinFactory.create_batch(2)
    lignes = demo_entraide(today=JOUR, par=utilisateur_systeme())
    assert any("engagé sur la ligne 6571" in ligne for ligne in lignes), lignes
    assert Demande.objects.count() == 2
    secours = Aide.objects.get(type="secours")
    assert secours.engagement.engage_par == commission.user("secretaire") and secours.demande.statut == "aide_accordee"
    assert TransmissionCnom.objects.get().demande.statut == "transmise_cnom"
    again = demo_entraide(today=JOUR, par=utilisateur_systeme())
    assert any("déjà en place" in ligne for ligne in again)
    assert Demande.objects.count() == 2 and Aide.objects.count() == 2
