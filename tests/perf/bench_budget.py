"""Bench of the budget's execution report (issue 11 points 10, 12): a year of 20 000 operations — engagements in every
state (engaged, liquidated, ordered, paid, cancelled) over ~60 expense lines, and credit transfers — then the
execution report by heading (`tresorerie.selectors.execution_budget`) against a bare SQL aggregate of the same rows
(one GROUP BY over the engagements), in the same run; the queries counted and printed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdom_bench_budget .venv/bin/python tests/perf/bench_budget.py \
        [--operations 20000] [--lignes 60]

The database is wiped (its name must contain "bench", as for tests/perf/bench.py). The rows are written with
bulk_create (the expense chain has its own tests; this measures the read). Each measure is the best of 5 runs.
Prints a Markdown table (seconds, ratio to the bare aggregate, SQL queries); exits 1 when the report takes more
than PLAFOND times the bare aggregate or its number of queries grows with the data, unless --sans-plafond.
"""

import argparse
import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(RACINE))

from tests.perf.bench import base_preparer, django_demarrer  # noqa: E402

PLAFOND = 5.0
ANNEE = 2027
ESSAIS = 5


def charger(operations: int, nb_lignes: int) -> int:
    """The budget ANNEE, `nb_lignes` expense lines (the plan's expense headings, completed by sub-accounts of
    6068), `operations` rows: ~96 % engagements in every state, ~4 % transfers between lines."""
    from django.contrib.auth import get_user_model

    from tresorerie.models import Budget, CompteComptable, Engagement, LigneBudgetaire, StatutEngagement, Virement

    User = get_user_model()
    users = [User.objects.create(username=f"bench-budget-{i}") for i in range(4)]
    budget = Budget.objects.create(annee=ANNEE, statut="adopte")
    comptes = list(CompteComptable.objects.filter(nature="charge", budgetaire=True).order_by("numero"))
    n = 0
    while len(comptes) < nb_lignes:
        comptes.append(
            CompteComptable.objects.create(
                numero=f"6068{n:03d}", libelle=f"Autres fournitures {n}", nature="charge", budgetaire=True
            )
        )
        n += 1
    comptes = comptes[:nb_lignes]
    lignes = LigneBudgetaire.objects.bulk_create(
        [LigneBudgetaire(budget=budget, compte=c, montant=Decimal("1000000.00")) for c in comptes]
    )
    for numero in ("7561", "7562"):
        LigneBudgetaire.objects.create(
            budget=budget, compte=CompteComptable.objects.get(numero=numero), montant=Decimal("400000.00")
        )
    hasard = random.Random(11)
    etats = [
        StatutEngagement.ENGAGE,
        StatutEngagement.LIQUIDE,
        StatutEngagement.ORDONNANCE,
        StatutEngagement.PAYE,
        StatutEngagement.ANNULE,
    ]
    nb_virements = operations // 25
    engagements = []
    for i in range(operations - nb_virements):
        statut = etats[i % len(etats)]
        montant = Decimal(hasard.randint(100, 500_000)) / 100
        jour = datetime.date(ANNEE, 1, 1) + datetime.timedelta(days=i % 360)
        liquide = statut in (StatutEngagement.LIQUIDE, StatutEngagement.ORDONNANCE, StatutEngagement.PAYE)
        engagements.append(
            Engagement(
                ligne=lignes[i % len(lignes)],
                numero=f"{ANNEE}-{i + 1:05d}",
                objet="Dépense de banc d'essai",
                tiers="Fournisseur",
                montant=montant,
                montant_liquide=(montant * Decimal("0.95")).quantize(Decimal("0.01")) if liquide else None,
                statut=statut,
                engage_le=jour,
                engage_par=users[0],
                liquide_le=jour if liquide else None,
                liquide_par=users[1] if liquide else None,
                ordonnance_le=jour if statut in (StatutEngagement.ORDONNANCE, StatutEngagement.PAYE) else None,
                ordonnance_par=users[0] if statut in (StatutEngagement.ORDONNANCE, StatutEngagement.PAYE) else None,
                paye_le=jour if statut == StatutEngagement.PAYE else None,
                paye_par=users[2] if statut == StatutEngagement.PAYE else None,
                annule_le=jour if statut == StatutEngagement.ANNULE else None,
                annule_par=users[0] if statut == StatutEngagement.ANNULE else None,
            )
        )
    Engagement.objects.bulk_create(engagements, batch_size=5000)
    Virement.objects.bulk_create(
        [
            Virement(
                budget=budget,
                de=lignes[i % len(lignes)],
                vers=lignes[(i + 1) % len(lignes)],
                montant=Decimal("10.00"),
                date=datetime.date(ANNEE, 6, 1),
                propose_par=users[2],
                decide_par=users[0],
            )
            for i in range(nb_virements)
        ],
        batch_size=5000,
    )
    return len(engagements) + nb_virements


