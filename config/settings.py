"""Settings of the CDOM back-office, read from the environment (see README "Configuration").

One module for every environment: the embedded default (SQLite under var/, Celery in-process) needs no
variable at all; production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL,
REDIS_URL and EMAIL_URL.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Under pytest: fast password hashing, static files from the finders.
TESTING = env.bool("DJANGO_TESTING", default="pytest" in sys.modules)

_DEV_SECRET_KEY = "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY est obligatoire quand DJANGO_DEBUG=0.")
# Former secret keys (comma-separated): sessions, signed links and the encrypted fields still read what they signed
# or encrypted; a new write uses SECRET_KEY (rotation, README "Chiffrement").
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
# django-fernet-encrypted-fields: the Fernet keys of the confidential fields and files (entraide, conciliation,
# incidents) are derived from SECRET_KEY (and its fallbacks) with each salt; the first salt encrypts, every one
# decrypts (DJANGO_SALT_KEY, comma-separated, newest first). Required in production, as the secret key.
_DEV_SALT_KEY = "dev-only-salt-change-me-0123456789"
SALT_KEY = env.list("DJANGO_SALT_KEY", default=[_DEV_SALT_KEY] if DEBUG else [])
if not SALT_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SALT_KEY est obligatoire quand DJANGO_DEBUG=0 (clé de chiffrement des dossiers)."
    )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "axes",
    "commun",
    "tableau",
    "cotisations",
    "tresorerie",
    "entraide",
    "gouvernance",
    "conciliation",
    "solidarite",
    "annonces",  # issue 13 point 6
    # issue 13 points 7 and 8: violence incidents, contracts (L4113-9)
    "incidents",
    "contrats",
    "rgpd",  # issue 13 point 9: the doctor's data export, the register of processing, the purges
    # Last: its post_migrate hook gives the staff groups the permissions every app above has created.
    "config",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # The client's address, for the log of confidential reads (commun.JournalAcces.adresse).
    "commun.middleware.AdresseClientMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # SQLite waits for a lock rather than failing at once when the web server and a command write together, and
    # every transaction takes the write lock when it begins (BEGIN IMMEDIATE): SQLite ignores select_for_update(),
    # so a rule that counts under commun.services.verrouiller() is serialised by this lock instead (two requests
    # taking a doctor's second day of the month one after the other, not both; a deferred transaction that read
    # first would fail with « database is locked » when it came to write).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("timeout", 20)
    options.setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "espace:connexion"
LOGIN_REDIRECT_URL = "espace:accueil"
LOGOUT_REDIRECT_URL = "espace:connexion"

# django-axes: 5 failed logins lock that username from that address for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/verrouille.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

# French only, whatever the browser asks: no LocaleMiddleware, a single language.
LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Without collectstatic (development, tests) var/static/ does not exist: serve from the finders, do not scan it.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
# What browsers ask for at the site's root without reading the page (/favicon.ico), served as a static file.
WHITENOISE_ROOT = BASE_DIR / "static" / "racine"
# Uploaded documents are private: outside any served directory, streamed by views that check rights.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "documents")
MEDIA_URL = None
# The largest document a user may upload, per file (commun.fichiers: hardship requests, receipts, aid files).
# The header the reverse proxy sets with the client's address (e.g. HTTP_X_FORWARDED_FOR), for the log of
# confidential reads; empty: REMOTE_ADDR (commun/middleware.py).
CDOM_ENTETE_PROXY = env.str("DJANGO_TRUSTED_PROXY_HEADER", default="")
FICHIERS_TAILLE_MAX = env.int("FICHIERS_TAILLE_MAX", default=10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail: EMAIL_URL (smtp://user:pass@host:587, smtp+tls://…, consolemail://) or the console in development.
if os.environ.get("EMAIL_URL"):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Conseil départemental de l'Ordre des médecins <ne-pas-repondre@cdom.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: a real broker through REDIS_URL; without it, tasks run in-process (the embedded default).
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Redis hands a task not yet acknowledged (acks_late) to another worker after this many seconds: every retry
# countdown of a task must stay below it, or a task waiting for its retry would run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_EXPIRES = 7 * 24 * 3600
# The e-mail sends (commun/tasks.py): attempts in all, then exponential backoff from the first delay, capped
# (60 s, 2, 4, 8, 16 min: about half an hour before a send is left "en échec" for staff to resend).
ENVOI_TENTATIVES = env.int("ENVOI_TENTATIVES", default=6)
ENVOI_DELAI_INITIAL = env.float("ENVOI_DELAI_INITIAL", default=60)
ENVOI_DELAI_MAX = env.float("ENVOI_DELAI_MAX", default=30 * 60)
# The dues reminder calendar writes its letters by chunks of this many dues, each chunk committed on its own (a run
# killed midway keeps what it wrote; the next run sends the rest).
# Each chunk re-reads who is due: at 30 000 dues, chunks of 10 000 take half the time of chunks of 2 000
# (tests/perf/bench_relances.py), and a killed run still loses at most one chunk, redone by the next run.
RELANCES_TAILLE_LOT = env.int("RELANCES_TAILLE_LOT", default=10000)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    # CONTRACT.md: errors are {"field": [...]} or {"detail": ...}; DRF's "non_field_errors" (a refused token
    # request, a serializer-wide check) goes under "detail".
    "NON_FIELD_ERRORS_KEY": "detail",
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API du conseil départemental de l'Ordre des médecins",
    "DESCRIPTION": "Tableau, cotisations, trésorerie, gouvernance. Authentification : session ou jeton "
    "(POST /api/auth/token/, puis l'en-tête « Authorization: Token <clé> »).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set used by several serializers (spectacular --fail-on-warn stays clean).
    "ENUM_NAME_OVERRIDES": {
        "FonctionEnum": "gouvernance.models.TypeFonction",
        # tresorerie, indemnités: a vacation's nature, beside the commissions' (gouvernance) of the same field name.
        "NatureVacationEnum": "tresorerie.models.indemnite.NatureVacation",
        # tresorerie: how an expense is paid (the chain's `payer`, an expense claim's payment).
        "ModeReglementEnum": "tresorerie.models.ModeReglement",
        # conciliation (conc-noyau): a complaint's nature (and the nature it was registered with).
        "NaturePlainteEnum": "conciliation.models.NaturePlainte",
        # annonces (issue 13 point 6): an ad's category and sense, beside the trésorerie's fields of the same names.
        "CategorieAnnonceEnum": "annonces.models.Categorie",
        "SensAnnonceEnum": "annonces.models.Sens",
        "SensMouvementEnum": "tresorerie.models.caisse.SensMouvement",
        # entraide-aides: the kind of an aid, beside the other `type` fields (sessions, delegations…).
        "TypeAideEntraideEnum": "entraide.models.TypeAide",
    },
}

# The address the e-mails put in their links (password set-up, reset).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Card payments of the dues (django-payments; cotisations/fournisseurs.py). CDOM_PAIEMENT_FOURNISSEUR chooses the
# provider: "test" (the default with DEBUG: a simulated bank whose notifications are signed with HMAC-SHA256 and
# CDOM_PAIEMENT_SECRET_TEST, for the tests and the demo), "stripe" (Stripe Checkout: STRIPE_CLE_SECRETE and the
# webhook's signing secret STRIPE_SECRET_WEBHOOK; the webhook is SITE_URL/paiements/process/stripe/), or empty
# (the default in production: no card payment offered until a provider is configured).
CDOM_PAIEMENT_FOURNISSEUR = env.str("CDOM_PAIEMENT_FOURNISSEUR", default="test" if DEBUG else "")
CDOM_PAIEMENT_SECRET_TEST = env.str("CDOM_PAIEMENT_SECRET_TEST", default="test-" + SECRET_KEY)
PAYMENT_MODEL = "cotisations.PaiementCarte"
PAYMENT_VARIANTS = {}
# The simulated bank confirms whatever its page is told: never offered in production unless chosen on purpose.
if CDOM_PAIEMENT_FOURNISSEUR == "test" or DEBUG or TESTING:
    PAYMENT_VARIANTS["test"] = ("cotisations.fournisseurs.FournisseurTest", {"secret": CDOM_PAIEMENT_SECRET_TEST})
if CDOM_PAIEMENT_FOURNISSEUR == "stripe":
    PAYMENT_VARIANTS["stripe"] = (
        "cotisations.fournisseurs.FournisseurStripe",
        {"api_key": env.str("STRIPE_CLE_SECRETE"), "endpoint_secret": env.str("STRIPE_SECRET_WEBHOOK")},
    )
elif CDOM_PAIEMENT_FOURNISSEUR not in ("", "test"):
    raise ImproperlyConfigured("CDOM_PAIEMENT_FOURNISSEUR vaut « test », « stripe » ou rien.")
_SITE = urlsplit(SITE_URL)
PAYMENT_HOST = _SITE.netloc
PAYMENT_USES_SSL = _SITE.scheme == "https"

# What the pages say about the council itself (letters, headers).
CDOM_NOM = env.str("CDOM_NOM", default="Conseil départemental de l'Ordre des médecins de la Dordogne")
CDOM_DEPARTEMENT = env.str("CDOM_DEPARTEMENT", default="24")
# Where the register's staff are told of a declaration of lost or stolen prescription pads (empty: no e-mail,
# the declaration still waits in the admin's list of declarations to handle).
CDOM_EMAIL_TABLEAU = env.str("CDOM_EMAIL_TABLEAU", default="tableau@cdom.example")
# The council's postal address (the creditor on the dues' letters and court requests) and the court its requests
# for an injonction de payer go to: the tribunal judiciaire of the debtors' domicile, the department's for a
# departmental council (art. 1406 CPC; set it to the council's own).
# Empty (as docker-compose passes an unset variable) means the default.
CDOM_ADRESSE = env.str("CDOM_ADRESSE", default="") or "Maison des médecins, 1 rue du Conseil, 24000 Périgueux"
CDOM_TRIBUNAL = (
    env.str("CDOM_TRIBUNAL", default="")
    or "Tribunal judiciaire de Périgueux, service des injonctions de payer, 24000 Périgueux"
)

# tresorerie, year-end (issue 11 point 7): where the CNOM's trésorerie is told at once when the plenary does not
# approve the accounts or refuses quitus to the trésorier (seed 002 L.II T.I 1.2), and the council's SIREN that
# names the FEC file (<SIREN>FEC<AAAAMMJJ>.txt). Empty means the default.
TRESORERIE_CNOM_EMAIL = env.str("TRESORERIE_CNOM_EMAIL", default="") or "tresorerie@cn.medecin.example"
TRESORERIE_SIREN = env.str("TRESORERIE_SIREN", default="") or "000000000"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

# incidents, contrats (issue 13 points 7-8): their choice sets beside the other apps' fields of the same name.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] |= {
    "LieuIncidentEnum": "incidents.models.LieuIncident",
    "TypeIncidentEnum": "incidents.models.TypeIncident",
    "AuteurIncidentEnum": "incidents.models.AuteurIncident",
    "TypeContratEnum": "contrats.models.TypeContrat",
    "StatutContratEnum": "contrats.models.StatutContrat",
    "AvisContratEnum": "contrats.models.AvisContrat",
}
# incidents (issue 13 point 7): the mailbox of the staff who follow the safety observatory's declarations.
CDOM_EMAIL_SECURITE = env.str("CDOM_EMAIL_SECURITE", default="securite@cdom.example")
# entraide-aides (issue 12 point 10): the commission nationale d'entraide, told of every aid the council grants
# (seed 002 L.II T.V 2), the report's PDF attached. Empty means the default.
ENTRAIDE_CNOM_EMAIL = env.str("ENTRAIDE_CNOM_EMAIL", default="") or "entraide@cn.medecin.example"
