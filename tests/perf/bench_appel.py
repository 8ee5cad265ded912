"""The call of a year's dues at 3 000 and 30 000 doctors (issue 10 point 12, first figure), beside a bare INSERT … SELECT
of the same number of rows, in the same run, on the same database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdom_bench_appel \\
        .venv/bin/python tests/perf/bench_appel.py [--medecins 30000] [--petit 3000] [--repetitions 3]

1. Empties and migrates the bench database (DATABASE_URL, whose name must contain "bench": it is wiped; else
   var/bench.sqlite3), as tests/perf/bench.py does, and loads --petit doctors (and their companies) with the demo.
2. Calls the dues of the year with `cotisations.services.cotisations_appeler` (as the system user), counting its SQL
   queries, then, on the same rows, runs the bare baseline: one `INSERT INTO cotisations_cotisation (…) SELECT … FROM
   tableau_medecin` (and one from tableau_societe) of as many rows, without rules nor history; and the same baseline
   followed by the history rows written as INSERT … SELECT (what a hand-written SQL call with history costs). Each
   measure runs in a transaction rolled back afterwards (the next one starts from the same database), best of
   --repetitions.
3. Tops up to --medecins doctors and measures again.
4. Prints a Markdown table: rows created, seconds, SQL queries, the ratio to the bare INSERT … SELECT (target ≤ 3×)
   and to the bare INSERT with its history. Exits 1 when the service's query count differs between the two sizes
   (it must be bounded, not grow with the tableau) or when the ratio at the large size is above PLAFOND.
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(RACINE))

from tests.perf.bench import base_preparer, charger, django_demarrer  # noqa: E402

PLAFOND = 3.0
ANNEE = 2026


class _Annulation(Exception):
    """Raised to roll a measured transaction back."""


def arguments():
    parser = argparse.ArgumentParser(
        description="Banc d'essai de l'appel des cotisations : le service à deux tailles du tableau, comparé à un "
        "INSERT … SELECT nu des mêmes lignes (requêtes SQL, secondes, rapport)."
    )
    parser.add_argument("--medecins", type=int, default=30_000, help="grande taille (défaut : 30 000 médecins)")
    parser.add_argument("--petit", type=int, default=3_000, help="petite taille (défaut : 3 000 médecins)")
    parser.add_argument("--repetitions", type=int, default=3, help="mesures par cas, la meilleure retenue (défaut : 3)")
    args = parser.parse_args()
    if args.petit < 2 or args.medecins <= args.petit:
        parser.error("il faut 2 ≤ --petit < --medecins")
    return args


def _mesurer(fonction, repetitions: int) -> tuple[float, int, object]:
    """(best seconds, SQL queries, result) of `fonction()` run in a transaction rolled back each time."""
    from django.db import connection, transaction

    meilleur, requetes, resultat = float("inf"), 0, None
    for _ in range(repetitions):
        compteur = [0]

        def compter(execute, sql, params, many, context, compteur=compteur):
            compteur[0] += 1
            return execute(sql, params, many, context)

        try:
            with transaction.atomic(), connection.execute_wrapper(compter):
                debut = time.perf_counter()
                resultat = fonction()
                duree = time.perf_counter() - debut
                raise _Annulation
        except _Annulation:
            pass
        meilleur, requetes = min(meilleur, duree), compteur[0]
    return meilleur, requetes, resultat


def _redevables_noter() -> int:
    """Run the call once (rolled back) and keep who it called in bench_redevables, so that the baseline writes the
    very same debtors' rows. Returns their number."""
    from django.db import connection, transaction

    from commun.services import utilisateur_systeme
    from cotisations.models import Cotisation
    from cotisations.services import cotisations_appeler

    redevables = []
    try:
        with transaction.atomic():
            cotisations_appeler(annee=ANNEE, today=datetime.date(ANNEE, 1, 5), par=utilisateur_systeme())
            redevables = list(Cotisation.objects.filter(annee=ANNEE).values_list("medecin_id", "societe_id"))
            raise _Annulation
    except _Annulation:
        pass
    with connection.cursor() as curseur:
        curseur.execute("DROP TABLE IF EXISTS bench_redevables")
        curseur.execute("CREATE TABLE bench_redevables (medecin_id integer, societe_id integer)")
        curseur.executemany("INSERT INTO bench_redevables VALUES (%s, %s)", redevables)
    return len(redevables)