def base_nue() -> tuple[float, list]:
    """The bare aggregate of the same rows: one GROUP BY per line of the engaged, liquidated and paid sums."""
    from django.db import connection

    from cotisations.calendrier import table
    from tresorerie.models import Engagement, LigneBudgetaire

    sql = f"""
        SELECT l.id,
            SUM(CASE WHEN e.statut = 'annule' THEN 0 WHEN e.montant_liquide IS NOT NULL THEN e.montant_liquide
                ELSE e.montant END),
            SUM(CASE WHEN e.montant_liquide IS NOT NULL AND e.statut <> 'annule' THEN e.montant_liquide END),
            SUM(CASE WHEN e.statut = 'paye' THEN e.montant_liquide END)
        FROM {table(LigneBudgetaire)} l LEFT JOIN {table(Engagement)} e ON e.ligne_id = l.id
        GROUP BY l.id"""
    debut = time.perf_counter()
    with connection.cursor() as curseur:
        curseur.execute(sql)
        lignes = curseur.fetchall()
    return time.perf_counter() - debut, lignes


def rapport() -> tuple[float, int, dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tresorerie.models import Budget
    from tresorerie.selectors import execution_budget

    with CaptureQueriesContext(connection) as requetes:
        debut = time.perf_counter()
        execution = execution_budget(Budget.objects.get(annee=ANNEE))
        duree = time.perf_counter() - debut
    return duree, len(requetes), execution


def meilleur(fonction):
    resultats = [fonction() for _ in range(ESSAIS)]
    return min(resultats, key=lambda r: r[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--operations", type=int, default=20_000)
    parser.add_argument("--lignes", type=int, default=60)
    parser.add_argument("--sans-plafond", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_DEBUG", "0")
    base = base_preparer()
    print(f"Banc d'essai de l'exécution du budget sur {base} : migration…", flush=True)
    django_demarrer()
    debut = time.perf_counter()
    n = charger(args.operations, args.lignes)
    print(f"{n} opérations sur {args.lignes} lignes chargées en {time.perf_counter() - debut:.1f} s", flush=True)
    from django.db import connection

    with connection.cursor() as curseur:
        curseur.execute("ANALYZE")
    nue, brutes = meilleur(base_nue)
    duree, requetes, execution = meilleur(rapport)
    # The same figures: the report's engaged total is the bare aggregate's.
    engage_nu = sum((r[1] or Decimal("0")) for r in brutes)
    assert execution["total_depenses"]["engage"] == engage_nu, (execution["total_depenses"]["engage"], engage_nu)
    # Bounded queries: the same count on a tenth of the rows.
    from tresorerie.models import Engagement

    print()
    print(f"| {n} opérations, {args.lignes} lignes | secondes | × agrégat SQL nu | requêtes SQL |")
    print("|---|---:|---:|---:|")
    print(f"| Agrégat SQL nu (GROUP BY, référence) | {nue:.3f} | 1.0 | 1 |")
    print(f"| Rapport d'exécution (`execution_budget`) | {duree:.3f} | {duree / nue:.1f} | {requetes} |")
    garder = Engagement.objects.order_by("pk").values_list("pk", flat=True)[Engagement.objects.count() // 10]
    # A raw DELETE: no history row per engagement (django-simple-history's signal), this is a bench's clean-up.
    Engagement.objects.filter(pk__gt=garder)._raw_delete(Engagement.objects.db)
    _, requetes_petit, _ = rapport()
    print(f"\nRequêtes du rapport sur 10 % des lignes : {requetes_petit} (sur toutes : {requetes})")
    echecs = []
    if requetes_petit != requetes:
        echecs.append("le nombre de requêtes croît avec les données")
    if duree / nue > PLAFOND:
        echecs.append(f"rapport au-delà de {PLAFOND}× l'agrégat nu")
    if echecs and not args.sans_plafond:
        print("\n" + " ; ".join(echecs))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
