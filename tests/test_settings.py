"""Settings read from the environment (CONTRACT.md "Settings and commands"), checked in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
LIRE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']), "
    "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, 'debug': s.DEBUG, 'lang': s.LANGUAGE_CODE, "
    "'tz': s.TIME_ZONE, 'email': s.EMAIL_BACKEND}))"
)


def _environnement(**variables):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "DJANGO_DEBUG"}}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_TESTING="0", **variables)
    return env


def _lire(**variables):
    sortie = subprocess.run(
        [sys.executable, "-c", LIRE],
        cwd=RACINE,
        env=_environnement(**variables),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(sortie.stdout.strip().splitlines()[-1])


def test_par_defaut_sqlite_sous_var_et_celery_dans_le_processus():
    lu = _lire()
    assert lu["engine"] == "django.db.backends.sqlite3"
    assert lu["name"].endswith("var/db.sqlite3")
    assert lu["eager"] is True
    assert (lu["lang"], lu["tz"]) == ("fr-fr", "Europe/Paris")


def test_database_url_et_redis_url_choisissent_postgresql_et_le_broker_redis():
    lu = _lire(DATABASE_URL="postgres://u:p@db:5432/cdom", REDIS_URL="redis://redis:6379/0")
    assert lu["engine"] == "django.db.backends.postgresql"
    assert lu["name"] == "cdom"
    assert lu["eager"] is False
    assert lu["broker"] == "redis://redis:6379/0"


def test_email_url_configure_l_envoi_des_courriels():
    lu = _lire(EMAIL_URL="smtp://user:secret@smtp.example:587")
    assert lu["email"] == "django.core.mail.backends.smtp.EmailBackend"


def test_le_mode_production_exige_une_cle_secrete():
    sortie = subprocess.run(
        [sys.executable, "-c", LIRE], cwd=RACINE, env=_environnement(DJANGO_DEBUG="0"), capture_output=True, text=True
    )
    assert sortie.returncode != 0
    assert "DJANGO_SECRET_KEY" in sortie.stderr


def test_le_mode_production_exige_un_sel_de_chiffrement():
    env = _environnement(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="k" * 50)
    sortie = subprocess.run([sys.executable, "-c", LIRE], cwd=RACINE, env=env, capture_output=True, text=True)
    assert sortie.returncode != 0
    assert "DJANGO_SALT_KEY" in sortie.stderr


def test_check_deploy_ne_signale_rien_en_production():
    env = _environnement(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k" * 20 + "-une-cle-longue-et-aleatoire-pour-la-verification-9f8e7d6c5b4a",
        DJANGO_SALT_KEY="un-sel-de-verification",
        DJANGO_ALLOWED_HOSTS="cdom.example",
        DATABASE_URL="sqlite:///var/verif.sqlite3",
    )
    sortie = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
    )
    assert sortie.returncode == 0, sortie.stdout + sortie.stderr
    assert "no issues" in sortie.stdout


def test_les_pages_sont_en_francais_quelle_que_soit_la_langue_du_navigateur(client, django_user_model):
    admin = django_user_model.objects.create_superuser("chef", "chef@cdom.example", "motdepasse-de-test-42")
    client.force_login(admin)
    reponse = client.get("/admin/tableau/medecin/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = reponse.content.decode()
    assert "Sélectionnez l’objet médecin à changer" in page
    assert "Select médecin to change" not in page
