"""Settings of the Steckbrief portal: one module, configured from the environment.

Defaults are for a developer machine (SQLite, no Redis, console e-mail). With DEBUG off,
a real SECRET_KEY is required and the production hardening below switches on.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY):
    raise ImproperlyConfigured("SECRET_KEY muss gesetzt sein, wenn DEBUG aus ist.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "masterplan.apps.PortalAdminConfig",  # django.contrib.admin, own site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "allauth",
    "allauth.account",
    "axes",
    "kern",
    "handlungsfelder",
    "konten",
    "steckbriefe",
    "ideen",
    "bewertung",
    "dossiers",
    "kooperation",
    "portfolio",
]

MIDDLEWARE = [
    # First: refuses oversized bodies (Content-Length) before anything reads them.
    "kern.uploads.AnfragegroesseBegrenzen",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "masterplan.urls"
WSGI_APPLICATION = "masterplan.wsgi.application"
SITE_ID = 1

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
                "handlungsfelder.context_processors.portal",
                "portfolio.context_processors.navigation",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the ranking's many correlated subqueries push the planner's cost estimate over
    # jit_optimize_above_cost, and compiling them took ~6.5 s of a 7 s query (make bench-last).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "konten.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Permissions only (authenticates nobody): from the cache when RECHTE_CACHEN is on.
    "konten.rechte.RechteBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Session, roles and permissions of a logged-in user from the cache instead of three or four
# queries per request (konten/rechte.py; invalidated on every change of groups or
# permissions). On in production with Redis (a cache all processes share); the pinned query
# counts of the tests are counted without it.
RECHTE_CACHEN = env_bool("RECHTE_CACHEN", not DEBUG and bool(os.environ.get("REDIS_URL")))
RECHTE_CACHE_SEKUNDEN = env_int("RECHTE_CACHE_SEKUNDEN", 300)
if RECHTE_CACHEN:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "steckbriefe:dashboard"
LOGOUT_REDIRECT_URL = "start"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Re-authentication before sensitive account changes asks for the password only. allauth
# 65.22 added a code by e-mail as a default method; whoever can read a member's mailbox
# must not thereby be able to change or delete the account.
ACCOUNT_REAUTHENTICATION_METHODS = ("password",)
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Masterplan Steckbriefe] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_RATE_LIMITS = False if DEBUG else {}
ACCOUNT_ADAPTER = "konten.adapter.KontoAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "konten.forms.RegistrierungForm"
# Sign-up does the same work for new and registered addresses (konten/registrierung.py).
ACCOUNT_FORMS = {"signup": "konten.registrierung.AnmeldeFormular"}
# Invitations one account may send per 24 hours (konten.services.einladen).
EINLADUNGEN_JE_TAG = env_int("EINLADUNGEN_JE_TAG", 20)

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Besides: an address is locked after this many failures over all accounts (konten.axes).
AXES_ADRESSE_LIMIT = env_int("AXES_ADRESSE_LIMIT", 20)
AXES_HANDLER = "konten.axes.SperrHandler"
# Proxies in front of the portal that append the client to X-Forwarded-For (docker-compose:
# 1, Caddy). 0: the header is ignored and REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "konten.axes.client_ip"
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# The one-time login link a locked-out owner can ask for (konten.anmeldelink).
ANMELDELINK_MINUTEN = env_int("ANMELDELINK_MINUTEN", 30)
AXES_USERNAME_FORM_FIELD = "username"
# Portal login posts "login" (allauth), the admin "username": konten.axes reads both.
AXES_USERNAME_CALLABLE = "konten.axes.login_name"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "konten/gesperrt.html"

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
NODE_MODULES = Path(os.environ.get("NODE_MODULES", BASE_DIR / "node_modules"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
]
STORAGES = {
    # Private uploads: MEDIA_ROOT is outside STATIC_ROOT and has no URL; files are only
    # handed out by permission-checked views.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("MEDIA_ROOT", str(VAR_DIR / "media")),
            "base_url": None,
        },
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
MEDIA_ROOT = STORAGES["default"]["OPTIONS"]["location"]
# No URL pattern and no server ever serves this prefix: uploads leave only through
# permission-checked views. (Django needs some value here for its test live server.)
MEDIA_URL = "/_privat/"
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

ANLAGE_MAX_BYTES = env_int("ANLAGE_MAX_BYTES", 10 * 1024 * 1024)
ANLAGEN_MAX_BYTES_JE_STECKBRIEF = env_int("ANLAGEN_MAX_BYTES_JE_STECKBRIEF", 25 * 1024 * 1024)
# Office attachments are ZIP archives: their unpacked size and compression ratio are bounded
# (read from the archive's directory, nothing is unpacked; steckbriefe/anlagen.py).
ANLAGE_MAX_ENTPACKT_BYTES = env_int("ANLAGE_MAX_ENTPACKT_BYTES", 100 * 1024 * 1024)
ANLAGE_MAX_KOMPRESSION = env_int("ANLAGE_MAX_KOMPRESSION", 100)  # unpacked : packed
# Drafts not yet submitted per Organisation; autosave requests per person and minute.
STECKBRIEF_MAX_ENTWUERFE = env_int("STECKBRIEF_MAX_ENTWUERFE", 20)
AUTOSAVE_MAX_JE_MINUTE = env_int("AUTOSAVE_MAX_JE_MINUTE", 60)
# Ideenwettbewerb (ideen.services): drafts per person, co-entrant invitations per day.
IDEEN_MAX_ENTWUERFE = env_int("IDEEN_MAX_ENTWUERFE", 10)
IDEEN_EINLADUNGEN_JE_TAG = env_int("IDEEN_EINLADUNGEN_JE_TAG", 10)

# The operator's contact data for the legal pages and the home page: BETREIBER_NAME,
# _ANSCHRIFT, _VERTRETEN_DURCH, _TELEFON, _EMAIL, _DATENSCHUTZBEAUFTRAGTE, _SPEICHERDAUER,
# _BARRIEREFREIHEIT_STAND, _DURCHSETZUNGSSTELLE. Unset: the demo's example values, marked
# "(Beispiel)"; `check --deploy` warns (handlungsfelder/betreiber.py, checks.py).
BETREIBER = {
    k.removeprefix("BETREIBER_").lower(): v
    for k, v in os.environ.items()
    if k.startswith("BETREIBER_") and v.strip()
}
# Processes of the full recompute of the similar Steckbriefe (kooperation.berechnung).
KOOPERATION_PROZESSE = env_int("KOOPERATION_PROZESSE", 2)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Request bodies, checked from Content-Length before they are read (kern/uploads.py; the
# proxy in deploy/Caddyfile has the same limits): the views that take an attachment accept
# the attachment plus room for the form's fields, every other request the form data limit.
UPLOAD_URL_NAMEN = ["steckbriefe:neu", "steckbriefe:bearbeiten", "ideen:neu", "ideen:bearbeiten"]
ANFRAGE_MAX_BYTES = env_int("ANFRAGE_MAX_BYTES", ANLAGE_MAX_BYTES + 2 * 1024 * 1024)

# --- E-mail -----------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mails"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Masterplan Region Chemnitz <steckbriefe@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_DIR = Path(os.environ.get("CELERY_BROKER_DIR", VAR_DIR / "broker"))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        # A Redis that hangs (frozen, network black hole) must not block a request for ever:
        # the publish fails after these seconds and the caller falls back.
        "socket_timeout": 3,
        "socket_connect_timeout": 3,
    }
else:
    # Embedded broker for development: kombu's filesystem transport in a local folder, so
    # jobs really run in a separate worker process without Redis.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TIMEZONE = TIME_ZONE
# A worker started without -Q consumes every queue listed here, taking turns between them:
# the pieces of large dossiers have their own queue (dossiers.models.warteschlange), so a
# small export requested meanwhile is not queued behind all of them.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [
    Queue("celery", routing_key="celery"),
    Queue("exporte-gross", routing_key="exporte-gross"),
]
CELERY_BEAT_SCHEDULE: dict = {
    # Delete expired export files, fail export jobs that hang (dossiers.aufraeumen).
    "exporte-aufraeumen": {"task": "dossiers.tasks.exporte_aufraeumen", "schedule": 3600.0},
    # Enqueue again the steps of export jobs whose worker died (dossiers.lebenszeichen).
    "exporte-fortsetzen": {
        "task": "dossiers.tasks.exporte_fortsetzen",
        "schedule": float(env_int("EXPORT_FORTSETZEN_SEKUNDEN", 60)),
        "options": {"expires": env_int("EXPORT_FORTSETZEN_SEKUNDEN", 60)},
    },
    # Reminder 7 days before the final deadline (steckbriefe.erinnerungen), idempotent.
    "steckbriefe-fristerinnerungen": {
        "task": "steckbriefe.tasks.fristerinnerungen_senden",
        "schedule": crontab(hour=7, minute=30),
    },
    # Similar Steckbriefe from scratch (kooperation.berechnung): fresh document frequencies,
    # and the vorläufige and withdrawn Steckbriefe, which send no signal yet.
    "kooperation-aehnlichkeit": {
        "task": "kooperation.tasks.aehnlichkeit_neu_berechnen",
        "schedule": crontab(hour=2, minute=15),
    },
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must not hang a request when the broker is down: fail fast, then fall back.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}

# --- Dossiers and exports (dossiers app) --------------------------------------------------
DOSSIER_TEIL_GROESSE = env_int("DOSSIER_TEIL_GROESSE", 25)  # Steckbriefe per rendered chunk
# Dossiers of at least this many Steckbriefe render in the queue "exporte-gross".
DOSSIER_GROSS_AB = env_int("DOSSIER_GROSS_AB", 100)
# Rows of the ranking and the contents per rendered slice of the front matter (at least 10).
DOSSIER_INHALT_JE_TEIL = env_int("DOSSIER_INHALT_JE_TEIL", 200)
EXPORT_AUFBEWAHRUNG_TAGE = env_int("EXPORT_AUFBEWAHRUNG_TAGE", 7)
EXPORT_MAIL_AB_SEKUNDEN = env_int("EXPORT_MAIL_AB_SEKUNDEN", 30)
EXPORT_DIREKT_MAX = env_int("EXPORT_DIREKT_MAX", 100)  # small tables without a job
# Export jobs one user may have queued or running at once (dossiers.jobs).
EXPORT_MAX_AKTIV_JE_NUTZER = env_int("EXPORT_MAX_AKTIV_JE_NUTZER", 3)
# Running export steps refresh a sign of life this often; after three missed ones (and when
# their worker restarts) they are enqueued again (dossiers.lebenszeichen).
EXPORT_LEBENSZEICHEN_SEKUNDEN = env_int("EXPORT_LEBENSZEICHEN_SEKUNDEN", 30)
# Export jobs still running after this many hours are failed by the hourly clean-up.
EXPORT_MAX_STUNDEN = env_int("EXPORT_MAX_STUNDEN", 3)

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if not REDIS_URL
    else {
        # Fails open when Redis is down or hangs (masterplan/cache.py).
        "BACKEND": "masterplan.cache.AusfallsicherRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_timeout": 2, "socket_connect_timeout": 2},
    }
}

# --- Bewertung --------------------------------------------------------------------------
# The options of the ranking's catalogue filters from the cache (bewertung/filters.py;
# dropped when a Handlungsfeld, Zieldimension or Gebietskörperschaft is saved or deleted).
# On like RECHTE_CACHEN: only a cache all processes share sees every invalidation.
FILTER_AUSWAHL_CACHEN = env_bool("FILTER_AUSWAHL_CACHEN", RECHTE_CACHEN)
FILTER_AUSWAHL_CACHE_SEKUNDEN = env_int("FILTER_AUSWAHL_CACHE_SEKUNDEN", 600)
# The scoring page's read-only Steckbrief panel from the cache (bewertung/panel_cache.py); on
# like RECHTE_CACHEN for the same reason.
BEWERTUNG_PANEL_CACHEN = env_bool("BEWERTUNG_PANEL_CACHEN", RECHTE_CACHEN)
BEWERTUNG_PANEL_CACHE_SEKUNDEN = env_int("BEWERTUNG_PANEL_CACHE_SEKUNDEN", 3600)
# Reviewers see the other Bewertungen of a Steckbrief only after finalising their own.
BEWERTUNG_ANDERE_ERST_NACH_ABSCHLUSS = env_bool("BEWERTUNG_ANDERE_ERST_NACH_ABSCHLUSS", True)
# Spread (max − min of the weighted scores, 0–100 points) above which reviewers disagree.
BEWERTUNG_STREUUNG_SCHWELLE = env_int("BEWERTUNG_STREUUNG_SCHWELLE", 25)
# "Punktuelle Veranstaltungen" are only prioritised up to this requested funding (EUR).
BEWERTUNG_VERANSTALTUNG_MAX_FOERDERMITTEL = env_int(
    "BEWERTUNG_VERANSTALTUNG_MAX_FOERDERMITTEL", 10000
)

# --- Forms ------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy (django-csp): everything from the portal itself, no inline script
# or style, no framing. Front-end assets are served by the portal (no CDN).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}
