"""Settings for the drug-literature portal, configured only from the environment.

The defaults make a fresh clone work on an embedded SQLite file with DEBUG off;
``make serve`` turns DEBUG on for development. Production sets DATABASE_URL to
PostgreSQL and DJANGO_SECRET_KEY / DJANGO_ALLOWED_HOSTS (see README, "Deploying").
"""

import hashlib
import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn ``postgres://user:pass@host:port/name?opt=v`` or ``sqlite:///path`` into a DATABASES entry."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    options = dict(parse_qsl(parts.query))
    if scheme == "sqlite":
        # sqlite:///relative/path and sqlite:////absolute/path, as dj-database-url reads them.
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        name = (
            ":memory:"
            if path in {"", ":memory:"}
            else str(BASE_DIR / path if not path.startswith("/") else path)
        )
        return sqlite_database(name)
    if scheme in {"postgres", "postgresql", "pgsql"}:
        # No JIT: the portal's statements are short, but their estimated costs (lateral aggregates in the
        # search index's document query, ranked searches over a million rows) pass jit_above_cost, and
        # compiling them took 0.1-1.7 s a statement, more than running them. An ?options= in the URL adds to this.
        options["options"] = " ".join(filter(None, ["-c jit=off", options.get("options", "")]))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "postgres",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": envint("DJANGO_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {scheme!r} is not supported (use postgres:// or sqlite://)"
    )


def sqlite_database(name: str) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "OPTIONS": {
            # WAL lets readers run while a curator's import writes; IMMEDIATE avoids
            # "database is locked" upgrades from read to write inside a transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DEBUG = envbool("DJANGO_DEBUG", False)


def _dev_secret_key() -> str:
    """A per-checkout key for development only, kept out of git, so sessions survive restarts."""
    path = BASE_DIR / ".dev-secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it in the environment (production), "
            "or set DJANGO_DEBUG=1 for development (make serve does)."
        )
    SECRET_KEY = _dev_secret_key()

ALLOWED_HOSTS = envlist(
    "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "localhost,127.0.0.1"
)
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "csp",
    "portal",
    "drugs",
    "literature",
]

MIDDLEWARE = [
    "portal.middleware.RequestLogMiddleware",
    "portal.middleware.RequestSizeLimitMiddleware",
    "portal.middleware.RejectNulBytesMiddleware",
    # Marks requests whose reads must see the primary (writes, the admin); a no-op without a replica.
    "portal.db_router.PrimaryForWritesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous revisits answer 304 before any session, CSRF or view work (portal/caching.py).
    "portal.caching.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.site",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASES = {
    "default": database_from_url(DATABASE_URL)
    if DATABASE_URL
    else sqlite_database(str(BASE_DIR / "db.sqlite3")),
}

# Growth past one machine: reads to a replica, writes to the primary (README, "Scaling").
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {**database_from_url(DATABASE_REPLICA_URL), "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["portal.db_router.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names so browsers and CDNs may cache static files forever.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# Without collectstatic (development, tests) whitenoise serves from the finders.
WHITENOISE_USE_FINDERS = DEBUG

LOGIN_URL = "admin:login"

# bench/run.py turns this on to mount its two floor views; never on in production.
PORTAL_BENCHMARK_VIEWS = envbool("PORTAL_BENCHMARK_VIEWS", False)

# Backups with dumpdata keep microseconds and whitespace exactly (README, "Backup and restore").
SERIALIZATION_MODULES = {"exactjson": "portal.serializers.exact_json"}

SITE_NAME = os.environ.get("PORTAL_SITE_NAME", "Drug Literature Portal")

# The cache holds the site-wide content version (portal/caching.py), cached fragments, and the
# login and comment counters, so every worker must see the same one: Redis when REDIS_URL is set
# (several machines), otherwise files in one folder, shared by the workers of one machine. A cache
# private to each process (local memory) would let a worker serve pages older than a curator's edit.
REDIS_URL = os.environ.get("REDIS_URL", "")
PORTAL_CACHE_DIR = os.environ.get("PORTAL_CACHE_DIR") or str(
    Path(tempfile.gettempdir())
    / f"drug-literature-portal-{hashlib.sha1(str(BASE_DIR).encode(), usedforsecurity=False).hexdigest()[:10]}"
)
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
        }
        if REDIS_URL
        else {
            "BACKEND": "portal.cache_backends.FolderCache",
            "LOCATION": PORTAL_CACHE_DIR,
            # Pages are stored deflated (~15 kB for a page of results): at most ~300 MB of disk.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    )
}

# Anonymous pages are kept rendered in the cache for this long (0 turns the page cache off); a
# curator's change invalidates them at once (portal/caching.py).
PORTAL_PAGE_CACHE_SECONDS = envint("PORTAL_PAGE_CACHE_SECONDS", 3600)

# --- Abuse limits ---------------------------------------------------------------------
# How many proxies in front of the app append to X-Forwarded-For (0: trust REMOTE_ADDR only).
PORTAL_TRUSTED_PROXIES = envint("PORTAL_TRUSTED_PROXIES", 0)
PORTAL_LOGIN_MAX_FAILURES_PER_USER = envint("PORTAL_LOGIN_MAX_FAILURES_PER_USER", 5)
PORTAL_LOGIN_MAX_FAILURES_PER_ADDRESS = envint("PORTAL_LOGIN_MAX_FAILURES_PER_ADDRESS", 20)
PORTAL_LOGIN_WINDOW_SECONDS = envint("PORTAL_LOGIN_WINDOW_SECONDS", 15 * 60)
# No request body above this (the admin literature import is the largest legitimate one).
PORTAL_MAX_REQUEST_BYTES = envint("PORTAL_MAX_REQUEST_BYTES", 110 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # form fields, not files
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger uploads are streamed to a temporary file
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000  # the admin's inline formsets post many fields
# Reader comments: at most COMMENT_RATE_LIMIT submissions per address per COMMENT_RATE_WINDOW
# seconds, counted in the cache (use a shared cache such as Redis with several workers).
COMMENT_RATE_LIMIT = envint("PORTAL_COMMENT_RATE_LIMIT", 5)
COMMENT_RATE_WINDOW = envint("PORTAL_COMMENT_RATE_WINDOW", 600)

# Behind a TLS-terminating proxy in production (README, "Deploying").
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# Scripts only from our own static files: no inline script, no eval. Inline style attributes are
# allowed because the Django admin's widgets use them; styles cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# One JSON line per record on stdout, each with the id of the request it belongs to.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "portal.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Access lines come from portal.access; runserver's own would say the same twice.
        "django.server": {"level": "WARNING"},
        "portal.access": {"level": os.environ.get("PORTAL_ACCESS_LOG_LEVEL", "INFO")},
    },
}
