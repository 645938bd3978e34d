"""Haven settings: every value a deployment changes comes from an environment variable.

The variables are documented in docs/configuration.md; the defaults give a working embedded
system (SQLite under var/) so that one command starts Haven on a fresh machine.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HAVEN_VAR_DIR", BASE_DIR / "var"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """The configured key, or one generated once and kept under var/ so sessions survive restarts."""
    configured = os.environ.get("HAVEN_SECRET_KEY")
    if configured:
        return configured
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


DEBUG = _env_bool("HAVEN_DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = _env_list("HAVEN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = _env_list("HAVEN_CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "haven.core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "haven.core",
    "haven.geo",
    "haven.dedup",
    "haven.population",
    "haven.displacement",
    "haven.projects",
    "haven.funding",
    "haven.assistance",
    "haven.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "haven.core.middleware.AuditContextMiddleware",
    # Last, so that a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "haven.urls"
WSGI_APPLICATION = "haven.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "haven.core.context_processors.navigation",
            ],
        },
    },
]

# Database: the embedded SQLite file unless DATABASE_URL names another.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'haven.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server read while the worker writes; IMMEDIATE avoids
        # the upgrade deadlock SQLite reports as "database is locked".
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("HAVEN_TEST_SQLITE_NAME") or None}
else:
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("HAVEN_TEST_DATABASE_NAME") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "haven.core.backends.RoleBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# Login throttling: five failures lock the username from that address for a quarter hour.
AXES_FAILURE_LIMIT = int(os.environ.get("HAVEN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("HAVEN_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False

# Sessions end after an idle hour (a shared office computer) and with the browser.
SESSION_COOKIE_AGE = int(os.environ.get("HAVEN_SESSION_IDLE_SECONDS", "3600"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Transport security: on whenever HTTPS is declared, as it must be in production.
HTTPS = _env_bool("HAVEN_HTTPS", not DEBUG and "HAVEN_SECRET_KEY" in os.environ)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and _env_bool("HAVEN_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("HAVEN_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if _env_bool("HAVEN_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "haven" / "locale"]
TIME_ZONE = os.environ.get("HAVEN_TIME_ZONE", "Asia/Baghdad")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the apps' static folders when collectstatic has not run (tests, a fresh clone).
WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
HAVEN_UPLOAD_MAX_BYTES = int(os.environ.get("HAVEN_UPLOAD_MAX_BYTES", str(200 * 1024 * 1024)))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("HAVEN_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "haven.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Haven API",
    "DESCRIPTION": "Displacement, return and assistance operations. Every list is scoped to the caller's areas.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a `status`; each enum is named after what it is the status of.
    "ENUM_NAME_OVERRIDES": {
        "PersonStatusEnum": "haven.population.vocabulary.PersonStatus",
        # A project counts people by the registry's codes, but only three of its groups.
        "BeneficiaryGroupEnum": "haven.projects.models.BeneficiaryGroup",
        "PopulationGroupEnum": "haven.population.vocabulary.PopulationGroup",
    },
}

# Counts below this are never shown outside the system (disclosure control).
HAVEN_SUPPRESSION_THRESHOLD = int(os.environ.get("HAVEN_SUPPRESSION_THRESHOLD", "5"))
# Assistance: a group is flagged as out of balance when its share of the households assisted in an area
# differs from its share of the area's households by more than this many percentage points.
HAVEN_ASSISTANCE_IMBALANCE_POINTS = float(os.environ.get("HAVEN_ASSISTANCE_IMBALANCE_POINTS", "15"))
# People counted for a family whose size is not known (the seed's 282,000 people in 47,000 families).
HAVEN_ASSISTANCE_PERSONS_PER_FAMILY = float(os.environ.get("HAVEN_ASSISTANCE_PERSONS_PER_FAMILY", "6"))
HAVEN_COUNTRY_NAME = os.environ.get("HAVEN_COUNTRY_NAME", "Iraq")


def _family_sizes(text: str) -> dict[str, float]:
    sizes = {}
    for item in text.split(","):
        country, _sep, size = item.partition("=")
        if country.strip() and size.strip():
            sizes[country.strip().upper()] = float(size)
    return sizes


# Individuals estimated from families where a file gives families only: average family size per
# country (ISO2, as P-codes begin), `*` for any other. DTM Iraq uses 6.
HAVEN_AVERAGE_FAMILY_SIZE = _family_sizes(os.environ.get("HAVEN_AVERAGE_FAMILY_SIZE", "IQ=6,*=5"))
# Severity scores (0-100) at or above these bounds are medium, then high.
HAVEN_SEVERITY_BOUNDS = tuple(float(x) for x in os.environ.get("HAVEN_SEVERITY_BOUNDS", "33.3,66.7").split(","))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HAVEN_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
    },
}

# Live job progress crosses processes (worker → web) while the job's own transaction is open,
# so it goes through a cache every process on the host shares, not the job row.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
}
