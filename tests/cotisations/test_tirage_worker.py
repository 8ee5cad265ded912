"""The print run with a real Celery worker consuming from Redis (tests/worker.py), on PostgreSQL: the chunks and the
merge enqueued and consumed end to end, and a worker killed (SIGKILL) in the middle of a run: the run resumed by
« Reprendre » finishes, no chunk done is rendered again, no letter is missing nor twice in the merged file."""

import datetime

import pytest

from tests import factories
from tests.cotisations.test_tirage import _dues, _lire, _ordre_attendu

J = datetime.date
pytestmark = pytest.mark.services


def _worker(media):
    """A real worker whose follow-up tasks (the merge) go to its own queue (tests/cotisations/reglages_worker.py),
    writing the chunks under the test's MEDIA_ROOT."""
    import uuid

    from tests.worker import WorkerReel

    worker = WorkerReel(env={"DJANGO_SETTINGS_MODULE": "tests.cotisations.reglages_worker", "DJANGO_MEDIA_ROOT": media})
    worker.file = f"essais-{uuid.uuid4().hex[:12]}"
    worker.env["CDOM_FILE_DU_WORKER"] = worker.file
    return worker


def _purger(worker):
    """The killed worker's queue still holds the chunks it never took: drop them (nobody consumes that queue)."""
    import redis

    redis.Redis.from_url(worker.env["REDIS_URL"]).delete(worker.file)


def test_un_worker_reel_tue_en_plein_tirage_la_reprise_le_termine_sans_lettre_manquante_ni_double(
    transactional_db, django_db_setup, settings
):
    from cotisations import services
    from cotisations.models import EtatLot, EtatTirage, LotTirage, Tirage
    from cotisations.services import tirage as tirage_services
    from tests.worker import taches_vers

    media = str(settings.MEDIA_ROOT)
    tue = _worker(media)  # first: without PostgreSQL and Redis, skipped (failed under REQUIRE_SERVICES=1) at once
    n = 24
    cotisations = _dues(n)
    systeme = factories.systeme()

    def faits():
        return LotTirage.objects.filter(etat=EtatLot.FAIT).count()

    # One letter a chunk: the run takes long enough to be killed midway.
    with tue, taches_vers(tue):
        tirage = services.tirage_lancer(annee=2026, taille_lot=1, par=systeme, today=J(2026, 1, 6))
        tue.attendre(lambda: faits() >= 3, delai=120, message="aucun lot rendu par le premier worker")
        tue.processus.kill()  # SIGKILL: no clean shutdown; the chunk being rendered stays « en cours »
        tue.processus.wait()
    _purger(tue)
    tirage.refresh_from_db()
    avant = dict(LotTirage.objects.filter(tirage=tirage).values_list("numero", "essais"))
    faits_avant = set(LotTirage.objects.filter(tirage=tirage, etat=EtatLot.FAIT).values_list("numero", flat=True))
    assert 0 < len(faits_avant) < n, f"{len(faits_avant)} lots faits à la mort du worker : la mesure ne prouve rien"
    # What the killed run committed is counted once: the run's progress is exactly its chunks done.
    assert (tirage.etat, tirage.faites, tirage.fichier) == (EtatTirage.EN_COURS, len(faits_avant), "")

    # The next run: the admin's « Reprendre » enqueues what is not done; the last chunk enqueues the merge.
    suivant = _worker(media)
    with suivant, taches_vers(suivant):
        services.tirage_reprendre(tirage=tirage, par=systeme, today=J(2026, 1, 6))
        suivant.attendre(
            lambda: Tirage.objects.filter(pk=tirage.pk, etat=EtatTirage.TERMINE).exists(),
            delai=240,
            message="la reprise n'a pas terminé le tirage",
        )
    tirage.refresh_from_db()
    assert (tirage.faites, tirage.total) == (n, n)
    apres = dict(LotTirage.objects.filter(tirage=tirage).values_list("numero", "essais"))
    assert all(apres[numero] == avant[numero] for numero in faits_avant)  # a chunk done is never rendered again
    assert sum(essais > 1 for essais in apres.values()) <= 1  # only the chunk the kill interrupted, rendered again
    assert set(LotTirage.objects.filter(tirage=tirage).values_list("etat", flat=True)) == {EtatLot.FAIT}
    pages, references, _ = _lire(tirage_services.chemin_absolu(tirage.fichier))
    assert pages == n and references == _ordre_attendu(cotisations)  # every letter once, in the run's order
