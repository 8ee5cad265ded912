"""make bench: the main pages at 300 and at 30 000 doctors, side by side with a bare Django view served the same way.

    .venv/bin/python tests/perf/bench.py [--medecins 30000] [--petit 300] [--duree 8] [--clients 4]

1. Empties and migrates the bench database: DATABASE_URL if set (its name must contain "bench": it is wiped),
   else var/bench.sqlite3, so the development database is never touched.
2. Loads --petit doctors with the demo service, counts the SQL queries of each page in-process
   (django.test.Client + CaptureQueriesContext), then starts ONE gunicorn (2 workers, DJANGO_DEBUG=0, static
   files through whitenoise) on a free port of 127.0.0.1 and loads each page with --clients concurrent HTTP
   clients for --duree seconds.
3. Tops up to --medecins doctors and does the same again; on PostgreSQL, prints the plan (EXPLAIN) of each name
   search to show which index answers it.
4. Prints a Markdown table: requests/s, p95 latency, both as ratios to the bare view (/sante/), the median time
   of a request at both sizes and their ratio, and the SQL queries per page at both sizes. Exits 1 when a page's
   query count grows with the number of doctors, when (on PostgreSQL) a search page takes more than 3× its time
   at the small size (PLAFOND_RECHERCHE: the searches must be answered by an index, not by reading the
   register), or when the bench itself cannot run; a page not built yet is reported as missing, not as a failure.
"""

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(RACINE))

# The same key here and in gunicorn: the sessions and tokens made in this process are valid over there.
CLE_SECRETE = "bench-uniquement-cle-secrete-0123456789-abcdefghijklmnopqrstuvwxyz"
HOTE = "127.0.0.1"


@dataclass
class Mesure:
    """One page under load at one size."""

    debit: float = 0.0
    p95: float = 0.0
    mediane: float = 0.0
    requetes: int = 0
    erreurs: int = 0
    octets: int = 0  # size of the page, to see that a real page was measured


@dataclass
class Page:
    nom: str
    chemin: str
    qui: str  # anonyme, admin, staff_api, medecin
    plafond: float | None = None  # largest allowed ratio of its time at the large size to its time at the small one
    sql: dict = field(default_factory=dict)  # size -> queries per request (None: page missing)
    etat: str = ""  # why a page was not measured
    mesures: dict = field(default_factory=dict)  # size -> Mesure


# A name typed as people type it, without its accent (the demo's "Ménard"): about 1 doctor in 170.
NOM_CHERCHE = "menard"
# Issue 9: with the trigram index, a name search stays within 3x of its time at 300 doctors (it was 5x to 11x).
PLAFOND_RECHERCHE = 3.0

PAGES = [
    Page("Vue nue (/sante/)", "/sante/", "anonyme"),
    Page("Admin : liste des médecins", "/admin/tableau/medecin/", "admin"),
    Page("API : liste des médecins", "/api/medecins/", "staff_api"),
    Page("Espace médecin : accueil", "/espace/", "medecin"),
    Page("Annuaire public", "/annuaire/", "anonyme"),
    Page("Admin : recherche par nom", f"/admin/tableau/medecin/?q={NOM_CHERCHE}", "admin", PLAFOND_RECHERCHE),
    Page("API : recherche par nom", f"/api/medecins/?search={NOM_CHERCHE}", "staff_api", PLAFOND_RECHERCHE),
    Page("Annuaire : recherche par nom", f"/annuaire/?q={NOM_CHERCHE}", "anonyme", PLAFOND_RECHERCHE),
    Page("Annuaire : recherche par spécialité", "/annuaire/?specialite=cardiologie", "anonyme"),
]


