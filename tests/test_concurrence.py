"""The race helper (tests/concurrence.py) really races: the threads run at the same time, each on its own
connection, and a select_for_update on one shared row puts them in line."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from gouvernance.models import Seance
from tests import factories
from tests.concurrence import en_meme_temps

pytestmark = pytest.mark.services


@pytest.mark.django_db(transaction=True)
def test_les_fils_partent_ensemble_chacun_sur_sa_propre_connexion_et_rendent_leur_issue():
    # A second barrier that each thread must pass after the start: it only opens if all three run at once.
    ensemble = threading.Barrier(3, timeout=5)

    def fil():
        ensemble.wait()
        with connection.cursor() as curseur:
            curseur.execute("SELECT pg_backend_pid()")
            return curseur.fetchone()[0]

    def refus():
        fil()
        raise ValidationError("Le bureau est complet.")

    premier, second, troisieme = en_meme_temps(fil, fil, refus)
    # The error comes back in its place, the others ran to their end.
    assert premier.ok and second.ok, (premier, second)
    assert not troisieme.ok and isinstance(troisieme.erreur, ValidationError) and troisieme.valeur is None
    pids = {premier.valeur, second.valeur}
    with connection.cursor() as curseur:
        curseur.execute("SELECT pg_backend_pid()")
        assert curseur.fetchone()[0] not in pids
    assert len(pids) == 2
    # Each thread closed its connection (the server ends the backend a moment after the client hangs up).
    for _ in range(50):
        with connection.cursor() as curseur:
            curseur.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [list(pids)])
            restants = curseur.fetchone()[0]
        if restants == 0:
            break
        time.sleep(0.1)
    assert restants == 0


@pytest.mark.django_db(transaction=True)
def test_un_select_for_update_sur_une_ligne_commune_les_met_en_file():
    seance = factories.SeanceFactory(ordre_du_jour=[])

    def ajouter(nom):
        def fil():
            with transaction.atomic():
                ligne = Seance.objects.select_for_update().get(pk=seance.pk)
                debut = time.monotonic()
                time.sleep(0.3)  # long enough for the other thread to reach the lock and wait
                ligne.ordre_du_jour = [*ligne.ordre_du_jour, nom]
                ligne.save(update_fields=["ordre_du_jour"])
                return debut, time.monotonic()

        return fil

    premier, second = sorted(r.valeur for r in en_meme_temps(ajouter("a"), ajouter("b")))
    seance.refresh_from_db()
    # No lost update: the second read what the first committed; and the second held the row only after the first.
    assert sorted(seance.ordre_du_jour) == ["a", "b"]
    assert second[0] >= premier[1]


@pytest.mark.django_db
def test_depuis_la_transaction_du_test_l_aide_dit_quoi_faire():
    with pytest.raises(pytest.fail.Exception, match=r"django_db\(transaction=True\)"):
        en_meme_temps(lambda: None, lambda: None)