def _insert_select_nu(jour: datetime.date, avec_historique: bool) -> int:
    """The baseline: the dues rows of the same debtors (bench_redevables) written by the database itself, the same
    columns as the service's, flat amounts, no rule; optionally their "+" history rows, also INSERT … SELECT.
    Returns the rows written."""
    from django.db import connection

    from commun.services import utilisateur_systeme
    from cotisations.models import Cotisation

    colonnes = (
        "annee, medecin_id, societe_id, categorie, montant_bareme, exoneration_motif, exoneration_taux, montant_du, "
        "frais, montant_paye, statut, reference, appelee_le"
    )
    with connection.cursor() as curseur:
        curseur.execute(
            f"INSERT INTO cotisations_cotisation ({colonnes}) "
            "SELECT %s, m.id, NULL, 'plein', 355.00, '', NULL, 355.00, 0, 0, 'due', 'RF00M' || m.rpps, %s "
            "FROM tableau_medecin m JOIN bench_redevables r ON r.medecin_id = m.id",
            [ANNEE, jour],
        )
        lignes = curseur.rowcount
        curseur.execute(
            f"INSERT INTO cotisations_cotisation ({colonnes}) "
            "SELECT %s, NULL, s.id, 'societe', 355.00, '', NULL, 355.00, 0, 0, 'due', 'RF00S' || s.id, %s "
            "FROM tableau_societe s JOIN bench_redevables r ON r.societe_id = s.id",
            [ANNEE, jour],
        )
        lignes += curseur.rowcount
        if avec_historique:
            historique = Cotisation.history.model._meta.db_table
            curseur.execute(
                f"INSERT INTO {historique} (id, {colonnes}, history_date, history_change_reason, history_type, "
                f"history_user_id) SELECT id, {colonnes}, %s, NULL, '+', %s FROM cotisations_cotisation "
                "WHERE annee = %s",
                [datetime.datetime.now(datetime.UTC), utilisateur_systeme().pk, ANNEE],
            )
    return lignes


def mesurer(taille: int, repetitions: int) -> dict:
    from commun.services import utilisateur_systeme
    from cotisations.services import cotisations_appeler

    jour = datetime.date(ANNEE, 1, 5)
    systeme = utilisateur_systeme()
    _redevables_noter()
    service = _mesurer(lambda: cotisations_appeler(annee=ANNEE, today=jour, par=systeme), repetitions)
    nu = _mesurer(lambda: _insert_select_nu(jour, avec_historique=False), repetitions)
    nu_historique = _mesurer(lambda: _insert_select_nu(jour, avec_historique=True), repetitions)
    return {"taille": taille, "service": service, "nu": nu, "nu_historique": nu_historique}


def main() -> int:
    args = arguments()
    base = base_preparer()
    django_demarrer()
    from django.db import connection

    print(f"Base : {base} ; appel des cotisations {ANNEE}, meilleure de {args.repetitions} mesures par cas.")
    resultats = []
    for taille in (args.petit, args.medecins):
        duree = charger(taille)
        print(f"{taille} médecins chargés ({duree:.1f} s).", flush=True)
        with connection.cursor() as curseur:
            curseur.execute("ANALYZE")
        resultats.append(mesurer(taille, args.repetitions))

    print()
    print(
        "| Médecins | Cas | Lignes | Secondes | Requêtes SQL | Rapport à l'INSERT … SELECT nu | Rapport au nu + historique |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|")
    for r in resultats:
        s_duree, s_requetes, s_res = r["service"]
        n_duree, n_requetes, n_lignes = r["nu"]
        h_duree, h_requetes, _ = r["nu_historique"]
        cas = [
            ("cotisations_appeler (+ historique)", s_res["creees"], s_duree, s_requetes),
            ("INSERT … SELECT nu", n_lignes, n_duree, n_requetes),
            ("INSERT … SELECT nu + historique", n_lignes, h_duree, h_requetes),
        ]
        for nom, lignes, duree, requetes in cas:
            print(
                f"| {r['taille']} | {nom} | {lignes} | {duree:.3f} | {requetes} | {duree / n_duree:.2f}× | "
                f"{duree / h_duree:.2f}× |"
            )
    petit, grand = resultats
    echecs = []
    if petit["service"][1] != grand["service"][1]:
        echecs.append(
            f"le nombre de requêtes de l'appel croît avec le tableau : {petit['service'][1]} à {petit['taille']} "
            f"médecins, {grand['service'][1]} à {grand['taille']}"
        )
    # The target (issue 10 point 12: « a bare INSERT … SELECT of the same rows ») is read as the rows the call
    # writes: the dues and their history. The ratio to the dues' rows alone is printed beside it.
    rapport = grand["service"][0] / grand["nu_historique"][0]
    seules = grand["service"][0] / grand["nu"][0]
    print()
    print(
        f"Requêtes SQL de l'appel : {petit['service'][1]} à {petit['taille']} médecins, {grand['service'][1]} à "
        f"{grand['taille']}. À {grand['taille']} : {rapport:.2f}× l'INSERT … SELECT nu des mêmes lignes (les "
        f"cotisations et leur historique ; cible ≤ {PLAFOND}×), {seules:.2f}× celui des seules cotisations."
    )
    if rapport > PLAFOND:
        echecs.append(f"l'appel prend {rapport:.2f}× l'INSERT … SELECT nu des mêmes lignes (cible ≤ {PLAFOND}×)")
    for echec in echecs:
        print(f"ÉCHEC : {echec}", file=sys.stderr)
    return 1 if echecs else 0


if __name__ == "__main__":
    sys.exit(main())
