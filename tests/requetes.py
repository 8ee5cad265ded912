"""Query budgets: the number of SQL queries of every page, admin list, API list and batch, pinned per app.

NetBox's habit (tests/query_counts.json): a list that runs one query per row costs nothing at 10 rows and
minutes at 30 000, so each one is measured at two data sizes here, and its count may neither grow with the data
nor exceed the figure pinned for it.

Layout: `tests/<app>/query_counts.json`, one per app, a flat object whose keys are what is measured:

    {
      "admin:tableau_medecin_changelist": 6,
      "medecin-list (service du tableau)": 2,
      "espace:accueil": 9,
      "espace:connexion": "formulaire de connexion : il n'affiche aucune donnée",
      "lot:import_tableau": 10
    }

- A page's key is its URL name as `reverse()` takes it (`namespace:name`; DRF's routes have none:
  `gouvernance-seance-list`), followed by the visitor in parentheses when the count depends on who asks
  (`"gouvernance-seance-list (conseiller)"`). What has no URL is `"lot:<what it does>"` for a batch (an
  import, a print run, a dues call) and `"selecteur:<name>"` for a read measured alone.
- The value is the ceiling, an integer. A string instead says why a page has nothing to measure (a login form,
  a confirmation page); only HTML pages may be exempted so, never an admin or API list.
- The measuring tests of an app sit in tests/<app>/test_requetes.py, with the data they build (factories).
- The file is that of the app that owns the view (the view's module; for the admin, the model's app). A new app
  adds `tests/<app>/query_counts.json` with its entries; nothing here changes. tests/test_requetes.py walks the
  URL resolver and fails while an admin changelist, an API list (`*-list`) or an HTML page of a project app has
  no entry, or while an entry names a URL that no longer exists.
- A missing file or key fails the measuring test, with the file and key to add; nothing passes by default.

Use:

    from tests.requetes import verifier_requetes

    def test_la_liste_des_seances(client_secretariat):
        verifier_requetes(client_secretariat, "/api/gouvernance/seances/", peupler=lambda n: SeanceFactory.create_batch(n))

`peupler(n)` adds n rows (and what hangs from them); the helper adds `n` then `2 n` more, so it measures at N and
3N rows. Each measure is the second of two identical GETs: the first fills the caches a running server keeps
warm (content types, the session). `verifier_lot()` does the same for a batch, with `lancer(n)` running it on
n rows; `budget(key, app=...)` gives a ceiling to a test that measures by itself. `connecter_personnel()` logs
in the staff member who works with a model (config/roles.py), for the admin lists.
"""

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

DOSSIER_TESTS = Path(__file__).resolve().parent
FICHIER = "query_counts.json"


@cache
def _budgets(app: str) -> dict:
    chemin = DOSSIER_TESTS / app / FICHIER
    if not chemin.is_file():
        pytest.fail(f"Aucun budget de requêtes pour l'application « {app} » : créez tests/{app}/{FICHIER}.")
    return json.loads(chemin.read_text())


def budgets(app: str) -> dict:
    """Every entry of tests/<app>/query_counts.json (a copy)."""
    return dict(_budgets(app))


def budget(cle: str, *, app: str) -> int:
    """The ceiling pinned for `cle`; fails if the file, the key or a number is missing."""
    valeurs = _budgets(app)
    if cle not in valeurs:
        pytest.fail(
            f'Pas de budget de requêtes pour « {cle} » : ajoutez la clé "{cle}" dans tests/{app}/{FICHIER} '
            "(le nombre mesuré, vérifié à deux tailles de données)."
        )
    valeur = valeurs[cle]
    if not isinstance(valeur, int) or isinstance(valeur, bool):
        pytest.fail(f"tests/{app}/{FICHIER} : « {cle} » vaut {valeur!r}, un nombre de requêtes est attendu.")
    return valeur


def app_de_la_vue(fonction) -> str:
    """The app that owns a resolved view: the ModelAdmin's model, or the module of the view (DRF's viewset)."""
    model_admin = getattr(fonction, "model_admin", None)
    if model_admin is not None:
        return model_admin.model._meta.app_label
    classe = getattr(fonction, "cls", None) or getattr(fonction, "view_class", None)
    return (classe or fonction).__module__.split(".")[0]


def cle_de(url: str, visiteur: str | None = None) -> tuple[str, str]:
    """(app, key) of a URL: its URL name, with the visitor in parentheses if given."""
    trouve = resolve(urlsplit(url).path)
    cle = trouve.view_name if visiteur is None else f"{trouve.view_name} ({visiteur})"
    return app_de_la_vue(trouve.func), cle


def _compter(fonction: Callable[[], object]) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as requetes:
        resultat = fonction()
    return resultat, [q["sql"] for q in requetes.captured_queries]


