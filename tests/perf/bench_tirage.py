"""Bench of the print run of the dues calls (issue 10 points 8 and 12), beside a bare WeasyPrint loop in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdom_bench_tirage \\
        .venv/bin/python tests/perf/bench_tirage.py --lettres 1000,10000

1. Empties and migrates the bench database (tests/perf/bench.py's `base_preparer`: its name must contain "bench"),
   loads as many dues calls as the largest size asks (bulk inserts: doctors and a company every tenth), one year per
   size.
2. Baseline: a bare loop rendering the same letter HTML (`documents.appels_html([one call])`, built beforehand) with
   WeasyPrint one by one (`HTML(string=…).write_pdf()`, no shared font configuration): letters per second.
3. The print run, as in production: N worker processes and one for the merge are started first and wait, Django
   loaded (Celery's workers are up before a run is asked; each builds its font configuration on its first chunk,
   inside the measure); then `tirage_lancer` cuts the year into chunks and each worker takes the next chunk not
   taken as soon as it is free (as Celery's workers do with one message prefetched: no static share, so the slower
   worker never leaves the other waiting on a chunk it had reserved), rendering it through the chunk's Celery task
   function (`tasks.tirage_lot_rendre.apply`, in-process); the merge process runs `tirage_assembler` once every
   chunk is done. Measured: letters per second from the launch to the merged file; the peak RSS of each worker and
   of the merge, and the Python heap's peak of each (tracemalloc, with --tracemalloc: slower). Runs: 1 worker at
   the smallest size, 2 workers at every size.
4. Prints a Markdown table, the ratios against the targets (1 worker ≥ 0.8× the bare loop, 2 workers ≥ 1.7×, a
   worker's peak RSS at the largest size within 20 % of the smallest), and whether HarfBuzz subsetting ran (each
   process counts WeasyPrint's calls to Font._harfbuzz_subset and Font._fonttools_subset). Exit 1 when a target is
   missed or the merged file does not hold one page per call.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(RACINE))

CIBLE_1 = 0.8
CIBLE_2 = 1.7
CIBLE_RSS = 0.20
BASE_ANNEE = 2100  # the years of the bench's calls: BASE_ANNEE + index of the size


def arguments():
    parser = argparse.ArgumentParser(description="Banc d'essai du tirage des appels de cotisation.")
    parser.add_argument(
        "--lettres", default="1000,10000", help="tailles, séparées par des virgules (défaut : 1000,10000)"
    )
    parser.add_argument("--nu", type=int, default=150, help="lettres de la boucle WeasyPrint nue (défaut : 150)")
    parser.add_argument(
        "--taille-lot",
        type=int,
        default=None,
        help="lettres par lot (défaut : celui du service, COTISATIONS_TIRAGE_TAILLE_LOT)",
    )
    parser.add_argument(
        "--tracemalloc", action="store_true", help="mesurer aussi le pic du tas Python (tracemalloc ; plus lent)"
    )
    parser.add_argument("--travailleur", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--assembler", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--nue", metavar="ANNEE", help=argparse.SUPPRESS)
    return parser.parse_args()


# --- in every process -----------------------------------------------------------------------------------------------

SOUS_ENSEMBLES = {"harfbuzz": 0, "fonttools": 0}


def compter_sous_ensembles():
    """Count WeasyPrint's font subsetting calls, by HarfBuzz (hb-subset) or by fontTools."""
    from weasyprint.pdf.fonts import Font

    for nom, methode in (("harfbuzz", "_harfbuzz_subset"), ("fonttools", "_fonttools_subset")):
        origine = getattr(Font, methode)

        def compteur(self, *args, _origine=origine, _nom=nom, **kwargs):
            SOUS_ENSEMBLES[_nom] += 1
            return _origine(self, *args, **kwargs)

        setattr(Font, methode, compteur)


def rss_max_mo() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def django_seul():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("REDIS_URL", None)  # the tasks run in this process (CELERY_TASK_ALWAYS_EAGER)
    import django

    django.setup()
    compter_sous_ensembles()