def arguments():
    parser = argparse.ArgumentParser(
        description="Banc d'essai : les pages principales et les recherches à 300 puis 30 000 médecins, comparées "
        "à une vue Django nue servie de la même façon (débit, latence p95, temps médian aux deux tailles, "
        "requêtes SQL par page)."
    )
    parser.add_argument("--medecins", type=int, default=30_000, help="nombre de médecins chargés (défaut : 30 000)")
    parser.add_argument(
        "--petit",
        type=int,
        default=300,
        help="petite taille, pour comparer les requêtes SQL et les temps (défaut : 300)",
    )
    parser.add_argument("--duree", type=float, default=8.0, help="secondes de charge par page (défaut : 8)")
    parser.add_argument("--clients", type=int, default=4, help="clients HTTP simultanés (défaut : 4)")
    parser.add_argument("--max-requetes", type=int, default=5_000, help="plafond de requêtes HTTP par page")
    parser.add_argument("--workers", type=int, default=2, help="processus gunicorn (défaut : 2)")
    args = parser.parse_args()
    if args.petit < 2 or args.medecins <= args.petit:
        parser.error("il faut 2 ≤ --petit < --medecins")
    return args


# --- The database ----------------------------------------------------------------------------------------------------


def base_preparer() -> str:
    """Point DATABASE_URL at the bench database and empty it; returns a description of it."""
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{RACINE / 'var' / 'bench.sqlite3'}")
    import environ

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    nom = str(config["NAME"])
    if "bench" not in Path(nom).name:
        sys.exit(
            f"Le banc d'essai vide sa base : DATABASE_URL doit désigner une base dédiée dont le nom contient "
            f"« bench » (reçu : « {nom} »)."
        )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        for suffixe in ("", "-wal", "-shm", "-journal"):
            Path(nom + suffixe).unlink(missing_ok=True)
        Path(nom).parent.mkdir(parents=True, exist_ok=True)
        return f"SQLite ({nom})"
    if config["ENGINE"] == "django.db.backends.postgresql":
        import psycopg2

        cnx = psycopg2.connect(
            dbname="postgres",
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
        )
        cnx.autocommit = True
        with cnx.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')
            cur.execute(f'CREATE DATABASE "{nom}"')
            cur.execute("SHOW server_version")
            version = cur.fetchone()[0]
        cnx.close()
        return f"PostgreSQL {version} ({nom} sur {config.get('HOST') or 'socket local'})"
    sys.exit(f"Moteur non pris en charge par le banc d'essai : {config['ENGINE']}")


def django_demarrer():
    os.environ["DJANGO_SECRET_KEY"] = CLE_SECRETE
    os.environ.setdefault("DJANGO_SALT_KEY", "bench-uniquement-sel")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from config.roles import groupes_synchroniser

    call_command("migrate", verbosity=0, interactive=False)
    groupes_synchroniser()


# --- Queries per page, in-process ---------------------------------------------------------------------------------------


def comptes():
    """The logins of the demo: superuser (admin), staff of the Service du tableau (API), the first doctor."""
    from django.contrib.auth import get_user_model

    from tableau.demo import COMPTE_ADMIN, COMPTE_TABLEAU, rpps_demo

    User = get_user_model()
    return {
        "admin": User.objects.get(username=COMPTE_ADMIN[0]),
        "staff_api": User.objects.get(username=COMPTE_TABLEAU[0]),
        "medecin": User.objects.get(username=rpps_demo(0)),
    }


