"""Every admin list, API list and HTML page of the project's apps has a query budget in tests/<app>/query_counts.json
(layout: tests/requetes.py), every entry there names something that exists, and the helper fails when it should."""

import json

import pytest

from tests import requetes
from tests.requetes import DOSSIER_TESTS, FICHIER, budget, budgets
from tests.routes import apps_du_projet, noms_des_routes, routes

PREFIXES_SANS_URL = ("lot:", "selecteur:")


def _nom(cle: str) -> str:
    return cle.split(" (", 1)[0]


def _a_mesurer():
    """(app, URL name, kind) of every route that must have a budget."""
    projet = apps_du_projet()
    for route in routes():
        if route.suffixe_format or route.app not in projet:
            continue
        if route.nom.startswith("admin:") or route.model_admin is not None:
            if route.nom.endswith("_changelist"):
                yield route.app, route.nom, "liste de l'admin"
        elif route.viewset is not None:
            if route.actions.get("get") == "list":
                yield route.app, route.nom, "liste de l'API"
        else:
            yield route.app, route.nom or f"(route sans nom) {route.chemin}", "page"


def test_chaque_liste_et_chaque_page_a_son_budget_de_requetes():
    manquants, exemptions_interdites = [], []
    for app, nom, genre in _a_mesurer():
        fichier = DOSSIER_TESTS / app / FICHIER
        entrees = json.loads(fichier.read_text()) if fichier.is_file() else {}
        valeurs = [v for cle, v in entrees.items() if _nom(cle) == nom]
        if not valeurs:
            manquants.append(f'{genre} {nom} : ajoutez "{nom}" dans tests/{app}/{FICHIER}')
        elif genre != "page" and not all(isinstance(v, int) for v in valeurs):
            exemptions_interdites.append(f"{genre} {nom} : un nombre de requêtes est attendu, pas {valeurs!r}")
    assert not manquants, "Sans budget de requêtes (tests/requetes.py) :\n" + "\n".join(manquants)
    assert not exemptions_interdites, "\n".join(exemptions_interdites)


def test_chaque_budget_nomme_une_route_qui_existe():
    noms = noms_des_routes()
    fichiers = sorted(DOSSIER_TESTS.glob(f"*/{FICHIER}"))
    assert {f.parent.name for f in fichiers} >= {"tableau", "gouvernance"}
    inconnues = []
    for fichier in fichiers:
        for cle, valeur in json.loads(fichier.read_text()).items():
            if not (isinstance(valeur, int | str) and not isinstance(valeur, bool)):
                inconnues.append(f"{fichier.parent.name} : « {cle} » vaut {valeur!r}")
            elif not cle.startswith(PREFIXES_SANS_URL) and _nom(cle) not in noms:
                inconnues.append(f"{fichier.parent.name} : « {cle} » ne nomme aucune route (renommée ?)")
    assert not inconnues, "\n".join(inconnues)


def test_une_cle_absente_ou_une_exemption_mesuree_echoue():
    with pytest.raises(pytest.fail.Exception, match=r'ajoutez la clé "espace:inexistant" dans tests/tableau/'):
        budget("espace:inexistant", app="tableau")
    with pytest.raises(pytest.fail.Exception, match="un nombre de requêtes est attendu"):
        budget("espace:connexion", app="tableau")
    with pytest.raises(pytest.fail.Exception, match="créez tests/inexistante/query_counts.json"):
        budget("x", app="inexistante")
    assert budgets("tableau")["espace:accueil"] == budget("espace:accueil", app="tableau")


def test_un_nombre_qui_croit_ou_qui_depasse_le_budget_echoue_en_nommant_la_cle():
    plafond = budget("espace:accueil", app="tableau")
    sql = (["SELECT 1"] * 3, ["SELECT 1"] * 3 + ['SELECT "qualification" WHERE medecin_id = 7'] * 4)
    with pytest.raises(pytest.fail.Exception, match=r'3 requêtes SQL avec 2 lignes, 7 avec 6.*"espace:accueil"'):
        requetes._verifier("tableau", "espace:accueil", "espace:accueil", (2, 6), (3, 7), sql)
    with pytest.raises(pytest.fail.Exception, match=rf'au-delà des {plafond} épinglées .*\["espace:accueil"\]'):
        requetes._verifier("tableau", "espace:accueil", "espace:accueil", (2, 6), (plafond + 1,) * 2, ([], []))
    requetes._verifier("tableau", "espace:accueil", "espace:accueil", (2, 6), (plafond,) * 2, ([], []))


@pytest.mark.django_db
def test_un_lot_qui_fait_une_requete_par_ligne_echoue():
    from tableau.models import Medecin
    from tests.requetes import verifier_lot

    def par_ligne(n):
        for _ in range(n):
            Medecin.objects.exists()

    with pytest.raises(pytest.fail.Exception, match=r"5 requêtes SQL avec 5 lignes, 15 avec 15"):
        verifier_lot("lot:import_tableau", app="tableau", lancer=par_ligne)
    assert verifier_lot("lot:import_tableau", app="tableau", lancer=lambda n: Medecin.objects.count()) == (1, 1)


@pytest.mark.django_db
def test_une_mesure_sur_une_liste_que_peupler_ne_remplit_pas_echoue(client):
    from tests.requetes import connecter_personnel, verifier_requetes

    connecter_personnel(client, "tableau.medecin")
    with pytest.raises(pytest.fail.Exception, match=r"ne liste que 0 lignes après 6 ajouts"):
        verifier_requetes(client, "/admin/tableau/medecin/", peupler=lambda n: None)