def rapporter(**mesures):
    import tracemalloc

    tas = round(tracemalloc.get_traced_memory()[1] / 2**20, 1) if tracemalloc.is_tracing() else None
    print(
        "MESURE "
        + json.dumps({**mesures, "rss_mo": round(rss_max_mo(), 1), "tas_mo": tas, "sous_ensembles": SOUS_ENSEMBLES}),
        flush=True,
    )


def attendre_le_depart() -> int:
    """Django is loaded: say so, then wait for the run's id on stdin (the clock starts before it is sent)."""
    if os.environ.get("BENCH_TRACEMALLOC"):
        import tracemalloc

        tracemalloc.start()
    print("PRET", flush=True)
    return int(sys.stdin.readline())


def lot_suivant(tirage_id: int):
    """The next chunk nobody took (as the next message of Celery's queue): taken under a row lock that the other
    workers skip, and marked « en cours » so that no other worker takes it; `lot_rendre` renders it as it would a
    chunk whose worker died (it renders any chunk not done)."""
    from django.db import transaction

    from cotisations.models import EtatLot, LotTirage

    with transaction.atomic():
        lot = (
            LotTirage.objects.select_for_update(skip_locked=True)
            .filter(tirage_id=tirage_id, etat=EtatLot.A_FAIRE)
            .order_by("numero")
            .values_list("pk", flat=True)
            .first()
        )
        if lot is not None:
            LotTirage.objects.filter(pk=lot).update(etat=EtatLot.EN_COURS)
    return lot


def travailleur():
    """A worker process: takes the next chunk not taken and renders it through the chunk task, until none is left."""
    django_seul()
    from cotisations import tasks
    from cotisations.services import tirage as tirage_services

    tirage_services._programmer = lambda tirage_id: None  # the merge is measured in its own process
    tirage_id = attendre_le_depart()
    debut = time.perf_counter()
    lots = 0
    while (lot_id := lot_suivant(tirage_id)) is not None:
        tasks.tirage_lot_rendre.apply(kwargs={"lot_id": lot_id}, throw=True)
        lots += 1
    rapporter(duree=time.perf_counter() - debut, lots=lots)


def assembler():
    django_seul()
    from cotisations import tasks

    tirage_id = attendre_le_depart()
    debut = time.perf_counter()
    tasks.tirage_assembler.apply(kwargs={"tirage_id": tirage_id}, throw=True)
    rapporter(duree=time.perf_counter() - debut)


def nue(annee: int, nombre: int):
    """The baseline: the same letters' HTML, rendered one by one by WeasyPrint with nothing shared."""
    django_seul()
    from weasyprint import HTML

    from config.pdf import FetcherLocal
    from cotisations import documents, selectors

    ids = selectors.ordre_du_tirage(annee)[:nombre]
    pages = [documents.appels_html([c]) for c in selectors.cotisations_pour_lettres(ids)]
    debut = time.perf_counter()
    for html in pages:
        HTML(string=html, base_url="file:///", url_fetcher=FetcherLocal()).write_pdf()
    rapporter(duree=time.perf_counter() - debut, lettres=len(pages))


# --- the orchestrator ---------------------------------------------------------------------------------------------


def sous_processus(*args) -> dict:
    sortie = subprocess.run(
        [sys.executable, __file__, *map(str, args)], cwd=RACINE, capture_output=True, text=True, env=dict(os.environ)
    )
    if sortie.returncode:
        sys.exit(f"Sous-processus {args} en échec :\n{sortie.stderr[-3000:]}")
    ligne = next(x for x in sortie.stdout.splitlines() if x.startswith("MESURE "))
    return json.loads(ligne[len("MESURE ") :])


