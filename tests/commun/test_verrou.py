"""`commun.services.verrouiller`: the lock a rule takes before it counts across rows. PostgreSQL waits on the
lock's row (the race tests of each app release requests together: tests/concurrence.py). SQLite, the embedded
default, ignores `select_for_update()`: there every transaction takes the database's write lock when it begins
(`transaction_mode` IMMEDIATE, config/settings.py), so two requests counting the same ceiling run one after the
other instead of both counting, and the second waits (`timeout`) instead of failing with « database is locked »."""

import sqlite3
import threading
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from commun.models import Verrou
from commun.services import verrouiller


@pytest.mark.django_db(transaction=True)
def test_le_verrou_tient_sur_chaque_base():
    """SQLite: each transaction begins by taking the write lock (BEGIN IMMEDIATE). PostgreSQL: the lock's row is
    read FOR UPDATE (what two requests wait on: the race tests of each app release them together)."""
    with CaptureQueriesContext(connection) as requetes, transaction.atomic():
        verrouiller("essai")
    sql = [q["sql"] for q in requetes.captured_queries]
    if connection.vendor == "sqlite":
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert sql[0] == "BEGIN IMMEDIATE"
    else:
        assert "transaction_mode" not in connection.settings_dict.get("OPTIONS", {})
        assert any("FOR UPDATE" in q and "commun_verrou" in q for q in sql), sql
    assert Verrou.objects.filter(cle="essai").exists()


def test_begin_immediate_fait_attendre_le_second_ecrivain_qui_compte(tmp_path):
    """What the setting buys, shown on SQLite itself: two writers that read a count and then insert under a
    ceiling of one row. With BEGIN IMMEDIATE the second waits for the first to commit and sees its row."""
    base = tmp_path / "verrou.sqlite3"
    with sqlite3.connect(base) as c:
        c.execute("CREATE TABLE journee (id INTEGER PRIMARY KEY)")
    ecrits, barriere = [], threading.Barrier(2)

    def demande():
        c = sqlite3.connect(base, timeout=10, isolation_level=None)
        barriere.wait()
        c.execute("BEGIN IMMEDIATE")
        (nombre,) = c.execute("SELECT COUNT(*) FROM journee").fetchone()
        time.sleep(0.2)  # the other one is at its BEGIN meanwhile
        if nombre < 1:
            c.execute("INSERT INTO journee DEFAULT VALUES")
            ecrits.append(1)
        c.execute("COMMIT")
        c.close()

    fils = [threading.Thread(target=demande) for _ in range(2)]
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=30)
    with sqlite3.connect(base) as c:
        assert c.execute("SELECT COUNT(*) FROM journee").fetchone() == (1,)
    assert ecrits == [1]
