"""Two claims of one member submitted at the same instant: the band of the fiscal scale is the member's yearly
distance, so each must count the other's kilometres (the lock of the member's year, taken before counting).
Without the lock both would be paid in the first band: 2 × 3 000 km × 0,665 = 3 990 €, not 3 701 €."""

from decimal import Decimal

import pytest

from tests import factories
from tests.concurrence import en_meme_temps
from tests.tresorerie.conftest import JOUR
from tresorerie import services
from tresorerie.models import NoteFrais
from tresorerie.services import LigneSaisie

SEANCE = JOUR.replace(day=10)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_notes_soumises_en_meme_temps_comptent_les_kilometres_l_une_de_l_autre(chaine):
    # The data migration's rows are gone after an earlier transactional test's flush: set them again.
    factories.ParametresFraisFactory(annee=2027)
    factories.BaremeKilometriqueFactory(annee=2027, cv=6)
    user = chaine.user("membre")
    notes = []
    for _ in range(2):
        note = services.note_frais_deposer(
            membre_id=None,
            lignes=[LigneSaisie(type="km", date=SEANCE, km=3000)],
            vehicule_cv=6,
            par=user,
            today=JOUR,
        )
        services.justificatif_deposer(
            note_id=note.pk,
            ligne_id=note.lignes.get().pk,
            fichier=factories.fichier_pdf("convocation.pdf"),
            par=user,
            today=JOUR,
        )
        notes.append(note)
    resultats = en_meme_temps(
        *[lambda note=note: services.note_frais_soumettre(note_id=note.pk, par=user, today=JOUR) for note in notes]
    )
    assert all(r.ok for r in resultats), [r.erreur for r in resultats]
    montants = sorted(NoteFrais.objects.values_list("montant_rembourse", flat=True))
    # 3 000 km × 0,665 = 1 995 € for the first; (6 000 × 0,374 + 1 457) − 1 995 = 1 706 € for the second.
    assert montants == [Decimal("1706.00"), Decimal("1995.00")]
