"""Race tests: run callables at the same instant, each in its own thread with its own database connection.

A rule that counts across rows (at most 6 in the bureau, a budget line's credit, the cash box's ceiling, a doctor's
days in a month) holds under concurrency only if every request locks one shared row (or takes an advisory lock,
or an exclusion constraint refuses the overlap) before it counts. To prove it, release the requests together:

    import pytest
    from tests.concurrence import en_meme_temps

    @pytest.mark.services  # PostgreSQL: CI has it; on SQLite the test is skipped (a failure under REQUIRE_SERVICES=1)
    @pytest.mark.django_db(transaction=True)  # the threads must see the rows the test created: commit them
    def test_le_dernier_siege_du_bureau_ne_va_qu_a_un_seul(conseil, systeme):
        demandes = [
            lambda membre=membre: services.fonction_attribuer(membre=membre, fonction="tresorier_adjoint", ..., par=systeme)
            for membre in trois_membres
        ]
        resultats = en_meme_temps(*demandes)
        assert [r.ok for r in resultats].count(True) == 1, resultats
        assert all(isinstance(r.erreur, ValidationError) for r in resultats if not r.ok)
        assert Fonction.objects.filter(...).count() == 6  # the refusals wrote nothing

- Each callable runs in its own thread, hence its own connection (Django's connections are per thread); the
  connection is opened before the barrier, so the race is between the queries, not between connection set-ups,
  and it is closed when the callable ends (PostgreSQL would otherwise keep idle sessions until the flush).
- `en_meme_temps` returns one `Resultat` per callable, in order: `valeur` or `erreur` (never raised: a refused
  request is an expected outcome of a race). A thread still running after `delai` seconds fails the test
  (a lock that is never released).
- PostgreSQL only: SQLite locks the whole database file, so it neither reproduces a row-level race nor honours
  `select_for_update()` (a no-op there). On SQLite `en_meme_temps` skips the test through
  `service_indisponible()`, which fails under REQUIRE_SERVICES=1: CI sets DATABASE_URL to PostgreSQL.
- The test needs `@pytest.mark.django_db(transaction=True)`: inside the test's transaction (the default) the rows
  it created are invisible to the other connections, and the helper says so instead of timing out.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, connections

from tests.conftest import service_indisponible


@dataclass
class Resultat:
    valeur: Any = None
    erreur: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.erreur is None


def postgresql_requis() -> None:
    if connection.vendor != "postgresql":
        service_indisponible(
            "test de concurrence : PostgreSQL requis (DATABASE_URL=postgres://…) ; SQLite verrouille toute la base "
            "et ignore select_for_update()"
        )


def en_meme_temps(*fonctions: Callable[[], Any], delai: float = 30.0) -> list[Resultat]:
    """Run each callable in its own thread, all released at once on a barrier; one Resultat per callable."""
    if len(fonctions) < 2:
        raise ValueError("en_meme_temps() attend au moins deux fonctions à lancer ensemble.")
    if connection.in_atomic_block:
        pytest.fail(
            "en_meme_temps() depuis une transaction : les autres connexions ne verraient pas les données du test. "
            "Marquez le test @pytest.mark.django_db(transaction=True)."
        )
    postgresql_requis()
    barriere = threading.Barrier(len(fonctions), timeout=delai)
    resultats = [Resultat() for _ in fonctions]

    def executer(i: int, fonction: Callable[[], Any]) -> None:
        try:
            connection.ensure_connection()  # this thread's own connection, opened before the start
            barriere.wait()
            resultats[i].valeur = fonction()
        except BaseException as erreur:  # noqa: B036 (recorded for the test to assert on)
            resultats[i].erreur = erreur
        finally:
            connections.close_all()

    fils = [
        threading.Thread(target=executer, args=(i, f), name=f"en_meme_temps-{i}", daemon=True)
        for i, f in enumerate(fonctions)
    ]
    for f in fils:
        f.start()
    for f in fils:
        f.join(delai)
    bloques = [f.name for f in fils if f.is_alive()]
    if bloques:
        pytest.fail(
            f"en_meme_temps() : {', '.join(bloques)} toujours en cours après {delai} s (verrou jamais relâché ?)"
        )
    return resultats
