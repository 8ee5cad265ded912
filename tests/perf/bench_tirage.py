"""Bench of the print run of the dues calls (issue 10 points 8 and 12), beside a bare WeasyPrint loop in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdom_bench_tirage \\
        .venv/bin/python tests/perf/bench_tirage.py --lettres 1000,10000

1. Empties and migrates the bench database (tests/perf/bench.py's `base_preparer`: its name must contain "bench"),
   loads as many dues calls as the largest size asks (bulk inserts: doctors and a company every tenth), one year per
   size.
2. Baseline: a bare loop rendering the same letter HTML (`documents.appels_html([one call])`, built beforehand) with
   WeasyPrint one by one (`HTML(string=…).write_pdf()`, no shared font configuration): letters per second.
3. The print run, as in production: `tirage_lancer` cuts the year into chunks, then N worker processes (fresh
   subprocesses, as Celery's prefork children) each render their share of the chunks through the chunk's Celery task
   function (`tasks.tirage_lot_rendre.apply`, in-process), then `tirage_assembler` merges them (its own process).
   Measured: letters per second from the launch to the merged file; the peak RSS of each worker and of the merge.
   Runs: 1 worker at the smallest size, 2 workers at every size.
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
    parser.add_argument("--taille-lot", type=int, default=250, help="lettres par lot (défaut : 250)")
    parser.add_argument("--travailleur", nargs=3, metavar=("TIRAGE", "INDEX", "NOMBRE"), help=argparse.SUPPRESS)
    parser.add_argument("--assembler", metavar="TIRAGE", help=argparse.SUPPRESS)
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
    print("MESURE " + json.dumps({**mesures, "rss_mo": round(rss_max_mo(), 1), "sous_ensembles": SOUS_ENSEMBLES}))


def travailleur(tirage_id: int, index: int, nombre: int):
    """A worker process: renders its share of the run's chunks through the chunk task, as Celery would."""
    django_seul()
    from cotisations import tasks
    from cotisations.models import LotTirage
    from cotisations.services import tirage as tirage_services

    tirage_services._programmer = lambda tirage_id: None  # the merge is measured in its own process
    lots = LotTirage.objects.filter(tirage_id=tirage_id).order_by("numero").values_list("pk", flat=True)
    debut = time.perf_counter()
    for rang, lot_id in enumerate(lots):
        if rang % nombre == index:
            tasks.tirage_lot_rendre.apply(kwargs={"lot_id": lot_id}, throw=True)
    rapporter(duree=time.perf_counter() - debut)


def assembler(tirage_id: int):
    django_seul()
    from cotisations import tasks

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


def tirer(annee: int, travailleurs: int, taille_lot: int) -> dict:
    import datetime

    from pypdf import PdfReader

    from commun.services import utilisateur_systeme
    from cotisations.models import Tirage
    from cotisations.services import tirage as tirage_services

    programmer, tirage_services._programmer = tirage_services._programmer, lambda tirage_id: None
    debut = time.perf_counter()
    try:
        tirage = tirage_services.tirage_lancer(
            annee=annee, taille_lot=taille_lot, par=utilisateur_systeme(), today=datetime.date(annee, 1, 6)
        )
    finally:
        tirage_services._programmer = programmer
    processus = [
        subprocess.Popen(
            [sys.executable, __file__, "--travailleur", str(tirage.pk), str(i), str(travailleurs)],
            cwd=RACINE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        for i in range(travailleurs)
    ]
    mesures = []
    for p in processus:
        sortie, erreurs = p.communicate()
        if p.returncode:
            sys.exit(f"Travailleur en échec :\n{erreurs[-3000:]}")
        mesures.append(json.loads(next(x for x in sortie.splitlines() if x.startswith("MESURE "))[7:]))
    fin_rendu = time.perf_counter()
    fusion = sous_processus("--assembler", tirage.pk)
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
        "rss_fusion": fusion["rss_mo"],
        "duree_fusion": fusion["duree"],
        "sous_ensembles": {k: sum(m["sous_ensembles"][k] for m in mesures) for k in ("harfbuzz", "fonttools")},
    }


def main():
    args = arguments()
    if args.travailleur:
        return travailleur(*map(int, args.travailleur))
    if args.assembler:
        return assembler(int(args.assembler))
    if args.nue:
        return nue(int(args.nue), args.nu)

    from tests.perf.bench import base_preparer, django_demarrer

    tailles = sorted({int(x) for x in args.lettres.split(",")})
    if not tailles or tailles[0] < 1:
        sys.exit("--lettres : des nombres de lettres positifs, séparés par des virgules.")
    base = base_preparer()
    os.environ.pop("REDIS_URL", None)
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
        "| tirage | lettres | pages | durée (s) | dont fusion (s) | lettres/s | × boucle nue | RSS max travailleur (Mo) | RSS fusion (Mo) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print(
        f"| boucle WeasyPrint nue | {base_nue['lettres']} | – | {base_nue['duree']:.1f} | – | {debit_nu:.1f} | 1,00 | {base_nue['rss_mo']:.0f} | – |"
    )
    for r in resultats:
        ratio = r["debit"] / debit_nu
        print(
            f"| {r['travailleurs']} travailleur(s) | {r['lettres']} | {r['pages']} | {r['duree']:.1f} | "
            f"{r['duree_fusion']:.1f} | {r['debit']:.1f} | {ratio:.2f} | {r['rss_travailleur']:.0f} | {r['rss_fusion']:.0f} |"
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
