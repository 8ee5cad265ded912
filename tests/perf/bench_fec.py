"""The FEC export of a year of 20 000 operations (issue 11 point 12), beside a bare SQL select of the same rows, in
the same run, on the same database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdom_bench_fec \\
        .venv/bin/python tests/perf/bench_fec.py [--operations 20000] [--petit 2000] [--repetitions 3]

1. Empties and migrates the bench database (DATABASE_URL, whose name must contain "bench": it is wiped; else
   var/bench.sqlite3), as tests/perf/bench.py does, and loads doctors with the demo (one per dues record).
2. Writes the operations of 2026 in bulk (the rules are not what is measured): 40 % dues called, 30 % dues
   payments, 10 % engagements liquidated then paid (each counts twice: a liquidation and a payment), 20 % cash
   movements, and a few dozen fixed assets.
3. Streams `tresorerie.exports_cloture.fec_flux(2026)` to nothing, counting its SQL queries and the lines written;
   then the bare baseline: one `SELECT … UNION ALL …` of the same rows (the dues with their doctor, the payments
   with their dues' doctor, the engagements twice with their account, the cash movements with theirs) read to the
   end in chunks, without formatting. Best of --repetitions. The statements (`etats_financiers`) are timed too.
4. Does it at --petit then at --operations operations and prints a Markdown table: lines, seconds, queries, the
   ratio to the bare select. Exits 1 when the export's query count differs between the two sizes (it must be
   bounded) or when the ratio at the large size is above PLAFOND.
"""

import argparse
import datetime
import sys
import time
from decimal import Decimal
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(RACINE))

from tests.perf.bench import base_preparer, charger, django_demarrer  # noqa: E402

ANNEE = 2026
PLAFOND = 15.0


def arguments():
    parser = argparse.ArgumentParser(
        description="Banc d'essai de l'export FEC : une année d'opérations à deux tailles, comparée à un SELECT nu "
        "des mêmes lignes (requêtes SQL, secondes, rapport)."
    )
    parser.add_argument("--operations", type=int, default=20_000, help="grande taille (défaut : 20 000)")
    parser.add_argument("--petit", type=int, default=2_000, help="petite taille (défaut : 2 000)")
    parser.add_argument("--repetitions", type=int, default=3, help="mesures par cas, la meilleure retenue (défaut : 3)")
    args = parser.parse_args()
    if args.petit < 10 or args.operations <= args.petit:
        parser.error("il faut 10 ≤ --petit < --operations")
    return args


def _utilisateurs():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return [User.objects.get_or_create(username=f"bench-{role}")[0] for role in ("ord", "liq", "ord2", "tres")]