def compter_requetes(taille: int) -> None:
    """SQL queries of one request of each page (the second one: the first warms per-process caches)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    utilisateurs = comptes()
    jeton = Token.objects.get_or_create(user=utilisateurs["staff_api"])[0].key
    for page in PAGES:
        client, entetes = Client(raise_request_exception=False), {}
        if page.qui in ("admin", "medecin"):
            client.force_login(utilisateurs[page.qui])
        elif page.qui == "staff_api":
            entetes["HTTP_AUTHORIZATION"] = f"Token {jeton}"
        client.get(page.chemin, **entetes)
        with CaptureQueriesContext(connection) as requetes:
            reponse = client.get(page.chemin, **entetes)
        if reponse.status_code == 200:
            page.sql[taille] = len(requetes)
        else:
            page.sql[taille] = None
            page.etat = (
                f"absente (HTTP {reponse.status_code})" if reponse.status_code == 404 else f"HTTP {reponse.status_code}"
            )


def charger(medecins: int) -> float:
    from tableau.demo import demo_charger

    return demo_charger(medecins=medecins).duree


# --- The server and the load -----------------------------------------------------------------------------------------


def port_libre() -> int:
    with socket.socket() as s:
        s.bind((HOTE, 0))
        return s.getsockname()[1]


def environnement_serveur() -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=CLE_SECRETE,
        DJANGO_SALT_KEY="bench-uniquement-sel",
        DJANGO_ALLOWED_HOSTS=HOTE,
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain HTTP on the loopback: no redirect to https
        DJANGO_LOG_LEVEL="ERROR",
    )
    env.pop("DJANGO_TESTING", None)
    return env


def serveur_demarrer(port: int, workers: int) -> subprocess.Popen:
    env = environnement_serveur()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    processus = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "-b", f"{HOTE}:{port}", "-w", str(workers), "--log-level", "warning"],
        cwd=RACINE,
        env=env,
    )
    limite = time.monotonic() + 60
    while time.monotonic() < limite:
        if processus.poll() is not None:
            raise RuntimeError(f"gunicorn s'est arrêté au démarrage (code {processus.returncode}).")
        try:
            if requete(port, "GET", "/sante/")[0] == 200:
                return processus
        except OSError:
            time.sleep(0.2)
    processus.terminate()
    raise RuntimeError("gunicorn ne répond pas sur /sante/ après 60 s.")


def requete(port: int, methode: str, chemin: str, entetes=None, corps=None) -> tuple[int, bytes, dict]:
    cnx = http.client.HTTPConnection(HOTE, port, timeout=60)
    try:
        cnx.request(methode, chemin, body=corps, headers=entetes or {})
        reponse = cnx.getresponse()
        return reponse.status, reponse.read(), dict(reponse.getheaders())
    finally:
        cnx.close()


def jeton_obtenir(port: int) -> str:
    from tableau.demo import COMPTE_TABLEAU

    corps = json.dumps({"username": COMPTE_TABLEAU[0], "password": COMPTE_TABLEAU[1]})
    statut, contenu, _ = requete(
        port, "POST", "/api/auth/token/", {"Content-Type": "application/json", "Accept": "application/json"}, corps
    )
    if statut != 200:
        raise RuntimeError(f"POST /api/auth/token/ → HTTP {statut} : {contenu[:200]!r}")
    return json.loads(contenu)["token"]


def cookie_session(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def charger_page(
    port: int, page: Page, entetes: dict, *, taille: int, duree: float, clients: int, maximum: int
) -> None:
    statut, contenu, reponse = requete(port, "GET", page.chemin, entetes)
    mesure = page.mesures[taille] = Mesure(octets=len(contenu))
    if statut != 200:
        page.etat = page.etat or (
            f"absente (HTTP {statut})" if statut == 404 else f"HTTP {statut} {reponse.get('Location', '')}".strip()
        )
        return
    for _ in range(2):  # warm both workers
        requete(port, "GET", page.chemin, entetes)
    latences: list[float] = []
    erreurs = [0]
    verrou = threading.Lock()
    fin = time.monotonic() + duree

    def client():
        while time.monotonic() < fin:
            with verrou:
                if len(latences) + erreurs[0] >= maximum:
                    return
            debut = time.perf_counter()
            try:
                statut = requete(port, "GET", page.chemin, entetes)[0]
            except OSError:
                statut = 0
            ecoule = time.perf_counter() - debut
            with verrou:
                if statut == 200:
                    latences.append(ecoule)
                else:
                    erreurs[0] += 1

    debut = time.perf_counter()
    fils = [threading.Thread(target=client) for _ in range(clients)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    ecoule = time.perf_counter() - debut
    latences.sort()
    mesure.requetes, mesure.erreurs = len(latences), erreurs[0]
    mesure.debit = len(latences) / ecoule
    if latences:
        mesure.p95 = latences[min(len(latences) - 1, int(0.95 * len(latences)))] * 1000
        mesure.mediane = latences[len(latences) // 2] * 1000


# --- Report --------------------------------------------------------------------------------------------------------------


def nombre(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def tableau_imprimer(args, base: str, durees: dict) -> bool:
    from django.db import connection

    petit, grand = args.petit, args.medecins
    # The trigram indexes are PostgreSQL's: SQLite reads every row through the Python function, so there the
    # ceiling is shown, not enforced.
    plafond_applique = connection.vendor == "postgresql"
    nue = PAGES[0].mesures.get(grand, Mesure())
    print()
    print(f"Base : {base}")
    print(
        f"Données : {nombre(grand)} médecins (chargement de démonstration : {nombre(petit)} en "
        f"{durees['petit']:.1f} s, puis {nombre(grand - petit)} de plus en {durees['grand']:.1f} s)."
    )
    print(
        f"Serveur : gunicorn, {args.workers} workers, DJANGO_DEBUG=0 ; charge : {args.clients} clients HTTP "
        f"simultanés, {args.duree:g} s par page et par taille, {os.cpu_count()} cœurs."
    )
    print()
    print(
        f"| page | URL | requêtes/s | p95 (ms) | débit / vue nue | p95 / vue nue | médiane à {nombre(petit)} (ms) "
        f"| médiane à {nombre(grand)} (ms) | {nombre(grand)} / {nombre(petit)} | SQL à {nombre(petit)} "
        f"| SQL à {nombre(grand)} | taille (Ko) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    croissance = trop_lente = False
    for page in PAGES:
        sql_petit, sql_grand = page.sql.get(petit), page.sql.get(grand)
        sql = [("—" if n is None else str(n)) for n in (sql_petit, sql_grand)]
        if sql_petit is not None and sql_grand is not None and sql_grand > sql_petit:
            croissance = True
            sql[1] += " ⚠ croît"
        m_petit, m_grand = page.mesures.get(petit, Mesure()), page.mesures.get(grand, Mesure())
        if m_grand.requetes:
            mesures = [
                f"{m_grand.debit:.1f}",
                f"{m_grand.p95:.1f}",
                f"{m_grand.debit / nue.debit:.2f}" if nue.debit else "—",
                f"{m_grand.p95 / nue.p95:.1f}×" if nue.p95 else "—",
            ]
            if m_grand.erreurs:
                mesures[0] += f" ({m_grand.erreurs} erreurs)"
        else:
            mesures = [page.etat or "non mesurée", "—", "—", "—"]
        echelle = ["—", "—", "—"]
        if m_petit.requetes and m_grand.requetes:
            ratio = m_grand.mediane / m_petit.mediane
            echelle = [f"{m_petit.mediane:.1f}", f"{m_grand.mediane:.1f}", f"{ratio:.2f}×"]
            if page.plafond is not None and ratio > page.plafond:
                trop_lente = trop_lente or plafond_applique
                echelle[2] += f" ⚠ > {page.plafond:g}×"
        taille = f"{m_grand.octets / 1024:.1f}" if m_grand.requetes else "—"
        print(f"| {page.nom} | `{page.chemin}` | " + " | ".join([*mesures, *echelle, *sql, taille]) + " |")
    print()
    if croissance:
        print("ÉCHEC : le nombre de requêtes SQL d'une page croît avec le nombre de médecins.")
    if trop_lente:
        print(
            f"ÉCHEC : une recherche prend plus de {PLAFOND_RECHERCHE:g}× son temps à {nombre(petit)} médecins "
            "(l'index trigramme n'est pas utilisé ?)."
        )
    if not plafond_applique:
        print(
            f"Plafond des recherches ({PLAFOND_RECHERCHE:g}×) non appliqué : sans index trigramme (SQLite), une "
            "recherche lit tout le tableau ; mesurez-le sur PostgreSQL (DATABASE_URL)."
        )
    manquantes = [p.nom for p in PAGES if not p.mesures.get(grand, Mesure()).requetes]
    if manquantes:
        print(f"Pages non mesurées : {', '.join(manquantes)}.")
    return not (croissance or trop_lente)


def plans_expliquer() -> list[str]:
    """On PostgreSQL, the plan of each name search at the large size: which index answers it."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    from tableau import selectors
    from tableau.models import Medecin

    recherches = {
        "admin et API (medecins_rechercher)": selectors.medecins_rechercher(
            Medecin.objects.all(), NOM_CHERCHE
        ).order_by("nom", "prenom", "id")[:50],
        "annuaire": selectors.annuaire(texte=NOM_CHERCHE)[:25],
        "annuaire, spécialité": selectors.annuaire(specialite="cardiologie")[:25],
    }
    lignes = []
    for nom, qs in recherches.items():
        sql, params = qs.query.sql_with_params()
        with connection.cursor() as curseur:
            curseur.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) {sql}", params)
            plan = [r[0] for r in curseur.fetchall()]
        index = sorted({mot for ligne in plan for mot in ligne.replace("(", " ").split() if mot.endswith("_trgm")})
        lignes.append(f"- {nom} : index {', '.join(index) or 'AUCUN index trigramme'}")
        lignes.extend(f"      {ligne}" for ligne in plan)
    return lignes


