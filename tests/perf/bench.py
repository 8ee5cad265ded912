"""make bench: the main pages at 30 000 doctors, side by side with a bare Django view served the same way.

    .venv/bin/python tests/perf/bench.py [--medecins 30000] [--petit 300] [--duree 8] [--clients 4]

1. Empties and migrates the bench database: DATABASE_URL if set (its name must contain "bench": it is wiped),
   else var/bench.sqlite3, so the development database is never touched.
2. Loads --petit doctors with the demo service and counts the SQL queries of each page in-process
   (django.test.Client + CaptureQueriesContext), then tops up to --medecins doctors and counts again.
3. Starts ONE gunicorn (2 workers, DJANGO_DEBUG=0, static files through whitenoise) on a free port of
   127.0.0.1 and loads each page with --clients concurrent HTTP clients for --duree seconds.
4. Prints a Markdown table: requests/s, p95 latency, both as ratios to the bare view (/sante/), and the SQL
   queries per page at both sizes. Exits 1 when a page's query count grows with the number of doctors
   (or when the bench itself cannot run); a page not built yet is reported as missing, not as a failure.
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
class Page:
    nom: str
    chemin: str
    qui: str  # anonyme, admin, staff_api, medecin
    sql: dict = field(default_factory=dict)  # size -> queries per request (None: page missing)
    etat: str = ""  # why a page was not measured
    debit: float = 0.0
    p95: float = 0.0
    requetes: int = 0
    erreurs: int = 0
    octets: int = 0  # size of the page, to see that a real page was measured


PAGES = [
    Page("Vue nue (/sante/)", "/sante/", "anonyme"),
    Page("Admin : liste des médecins", "/admin/tableau/medecin/", "admin"),
    Page("API : liste des médecins", "/api/medecins/", "staff_api"),
    Page("Espace médecin : accueil", "/espace/", "medecin"),
    Page("Annuaire public", "/annuaire/", "anonyme"),
]


def arguments():
    parser = argparse.ArgumentParser(
        description="Banc d'essai : les pages principales avec 30 000 médecins, comparées à une vue Django nue "
        "servie de la même façon (débit, latence p95, requêtes SQL par page)."
    )
    parser.add_argument("--medecins", type=int, default=30_000, help="nombre de médecins chargés (défaut : 30 000)")
    parser.add_argument("--petit", type=int, default=300, help="petite taille pour comparer les requêtes SQL")
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
        DJANGO_ALLOWED_HOSTS=HOTE,
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain HTTP on the loopback: no redirect to https
        DJANGO_LOG_LEVEL="ERROR",
    )
    env.pop("DJANGO_TESTING", None)
    return env


def serveur_demarrer(port: int, workers: int) -> subprocess.Popen:
    env = environnement_serveur()
    # Production static storage (hashed names from the manifest): collect first, as the Dockerfile does.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=RACINE, env=env, check=True)
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


def charger_page(port: int, page: Page, entetes: dict, *, duree: float, clients: int, maximum: int) -> None:
    statut, contenu, reponse = requete(port, "GET", page.chemin, entetes)
    page.octets = len(contenu)
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
    page.requetes, page.erreurs = len(latences), erreurs[0]
    page.debit = len(latences) / ecoule
    page.p95 = latences[min(len(latences) - 1, int(0.95 * len(latences)))] * 1000 if latences else 0.0


# --- Report --------------------------------------------------------------------------------------------------------------


def nombre(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def tableau_imprimer(args, base: str, durees: dict) -> bool:
    nue = PAGES[0]
    print()
    print(f"Base : {base}")
    print(
        f"Données : {nombre(args.medecins)} médecins (chargement de démonstration : {nombre(args.petit)} en "
        f"{durees['petit']:.1f} s, puis {nombre(args.medecins - args.petit)} de plus en {durees['grand']:.1f} s)."
    )
    print(
        f"Serveur : gunicorn, {args.workers} workers, DJANGO_DEBUG=0 ; charge : {args.clients} clients HTTP "
        f"simultanés, {args.duree:g} s par page, {os.cpu_count()} cœurs."
    )
    print()
    print(
        f"| page | URL | requêtes/s | p95 (ms) | débit / vue nue | p95 / vue nue | SQL à {nombre(args.petit)} "
        f"| SQL à {nombre(args.medecins)} | taille (Ko) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    croissance = False
    for page in PAGES:
        petit, grand = page.sql.get(args.petit), page.sql.get(args.medecins)
        sql = [("—" if n is None else str(n)) for n in (petit, grand)]
        if petit is not None and grand is not None and grand > petit:
            croissance = True
            sql[1] += " ⚠ croît"
        if page.requetes:
            mesures = [
                f"{page.debit:.1f}",
                f"{page.p95:.1f}",
                f"{page.debit / nue.debit:.2f}" if nue.debit else "—",
                f"{page.p95 / nue.p95:.1f}×" if nue.p95 else "—",
            ]
            if page.erreurs:
                mesures[0] += f" ({page.erreurs} erreurs)"
        else:
            mesures = [page.etat or "non mesurée", "—", "—", "—"]
        taille = f"{page.octets / 1024:.1f}" if page.requetes else "—"
        print(f"| {page.nom} | `{page.chemin}` | " + " | ".join([*mesures, *sql, taille]) + " |")
    print()
    if croissance:
        print("ÉCHEC : le nombre de requêtes SQL d'une page croît avec le nombre de médecins.")
    manquantes = [p.nom for p in PAGES if not p.requetes]
    if manquantes:
        print(f"Pages non mesurées : {', '.join(manquantes)}.")
    return not croissance


def main() -> int:
    args = arguments()
    depart = time.monotonic()
    base = base_preparer()
    print(f"Banc d'essai sur {base} : migration…", flush=True)
    django_demarrer()
    durees = {}
    print(f"Chargement de {nombre(args.petit)} médecins et requêtes SQL par page…", flush=True)
    durees["petit"] = charger(args.petit)
    compter_requetes(args.petit)
    print(f"Chargement jusqu'à {nombre(args.medecins)} médecins…", flush=True)
    durees["grand"] = charger(args.medecins)
    print(f"  {durees['grand']:.1f} s", flush=True)
    compter_requetes(args.medecins)

    from django.db import connections

    utilisateurs = comptes()
    cookies = {qui: cookie_session(utilisateurs[qui]) for qui in ("admin", "medecin")}
    connections.close_all()  # the server must not wait for this process's SQLite connection

    port = port_libre()
    print(f"Serveur gunicorn sur http://{HOTE}:{port}/ (collectstatic d'abord)…", flush=True)
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
                port, page, entetes[page.qui], duree=args.duree, clients=args.clients, maximum=args.max_requetes
            )
    finally:
        serveur.terminate()
        try:
            serveur.wait(timeout=20)
        except subprocess.TimeoutExpired:
            serveur.kill()
    if not PAGES[0].requetes:
        print("La vue nue /sante/ n'a pas répondu : pas de référence pour les ratios.", file=sys.stderr)
        return 1
    ok = tableau_imprimer(args, base, durees)
    print(f"\nDurée totale du banc d'essai : {time.monotonic() - depart:.0f} s.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