def operations_ecrire(total: int, deja: dict) -> dict:
    """Top the year up to `total` operations (bulk, no rules); `deja` counts what is there. Returns the new counts."""
    from commun.services import utilisateur_systeme
    from cotisations.models import Cotisation, Paiement
    from tableau.models import Medecin
    from tresorerie.models import (
        Budget,
        CategorieImmobilisation,
        CompteComptable,
        Engagement,
        Immobilisation,
        LigneBudgetaire,
        MouvementCaisse,
    )

    cible = {
        "cotisations": total * 4 // 10,
        "paiements": total * 3 // 10,
        "engagements": total // 20,  # ×2 operations each: 10 %
        "caisse": total // 5,
        "immobilisations": max(5, total // 400),
    }
    systeme = utilisateur_systeme()
    medecins = list(Medecin.objects.order_by("id").values_list("id", flat=True)[: cible["cotisations"]])
    if len(medecins) < cible["cotisations"]:
        sys.exit(f"Il faut {cible['cotisations']} médecins, la démo en a chargé {len(medecins)}.")
    appel = datetime.date(ANNEE, 1, 5)
    Cotisation.objects.bulk_create(
        Cotisation(
            annee=ANNEE,
            medecin_id=m,
            categorie="plein",
            montant_bareme=Decimal("340.00"),
            montant_du=Decimal("340.00"),
            reference=f"RFBENCH{m:012d}",
            appelee_le=appel,
        )
        for m in medecins[deja["cotisations"] : cible["cotisations"]]
    )
    cotisations = list(Cotisation.objects.filter(annee=ANNEE).order_by("id").values_list("id", flat=True))
    Paiement.objects.bulk_create(
        Paiement(
            cotisation_id=cotisations[i % len(cotisations)],
            montant=Decimal("100.00"),
            mode="cheque",
            date=datetime.date(ANNEE, 2 + i % 10, 1 + i % 28),
            annee_recu=ANNEE,
            numero_recu=f"B{ANNEE}{i:07d}",
            saisi_par=systeme,
        )
        for i in range(deja["paiements"], cible["paiements"])
    )
    budget, _ = Budget.objects.get_or_create(annee=ANNEE)
    ligne, _ = LigneBudgetaire.objects.get_or_create(
        budget=budget, compte=CompteComptable.objects.get(numero="6064"), defaults={"montant": Decimal("9999999")}
    )
    ordo, liq, ordo2, tres = _utilisateurs()
    Engagement.objects.bulk_create(
        Engagement(
            ligne=ligne,
            numero=f"{ANNEE}-B{i:06d}",
            objet=f"Fournitures {i}",
            tiers=f"Fournisseur {i % 50}",
            montant=Decimal("120.00"),
            montant_liquide=Decimal("118.40"),
            statut="paye",
            engage_le=datetime.date(ANNEE, 1 + i % 12, 1),
            engage_par=ordo,
            liquide_le=datetime.date(ANNEE, 1 + i % 12, 10),
            liquide_par=liq,
            ordonnance_le=datetime.date(ANNEE, 1 + i % 12, 12),
            ordonnance_par=ordo2,
            paye_le=datetime.date(ANNEE, 1 + i % 12, 20),
            paye_par=tres,
            mode_reglement="virement",
        )
        for i in range(deja["engagements"], cible["engagements"])
    )
    comptes = {n: CompteComptable.objects.get(numero=n) for n in ("512", "626", "758")}
    MouvementCaisse.objects.bulk_create(
        MouvementCaisse(
            numero=f"C{ANNEE}-B{i:06d}",
            sens="entree" if i % 2 == 0 else "sortie",
            montant=Decimal("12.30"),
            objet=f"Mouvement {i}",
            date=datetime.date(ANNEE, 1 + i % 12, 1 + i % 28),
            compte=comptes["512"] if i % 2 == 0 else comptes["626"],
            saisi_par=systeme,
        )
        for i in range(deja["caisse"], cible["caisse"])
    )
    categories = list(CategorieImmobilisation.objects.all())
    Immobilisation.objects.bulk_create(
        Immobilisation(
            numero=f"I{ANNEE}-B{i:04d}",
            designation=f"Bien {i}",
            categorie=categories[i % len(categories)],
            duree_annees=categories[i % len(categories)].duree_annees,
            valeur_origine=Decimal("2400.00"),
            date_acquisition=datetime.date(ANNEE - i % 4, 1 + i % 12, 1),
            date_mise_en_service=datetime.date(ANNEE - i % 4, 1 + i % 12, 1),
            enregistree_par=systeme,
        )
        for i in range(deja["immobilisations"], cible["immobilisations"])
    )
    return cible


def _chronometrer(fonction, repetitions: int) -> tuple[float, int, object]:
    from django.db import connection

    meilleur, requetes, resultat = float("inf"), 0, None
    for _ in range(repetitions):
        compteur = [0]

        def compter(execute, sql, params, many, context, compteur=compteur):
            compteur[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(compter):
            debut = time.perf_counter()
            resultat = fonction()
            duree = time.perf_counter() - debut
        meilleur, requetes = min(meilleur, duree), compteur[0]
    return meilleur, requetes, resultat


def _fec():
    from tresorerie.exports_cloture import fec_flux

    octets = lignes = 0
    for paquet in fec_flux(ANNEE):
        octets += len(paquet)
        lignes += paquet.count(b"\r\n")
    return lignes, octets


def _nu():
    """The same rows, one bare SELECT … UNION ALL read to the end in chunks."""
    from django.db import connection

    debut, fin = f"{ANNEE}-01-01", f"{ANNEE}-12-31"
    sql = f"""
        SELECT c.id, c.montant_du, c.appelee_le, m.rpps, m.nom FROM cotisations_cotisation c
            JOIN tableau_medecin m ON m.id = c.medecin_id WHERE c.annee = {ANNEE}
        UNION ALL SELECT p.id, p.montant, p.date, m.rpps, m.nom FROM cotisations_paiement p
            JOIN cotisations_cotisation c ON c.id = p.cotisation_id JOIN tableau_medecin m ON m.id = c.medecin_id
            WHERE p.date BETWEEN '{debut}' AND '{fin}'
        UNION ALL SELECT e.id, e.montant_liquide, e.liquide_le, e.tiers, k.numero FROM tresorerie_engagement e
            JOIN tresorerie_lignebudgetaire l ON l.id = e.ligne_id JOIN tresorerie_comptecomptable k ON k.id = l.compte_id
            WHERE e.liquide_le BETWEEN '{debut}' AND '{fin}'
        UNION ALL SELECT e.id, e.montant_liquide, e.paye_le, e.tiers, e.numero FROM tresorerie_engagement e
            WHERE e.paye_le BETWEEN '{debut}' AND '{fin}'
        UNION ALL SELECT mc.id, mc.montant, mc.date, mc.objet, k.numero FROM tresorerie_mouvementcaisse mc
            JOIN tresorerie_comptecomptable k ON k.id = mc.compte_id WHERE mc.date BETWEEN '{debut}' AND '{fin}'
    """
    lignes = 0
    with connection.cursor() as curseur:
        curseur.execute(sql)
        while paquet := curseur.fetchmany(2000):
            lignes += len(paquet)
    return lignes


def _etats():
    from tresorerie.comptabilite import etats_financiers

    return etats_financiers(ANNEE)["bilan"]["equilibre"]


def mesurer(taille: int, repetitions: int) -> dict:
    return {
        "taille": taille,
        "fec": _chronometrer(_fec, repetitions),
        "nu": _chronometrer(_nu, repetitions),
        "etats": _chronometrer(_etats, repetitions),
    }


def main() -> int:
    args = arguments()
    base = base_preparer()
    django_demarrer()
    from django.db import connection

    print(f"Base : {base} ; export FEC de l'exercice {ANNEE}, meilleure de {args.repetitions} mesures par cas.")
    duree = charger(args.operations * 4 // 10)
    print(f"Médecins chargés ({duree:.1f} s).", flush=True)
    deja = {"cotisations": 0, "paiements": 0, "engagements": 0, "caisse": 0, "immobilisations": 0}
    resultats = []
    for taille in (args.petit, args.operations):
        deja = operations_ecrire(taille, deja)
        with connection.cursor() as curseur:
            curseur.execute("ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        resultats.append(mesurer(taille, args.repetitions))
        print(f"{taille} opérations mesurées.", flush=True)

    print()
    print("| Opérations | Cas | Lignes | Secondes | Requêtes SQL | Rapport au SELECT nu |")
    print("|---:|---|---:|---:|---:|---:|")
    for r in resultats:
        f_duree, f_requetes, (f_lignes, _octets) = r["fec"]
        n_duree, n_requetes, n_lignes = r["nu"]
        e_duree, e_requetes, _ = r["etats"]
        for nom, lignes, duree, requetes in (
            ("export FEC (fec_flux)", f_lignes, f_duree, f_requetes),
            ("SELECT … UNION ALL nu", n_lignes, n_duree, n_requetes),
            ("bilan et compte de résultat", "", e_duree, e_requetes),
        ):
            print(f"| {r['taille']} | {nom} | {lignes} | {duree:.3f} | {requetes} | {duree / n_duree:.1f}× |")
    petit, grand = resultats
    echecs = []
    if petit["fec"][1] != grand["fec"][1]:
        echecs.append(
            f"le nombre de requêtes de l'export croît avec l'exercice : {petit['fec'][1]} à {petit['taille']} "
            f"opérations, {grand['fec'][1]} à {grand['taille']}"
        )
    rapport = grand["fec"][0] / grand["nu"][0]
    if rapport > PLAFOND:
        echecs.append(f"l'export prend {rapport:.1f}× le SELECT nu à {grand['taille']} opérations (plafond {PLAFOND}×)")
    for echec in echecs:
        print(f"ÉCHEC : {echec}")
    return 1 if echecs else 0


if __name__ == "__main__":
    sys.exit(main())