def mesurer(args, taille: int) -> None:
    """Every page under load at the size now loaded, on a fresh gunicorn."""
    from django.db import connections

    utilisateurs = comptes()
    cookies = {qui: cookie_session(utilisateurs[qui]) for qui in ("admin", "medecin")}
    connections.close_all()  # the server must not wait for this process's SQLite connection

    port = port_libre()
    print(f"Serveur gunicorn sur http://{HOTE}:{port}/ ({nombre(taille)} médecins)…", flush=True)
    serveur = serveur_demarrer(port, args.workers)
    try:
        hote = {"Host": f"{HOTE}:{port}"}
        entetes = {
            "anonyme": hote,
            "admin": hote | {"Cookie": cookies["admin"]},
            "medecin": hote | {"Cookie": cookies["medecin"]},
            "staff_api": hote | {"Authorization": f"Token {jeton_obtenir(port)}", "Accept": "application/json"},
        }
        for page in PAGES:
            print(f"  charge : {page.nom}…", flush=True)
            charger_page(
                port,
                page,
                entetes[page.qui],
                taille=taille,
                duree=args.duree,
                clients=args.clients,
                maximum=args.max_requetes,
            )
    finally:
        serveur.terminate()
        try:
            serveur.wait(timeout=20)
        except subprocess.TimeoutExpired:
            serveur.kill()


