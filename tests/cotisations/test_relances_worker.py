"""The reminder calendar with a real Celery worker consuming from Redis (tests/worker.py), on PostgreSQL: the beat
task enqueued and consumed, a missed day caught up, two overlapping runs sending one set of letters, and a worker
killed in the middle of a run (the next run sends the rest: no letter missing, none twice)."""

import datetime
import time
from decimal import Decimal as D

import pytest

from tests import factories

J = datetime.date
pytestmark = pytest.mark.services


@pytest.fixture
def debiteurs(transactional_db):
    def fabriquer(n):
        factories.BaremeFactory(annee=2025)
        factories.BaremeFactory(annee=2026)
        return [factories.CotisationFactory(medecin=factories.MedecinFactory(email="")) for _ in range(n)]

    return fabriquer


def _relances(etape):
    from cotisations.models import Relance

    return Relance.objects.filter(etape=etape)


def _frais():
    from cotisations.models import Cotisation

    return sorted(set(Cotisation.objects.values_list("frais", flat=True)))


def _tache(worker, date):
    from cotisations.tasks import relances_du_jour

    return relances_du_jour.apply_async(kwargs={"date": date}, queue=worker.file)


@pytest.fixture
def worker(django_db_setup):
    from tests.worker import WorkerReel

    with WorkerReel() as w:
        yield w


def test_la_tache_du_beat_est_consommee_par_un_vrai_worker_et_rattrape_un_jour_manque(worker, debiteurs):
    from tests.worker import taches_vers

    cotisations = debiteurs(3)
    with taches_vers(worker):
        # Beat was down on 15 April: the run of 20 April sends the reminder, dated the day it leaves.
        _tache(worker, "2026-04-20")
        worker.attendre(lambda: _relances("rappel").count() == 3, message="le rappel n'est pas parti")
        assert set(_relances("rappel").values_list("date", flat=True)) == {J(2026, 4, 20)}
        _tache(worker, "2026-06-01")
        worker.attendre(lambda: _relances("lrar1").count() == 3, message="la LRAR n'est pas partie")
        # The same day again: nothing more.
        resultat = _tache(worker, "2026-06-01")
        worker.attendre(lambda: resultat.ready(), message="la seconde exécution ne s'est pas terminée")
    assert _resultat(resultat)["lrar1"] == 0
    assert _relances("lrar1").count() == 3 and _frais() == [D("7.00")]
    assert {r.cotisation_id for r in _relances("lrar1")} == {c.pk for c in cotisations}


@pytest.fixture
def deux_workers(django_db_setup):
    from tests.worker import WorkerReel

    with WorkerReel() as a, WorkerReel() as b:
        yield a, b


def test_deux_executions_simultanees_envoient_une_seule_serie(deux_workers, debiteurs):
    from tests.worker import taches_vers

    a, b = deux_workers
    debiteurs(60)
    with taches_vers(a):
        premiere, seconde = _tache(a, "2026-04-15"), _tache(b, "2026-04-15")
        a.attendre(lambda: premiere.ready() and seconde.ready(), delai=120, message="les exécutions n'ont pas fini")
    bilans = sorted((_resultat(premiere)["rappel"], _resultat(seconde)["rappel"]))
    assert sum(bilans) == 60 and _relances("rappel").count() == 60  # one set of letters, whoever wrote it


def test_un_worker_tue_au_milieu_d_une_execution_reprend_ce_qui_est_fait(debiteurs, django_db_setup):
    from cotisations.models import Relance
    from tests.worker import WorkerReel, taches_vers

    n = 300
    debiteurs(n)
    from cotisations.services import relances_executer

    relances_executer(date=J(2026, 4, 15), par=factories.systeme())
    # Chunks of one dues each: the run of 1 June takes long enough to be killed midway.
    with WorkerReel(env={"RELANCES_TAILLE_LOT": "1"}) as tue:
        with taches_vers(tue):
            _tache(tue, "2026-06-01")
            fin = time.monotonic() + 60
            while time.monotonic() < fin and not _relances("lrar1").exists():
                time.sleep(0.02)
            tue.processus.kill()  # SIGKILL: no clean shutdown, the task's transaction of the moment rolls back
            tue.processus.wait()
    faites = _relances("lrar1").count()
    assert 0 < faites < n, f"{faites} lettres à la mort du worker : la mesure ne prouve rien"
    # What the killed run committed is complete: each letter with its postage, nothing half-written.
    from cotisations.models import Cotisation

    assert Cotisation.objects.filter(frais=D("7.00")).count() == faites
    # The next run (the next day's beat) sends the rest.
    with WorkerReel() as suivant, taches_vers(suivant):
        resultat = _tache(suivant, "2026-06-02")
        suivant.attendre(lambda: resultat.ready(), delai=120, message="la reprise ne s'est pas terminée")
    assert _resultat(resultat)["lrar1"] == n - faites
    assert _relances("lrar1").count() == n
    assert Relance.objects.filter(etape="lrar1").values("cotisation").distinct().count() == n
    assert _frais() == [D("7.00")]


def _resultat(resultat):
    """The task's result, read from the test process: an earlier test of the same xdist worker may leave Celery's
    "inside a task" flag set (task_join_will_block), which would refuse a plain .get()."""
    from celery.result import allow_join_result

    with allow_join_result():
        return resultat.get()