def charger(tailles: list[int]):
    """max(tailles) doctors (a company every tenth call instead); the calls of year BASE_ANNEE + i hold the first
    tailles[i] debtors. Bulk inserts: the bench measures the print run, not the call."""
    from decimal import Decimal

    from cotisations.models import Bareme, Cotisation
    from cotisations.services import reference_medecin, reference_societe
    from tableau.models import Medecin, Societe
    from tests.factories import rpps_valide

    noms = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"]
    prenoms = ["Anne", "Jean", "Marie", "Luc", "Claire", "Paul", "Sophie", "Pierre", "Julie", "Marc"]
    n = max(tailles)
    medecins = Medecin.objects.bulk_create(
        [
            Medecin(
                rpps=rpps_valide(900_000 + i),
                nom=f"{noms[i % 10]}{i:05d}",
                prenom=prenoms[(i // 10) % 10],
                sexe="F" if i % 2 else "M",
                date_naissance="1970-01-01",
                adresse_professionnelle=f"{i % 90 + 1} rue Gambetta",
                code_postal_professionnel="24000",
                ville_professionnelle="Périgueux",
                statut="inscrit",
                date_inscription="2010-09-01",
                exercice="liberal",
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    societes = Societe.objects.bulk_create(
        [
            Societe(
                raison_sociale=f"SELARL {noms[i % 10]} {i:05d}",
                forme="SEL",
                statut="inscrit",
                gerant=medecins[i],
                adresse="1 place Francheville",
                code_postal="24000",
                ville="Périgueux",
            )
            for i in range(0, n, 10)
        ],
        batch_size=2000,
    )
    for rang, taille in enumerate(tailles):
        annee = BASE_ANNEE + rang
        Bareme.objects.update_or_create(
            annee=annee,
            defaults=dict(
                montant_plein=Decimal("340.00"),
                montant_retraite=Decimal("100.00"),
                montant_societe=Decimal("300.00"),
                montant_liste_etrangers=Decimal("170.00"),
                frais_lrar=Decimal("7.00"),
                taux_interet_legal_s1=Decimal("2.76"),
                taux_interet_legal_s2=Decimal("2.76"),
            ),
        )
        lignes = []
        for i in range(taille):
            if i % 10 == 0:
                s = societes[i // 10]
                lignes.append(
                    Cotisation(
                        annee=annee,
                        societe=s,
                        categorie="societe",
                        montant_bareme=Decimal("300.00"),
                        montant_du=Decimal("300.00"),
                        reference=reference_societe(annee, s.pk),
                        appelee_le=f"{annee}-01-05",
                    )
                )
            else:
                m = medecins[i]
                exo = {"exoneration_motif": "premiere_inscription", "exoneration_taux": 50} if i % 7 == 0 else {}
                lignes.append(
                    Cotisation(
                        annee=annee,
                        medecin=m,
                        categorie="plein",
                        montant_bareme=Decimal("340.00"),
                        montant_du=Decimal("170.00") if exo else Decimal("340.00"),
                        reference=reference_medecin(annee, m.rpps),
                        appelee_le=f"{annee}-01-05",
                        **exo,
                    )
                )
        Cotisation.objects.bulk_create(lignes, batch_size=2000)


def demarrer(option: str) -> subprocess.Popen:
    """A worker (or the merge) process, started and waiting with Django loaded (it prints PRET)."""
    p = subprocess.Popen(
        [sys.executable, __file__, option],
        cwd=RACINE,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    ligne = p.stdout.readline()
    if ligne.strip() != "PRET":
        sys.exit(f"Processus {option} en échec :\n{ligne}{p.stderr.read()[-3000:]}")
    return p


def lancer(p: subprocess.Popen, tirage_id: int) -> None:
    p.stdin.write(f"{tirage_id}\n")
    p.stdin.flush()


def finir(p: subprocess.Popen) -> dict:
    sortie, erreurs = p.communicate()
    if p.returncode:
        sys.exit(f"Processus en échec :\n{erreurs[-3000:]}")
    return json.loads(next(x for x in sortie.splitlines() if x.startswith("MESURE "))[7:])


def tirer(annee: int, travailleurs: int, taille_lot: int | None) -> dict:
    import datetime

    from pypdf import PdfReader

    from commun.services import utilisateur_systeme
    from cotisations.models import Tirage
    from cotisations.services import tirage as tirage_services

    processus = [demarrer("--travailleur") for _ in range(travailleurs)]
    fusion_p = demarrer("--assembler")
    programmer, tirage_services._programmer = tirage_services._programmer, lambda tirage_id: None
    debut = time.perf_counter()
    try:
        tirage = tirage_services.tirage_lancer(
            annee=annee, taille_lot=taille_lot, par=utilisateur_systeme(), today=datetime.date(annee, 1, 6)
        )
    finally:
        tirage_services._programmer = programmer
    for p in processus:
        lancer(p, tirage.pk)
    mesures = [finir(p) for p in processus]
    fin_rendu = time.perf_counter()
    lancer(fusion_p, tirage.pk)
    fusion = finir(fusion_p)
    duree = time.perf_counter() - debut
    tirage = Tirage.objects.get(pk=tirage.pk)
    pages = len(PdfReader(tirage_services.chemin_absolu(tirage.fichier)).pages)
    return {
        "lettres": tirage.total,
        "pages": pages,
        "travailleurs": travailleurs,
        "duree": duree,
        "rendu": fin_rendu - debut,
        "debit": tirage.total / duree,
        "rss_travailleur": max(m["rss_mo"] for m in mesures),
        "tas_travailleur": max((m["tas_mo"] or 0) for m in mesures),
        "lots_par_travailleur": [m["lots"] for m in mesures],
        "taille_lot": tirage.taille_lot,
        "rss_fusion": fusion["rss_mo"],
        "tas_fusion": fusion["tas_mo"],
        "duree_fusion": fusion["duree"],
        "sous_ensembles": {k: sum(m["sous_ensembles"][k] for m in mesures) for k in ("harfbuzz", "fonttools")},
    }


def main():
    args = arguments()
    if args.travailleur:
        return travailleur()
    if args.assembler:
        return assembler()
    if args.nue:
        return nue(int(args.nue), args.nu)

    from tests.perf.bench import base_preparer, django_demarrer

    tailles = sorted({int(x) for x in args.lettres.split(",")})
    if not tailles or tailles[0] < 1:
        sys.exit("--lettres : des nombres de lettres positifs, séparés par des virgules.")
    base = base_preparer()
    os.environ.pop("REDIS_URL", None)
    if args.tracemalloc:
        os.environ["BENCH_TRACEMALLOC"] = "1"
    os.environ.setdefault("DJANGO_MEDIA_ROOT", str(RACINE / "var" / "bench-tirage"))
    django_demarrer()
    import weasyprint
    from weasyprint.text.ffi import harfbuzz_subset

    print(f"Base : {base} ; WeasyPrint {weasyprint.__version__} ; lettres : {tailles}", flush=True)
    debut = time.perf_counter()
    charger(tailles)
    print(f"Données chargées en {time.perf_counter() - debut:.1f} s", flush=True)

    base_nue = sous_processus("--nue", BASE_ANNEE, "--nu", args.nu)
    debit_nu = base_nue["lettres"] / base_nue["duree"]
    print(f"Boucle nue : {debit_nu:.1f} lettres/s ({base_nue['lettres']} lettres)", flush=True)

    runs = [(0, 1)] + [(rang, 2) for rang in range(len(tailles))]
    resultats = []
    for rang, travailleurs in runs:
        r = tirer(BASE_ANNEE + rang, travailleurs, args.taille_lot)
        resultats.append(r)
        print(f"Tirage {r['lettres']} lettres, {travailleurs} travailleur(s) : {r['debit']:.1f} lettres/s", flush=True)

    echecs = []
    print()
    print(
        "| tirage | lettres | lettres par lot | lots par travailleur | durée (s) | dont fusion (s) | lettres/s "
        "| × boucle nue | RSS max travailleur (Mo) | tas Python max travailleur (Mo) | RSS fusion (Mo) |"
    )
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| boucle WeasyPrint nue | {base_nue['lettres']} | 1 | – | {base_nue['duree']:.1f} | – | {debit_nu:.1f} | 1,00 "
        f"| {base_nue['rss_mo']:.0f} | – | – |"
    )
    for r in resultats:
        ratio = r["debit"] / debit_nu
        tas = f"{r['tas_travailleur']:.0f}" if r["tas_travailleur"] else "–"
        print(
            f"| {r['travailleurs']} travailleur(s) | {r['lettres']} | {r['taille_lot']} | "
            f"{' + '.join(map(str, r['lots_par_travailleur']))} | {r['duree']:.1f} | {r['duree_fusion']:.1f} | "
            f"{r['debit']:.1f} | {ratio:.2f} | {r['rss_travailleur']:.0f} | {tas} | {r['rss_fusion']:.0f} |"
        )
        if r["pages"] != r["lettres"]:
            echecs.append(f"{r['lettres']} lettres mais {r['pages']} pages")
    un = resultats[0]["debit"] / debit_nu
    deux = max(r["debit"] for r in resultats[1:]) / debit_nu
    petit, grand = resultats[1]["rss_travailleur"], resultats[-1]["rss_travailleur"]
    ecart = (grand - petit) / petit
    print()
    print(f"- 1 travailleur : {un:.2f}× la boucle nue (cible ≥ {CIBLE_1}×)")
    print(f"- 2 travailleurs : {deux:.2f}× la boucle nue (cible ≥ {CIBLE_2}×)")
    print(
        f"- 2 travailleurs / 1 travailleur à {tailles[0]} lettres : "
        f"{resultats[1]['debit'] / resultats[0]['debit']:.2f}× (lots de {resultats[1]['taille_lot']} lettres)"
    )
    if resultats[1]["tas_travailleur"]:
        print(
            f"- Tas Python max d'un travailleur (tracemalloc) : {resultats[1]['tas_travailleur']:.0f} Mo à "
            f"{tailles[0]} lettres, {resultats[-1]['tas_travailleur']:.0f} Mo à {tailles[-1]} ; fusion "
            f"{resultats[1]['tas_fusion']:.0f} → {resultats[-1]['tas_fusion']:.0f} Mo"
        )
    print(
        f"- RSS max d'un travailleur : {petit:.0f} Mo à {tailles[0]} lettres, {grand:.0f} Mo à {tailles[-1]} "
        f"({ecart:+.0%}, cible ±{CIBLE_RSS:.0%})"
    )
    fusions = [r["rss_fusion"] for r in resultats[1:]]
    print(
        f"- RSS max de la fusion pypdf : {fusions[0]:.0f} Mo à {tailles[0]} lettres, {fusions[-1]:.0f} Mo à {tailles[-1]}"
    )
    hb = sum(r["sous_ensembles"]["harfbuzz"] for r in resultats)
    ft = sum(r["sous_ensembles"]["fonttools"] for r in resultats)
    print(
        f"- Sous-ensembles de polices : HarfBuzz (hb-subset, libharfbuzz-subset {'chargée' if harfbuzz_subset else 'absente'}) "
        f"{hb} fois, fontTools {ft} fois → {'HarfBuzz a servi' if hb and not ft else 'HarfBuzz n a PAS servi seul'}"
    )
    if un < CIBLE_1:
        echecs.append(f"1 travailleur à {un:.2f}× (< {CIBLE_1})")
    if deux < CIBLE_2:
        echecs.append(f"2 travailleurs à {deux:.2f}× (< {CIBLE_2})")
    if abs(ecart) > CIBLE_RSS:
        echecs.append(f"RSS {ecart:+.0%}")
    if echecs:
        print("\nCibles manquées : " + " ; ".join(echecs))
        sys.exit(1)


if __name__ == "__main__":
    main()