def main() -> int:
    args = arguments()
    depart = time.monotonic()
    base = base_preparer()
    print(f"Banc d'essai sur {base} : migration…", flush=True)
    django_demarrer()
    # Production static storage (hashed names from the manifest): collect once, as the Dockerfile does.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=RACINE,
        env=environnement_serveur(),
        check=True,
    )
    durees = {}
    print(f"Chargement de {nombre(args.petit)} médecins et requêtes SQL par page…", flush=True)
    durees["petit"] = charger(args.petit)
    compter_requetes(args.petit)
    mesurer(args, args.petit)
    print(f"Chargement jusqu'à {nombre(args.medecins)} médecins…", flush=True)
    durees["grand"] = charger(args.medecins)
    print(f"  {durees['grand']:.1f} s", flush=True)
    compter_requetes(args.medecins)
    plans = plans_expliquer()
    mesurer(args, args.medecins)
    if not PAGES[0].mesures.get(args.medecins, Mesure()).requetes:
        print("La vue nue /sante/ n'a pas répondu : pas de référence pour les ratios.", file=sys.stderr)
        return 1
    ok = tableau_imprimer(args, base, durees)
    if plans:
        print(f"\nPlans des recherches par nom à {nombre(args.medecins)} médecins (EXPLAIN ANALYZE) :")
        print("\n".join(plans))
    print(f"\nDurée totale du banc d'essai : {time.monotonic() - depart:.0f} s.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
