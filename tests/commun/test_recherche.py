"""Accent- and case-insensitive search (commun.recherche): the SQL function and the Python one agree, on both
databases, and on PostgreSQL the trigram index is what answers the search."""

import pytest
from django.db import connection

from commun.recherche import normaliser
from tests.conftest import service_indisponible

pytestmark = pytest.mark.django_db

EXEMPLES = [
    "Élodie",
    "MÉNARD",
    "Périgueux",
    "Sarlat-la-Canéda",
    "Marsac-sur-l'Isle",
    "D’Alembert",
    "Lætitia Œillet",
    "Strauß",
    "Brantôme en Périgord",
    "Ñúñez Çelik",
    "Pédiatrie",
]


def test_normaliser_ote_accents_et_majuscules_et_lit_tirets_et_apostrophes_comme_des_espaces():
    assert normaliser("Élodie MÉNARD") == "elodie menard"
    assert normaliser("Sarlat-la-Canéda") == "sarlat la caneda"
    assert normaliser("D’Alembert") == "d alembert"
    assert normaliser("Lætitia Œillet") == "laetitia oeillet"
    assert normaliser(None) is None


def test_la_fonction_sql_donne_le_meme_texte_que_normaliser_en_python():
    with connection.cursor() as curseur:
        for texte in EXEMPLES:
            curseur.execute("SELECT cdom_normaliser(%s)", [texte])
            assert curseur.fetchone()[0] == normaliser(texte), texte


def _plan(requete) -> str:
    sql, params = requete.query.sql_with_params()
    with connection.cursor() as curseur:
        # A handful of rows: left to itself the planner rightly reads the table. Forbidding the sequential scan
        # shows whether the index CAN answer, i.e. whether the query's expression is exactly the index's; plain
        # index scans are forbidden too, or the planner may walk the name's B-tree for the ORDER BY and filter
        # (a GIN trigram index only answers through a bitmap scan).
        curseur.execute("SET LOCAL enable_seqscan = off")
        curseur.execute("SET LOCAL enable_indexscan = off")
        curseur.execute(f"EXPLAIN {sql}", params)
        return "\n".join(ligne[0] for ligne in curseur.fetchall())


def test_sur_postgresql_la_recherche_par_nom_ville_et_specialite_passe_par_les_index_trigrammes():
    if connection.vendor != "postgresql":
        service_indisponible("PostgreSQL requis (DATABASE_URL) pour les index trigrammes")
    from tableau import selectors
    from tableau.models import Medecin, Qualification

    plan = _plan(selectors.medecins_rechercher(Medecin.objects.all(), "MÉNARD"))
    assert "medecin_nom_trgm" in plan and "medecin_prenom_trgm" in plan, plan
    # The annuaire's town and specialty filters are these comparisons (with more conditions the planner may pick
    # another index on a small table; bench.py shows the plans at 30 000 doctors).
    plan = _plan(Medecin.objects.filter(selectors._contient("ville_professionnelle", "Périgueux")))
    assert "medecin_ville_pro_trgm" in plan, plan
    plan = _plan(Qualification.objects.filter(selectors._contient("intitule", "pédiatrie")))
    assert "qualification_intitule_trgm" in plan, plan