def _forme(sql: str) -> str:
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def _verifier(app, cle, quoi, tailles, comptes, sql) -> None:
    (petit, grand), (n_petit, n_grand) = comptes, tailles
    if grand != petit:
        # The queries the larger measure added: usually one per row of a relation not prefetched. Compared
        # without their literal values (ids, dates), which differ between the two measures.
        en_plus = list(sql[1])
        for forme in map(_forme, sql[0]):
            trouvee = next((q for q in en_plus if _forme(q) == forme), None)
            if trouvee is not None:
                en_plus.remove(trouvee)
        detail = "\n  ".join(q[:300] for q in en_plus[:5])
        pytest.fail(
            f"{quoi} : {petit} requêtes SQL avec {n_petit} lignes, {grand} avec {n_grand} : le nombre croît avec "
            f"les données (une requête par ligne ? select_related/prefetch_related). Budget : "
            f'tests/{app}/{FICHIER}["{cle}"].\n  {detail}',
            pytrace=False,
        )
    plafond = budget(cle, app=app)
    if grand > plafond:
        pytest.fail(
            f'{quoi} : {grand} requêtes SQL, au-delà des {plafond} épinglées dans tests/{app}/{FICHIER}["{cle}"]. '
            "Retrouvez la requête ajoutée, ou relevez le budget en connaissance de cause.",
            pytrace=False,
        )


def verifier_requetes(
    client,
    url: str,
    *,
    peupler: Callable[[int], object],
    n: int = 2,
    visiteur: str | None = None,
    statut: int = 200,
    contient: str | None = None,
) -> tuple[int, int]:
    """GET `url` with `client` at N and 3N rows (`peupler(n)`, then `peupler(2 n)`); fails if the count grows
    or exceeds the budget of its key (see the module's docstring), if the answer is not `statut`, or if it does
    not show `contient` (proof that the rows measured are really displayed). Returns both counts."""
    app, cle = cle_de(url, visiteur)
    budget(cle, app=app)  # a missing key fails before any data is built
    comptes, sql, tailles, lignes = [], [], [], 0
    for ajout in (n, 2 * n):
        peupler(ajout)
        lignes += ajout
        tailles.append(lignes)
        client.get(url)
        reponse, requetes = _compter(lambda: client.get(url))
        if reponse.status_code != statut:
            pytest.fail(f"{cle} : GET {url} répond {reponse.status_code}, {statut} attendu.", pytrace=False)
        if ajout == 2 * n:
            _verifier_le_contenu(cle, url, reponse, lignes, contient)
        comptes.append(len(requetes))
        sql.append(requetes)
    _verifier(app, cle, f"{cle} (GET {url})", tailles, comptes, sql)
    return comptes[0], comptes[1]


def _verifier_le_contenu(cle: str, url: str, reponse, lignes: int, contient: str | None) -> None:
    """The page measured really lists the rows `peupler` built: an admin list or a paginated API list counts at
    least one row per row added (else `peupler` builds none of that model), and `contient` shows."""
    if contient is not None and contient not in reponse.content.decode():
        pytest.fail(f"{cle} : GET {url} n'affiche pas « {contient} » : que mesure-t-on ?", pytrace=False)
    liste = reponse.context["cl"] if reponse.context is not None and "cl" in reponse.context else None
    nombre = liste.result_count if liste is not None else None
    if nombre is None and reponse.get("Content-Type", "").startswith("application/json"):
        donnees = reponse.json()
        nombre = donnees.get("count") if isinstance(donnees, dict) else len(donnees)
    if nombre is not None and nombre < lignes:
        pytest.fail(
            f"{cle} : GET {url} ne liste que {nombre} lignes après {lignes} ajouts : `peupler` ne crée pas de "
            "lignes de ce qu'elle liste, la mesure ne prouve rien.",
            pytrace=False,
        )


def verifier_lot(cle: str, *, app: str, lancer: Callable[[int], object], n: int = 5) -> tuple[int, int]:
    """A batch (`lancer(rows)`) at N then 3N rows: the same count at both sizes, within the budget of `cle`."""
    budget(cle, app=app)
    comptes, sql = [], []
    for taille in (n, 3 * n):
        _, requetes = _compter(lambda taille=taille: lancer(taille))
        comptes.append(len(requetes))
        sql.append(requetes)
    _verifier(app, cle, cle, (n, 3 * n), comptes, sql)
    return comptes[0], comptes[1]


def connecter_personnel(client, modele: str):
    """Log in the staff member who works with `modele` ("app.model"): one of the first group of config/roles.py
    allowed to change it (the list then offers its actions), or to view it, else a superuser. Returns the user."""
    from config.roles import GROUPES
    from tests import factories

    app, _, nom = modele.lower().partition(".")
    droits = {g: d.get(app, {}).get(nom, ()) for g, d in GROUPES.items()}
    groupe = next((g for g, d in droits.items() if "change" in d), None) or next(
        (g for g, d in droits.items() if "view" in d), None
    )
    user = factories.StaffFactory(groupe=groupe) if groupe else factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user
