"""Settings for BackOnTrack: one module, environment variables with local defaults.

Everything that differs between a laptop and production is read from the environment
(see README.md, "Configuration"). With DJANGO_DEBUG unset the app runs in production mode
and refuses to start without DJANGO_SECRET_KEY.
"""

import hashlib
import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config import proxies

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production mode (DJANGO_DEBUG unset or 0) needs a "
            "long random secret key, e.g. "
            '`python -c "import secrets; print(secrets.token_urlsafe(50))"`. '
            "For local development set DJANGO_DEBUG=1 (make run does this for you)."
        )
    SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# HTTPS hardening is on by default in production; DJANGO_HTTPS=0 lets a production-mode
# server run on plain-HTTP loopback (benchmarks, local smoke tests).
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)

INSTALLED_APPS = [
    "config.apps.StaffAdminConfig",  # django.contrib.admin with the two-factor site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "simple_history",
    "triage",
    "content",
    # Staff login hardening (docs/decisions/0005-admin-hardening.md).
    "config",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
]

MIDDLEWARE = [
    # Outermost, so it sees every 503 after the others: Retry-After, and the database
    # connection closed (config/middleware.py says why).
    "config.middleware.ServiceUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "config.middleware.RequestBodyLimitMiddleware",  # 413 for huge bodies, unread
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): two-factor login
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.StaffSessionTimeoutMiddleware",  # staff idle/max session
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
        },
    },
]

# SQLite file in the project by default (zero set-up); PostgreSQL in production and CI
# via DATABASE_URL, e.g. postgres://user:pass@127.0.0.1:5432/backontrack.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no row locks (select_for_update is ignored): a transaction that starts
    # IMMEDIATE takes the file's write lock at once, so two answers saved at the same time
    # wait for each other instead of both reading the older answers (triage.wizard.record).
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "America/New_York")
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files served by WhiteNoise with far-future cache headers.
    # Tests and DEBUG use plain storage so that no collectstatic run is needed.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("DJANGO_PLAIN_STATIC", default=False)
            else "config.storage.StaticStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 365 * 24 * 60 * 60 if not DEBUG else 0
# Only our own pages use our static files: no "Access-Control-Allow-Origin: *", which
# whitenoise sends by default.
WHITENOISE_ALLOW_ALL_ORIGINS = False

# --- Cache and sessions (docs/deploy/README.md "More than one machine") -------------------
# Every cache is Django's cache framework on a backend that all gunicorn workers and all
# machines share, so nothing cached can differ between them. REDIS_URL (e.g.
# redis://127.0.0.1:6379/0) selects Django's own RedisCache (config/cache.py: one redis-py
# client per connection pool, not one per call); without it the cache is a table
# in the database (`manage.py createcachetable`, run by `make run` and `make serve`).
REDIS_URL = os.environ.get("REDIS_URL", "")


def _code_digest() -> str:
    """A short digest of the code, templates and wording, read once at start-up."""
    digest = hashlib.blake2b(digest_size=8)
    for folder in ("config", "triage", "content", "templates"):
        for path in sorted((BASE_DIR / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".md", ".txt"}:
                digest.update(path.relative_to(BASE_DIR).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


#: Names this release of the code in the keys of cached fragments and selections, so that
#: after a deploy no worker or machine reads what another release rendered (a changed
#: template or word shows at once). Set DJANGO_RELEASE (e.g. the git commit) to skip the
#: digest; every machine of one deployment must then have the same value.
RELEASE = os.environ.get("DJANGO_RELEASE") or _code_digest()
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "backontrack"),
            # A Redis that stops answering (a host gone, not just a refused connection) costs
            # a request at most this long per call, then the 503 page, never a hung worker.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            # Result selections and their rendered partials for every answer set in use (the
            # default, 300, would cull them often).
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Django's {% cache %} tag uses this alias when it is set, "default" otherwise
# (https://docs.djangoproject.com/en/6.1/topics/cache/#template-fragment-caching). Its only
# fragments, the question inputs (templates/triage/question.html), are pure functions of
# the running code and their key (release, language, question, location, answer): the same
# on every worker and machine of one release, so a copy per process cannot go stale (a new
# release is a new process). In "default" each question page would cost a round trip to
# Redis and fail while Redis is down (docs/decisions/0006-performance.md). Anything from
# the database or a person's session must go in "default", never here.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template_fragments",
    "TIMEOUT": None,
    "OPTIONS": {"MAX_ENTRIES": 1000},  # about 5 MB of inputs per worker at most
}

# Sessions and the answers saved with them (triage.models.SavedAnswers) live in the
# database only: Django's "db" engine, never "cached_db" or a cache. A cached copy can be
# older than what was saved (a failed cache write is logged and swallowed, and the next
# read returns the copy before it), and an answer must never be read from a copy older
# than what was saved (docs/decisions/0011-answers-saved-one-at-a-time.md). Redis holds
# only what can be worked out again from the database: content selections and partials.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_AGE", str(3 * 60 * 60)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
# Messages ("your answers were deleted", admin notices) live in the session, so there is no
# `messages` cookie, which could not carry the __Host- prefix.
# https://docs.djangoproject.com/en/6.1/ref/contrib/messages/#storage-backends
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 63072000  # two years, as the HSTS preload list asks
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix pins a cookie to this exact host over HTTPS with Path=/.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Django's built-in Content Security Policy: nothing inline, everything from us.
# https://docs.djangoproject.com/en/6.1/ref/csp/
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
}

# Request size caps: the wizard's forms are tiny; anything large is refused with a 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
# Whole request bodies, files included (config.middleware.RequestBodyLimitMiddleware).
REQUEST_BODY_MAX_SIZE = 4 * DATA_UPLOAD_MAX_MEMORY_SIZE

ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# --- Staff login hardening (docs/decisions/0005-admin-hardening.md) ----------------------
# Only clinic staff ever log in; patients never have accounts.

# django-axes checks every login first; ModelBackend then checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed logins for one username, from any addresses, lock that username out; five
# from one address, for any usernames, lock that address out: for 30 minutes after the
# last attempt (never permanently, so nobody has to unlock anyone). Counting the pair only
# let many addresses try one username without limit. `manage.py axes_reset_username`
# lets a staff member in sooner. Each item is its own count (django-axes: a list of
# parameters is "or", a nested list "and").
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_VERBOSE = False  # no start-up banner on every manage.py command
# Keep only the failed attempts (they expire with the cool-off), not a log of every login.
AXES_DISABLE_ACCESS_LOG = True
# Masked in axes' log lines and in the stored request data of a failed attempt.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token", "csrfmiddlewaretoken"]
# The client address behind our proxies. django-ipware is not installed, so axes' own
# AXES_IPWARE_* settings would be ignored; this callable reads X-Forwarded-For from the
# right, trusting exactly TRUSTED_PROXY_COUNT proxies (default: one, the TLS proxy, when
# HTTPS is on; none for a plain-HTTP local server), and only when the request comes from
# one of FORWARDED_ALLOW_IPS: the list gunicorn's forwarded_allow_ips uses
# (GUNICORN_FORWARDED_ALLOW_IPS, config/proxies.py). From anyone else the header is forged.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "1" if HTTPS else "0"))
FORWARDED_ALLOW_IPS = proxies.forwarded_allow_ips()
AXES_CLIENT_IP_CALLABLE = "config.admin_security.client_ip_address"
# Where a login lands when its `next` was refused as unsafe (Django's default,
# /accounts/profile/, does not exist here). Staff are the only people who log in.
LOGIN_REDIRECT_URL = "admin:index"

# Superusers and clinical reviewers must log in with an authenticator app (TOTP) in
# production; other staff may. Tests and local development can turn it off.
ADMIN_REQUIRE_2FA = env_bool("DJANGO_ADMIN_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "BackOnTrack admin"  # the name staff see in their authenticator app

# Staff sessions end after 30 idle minutes or 8 hours, whichever is first
# (config.middleware.StaffSessionTimeoutMiddleware). Patients keep SESSION_COOKIE_AGE.
STAFF_SESSION_IDLE_TIMEOUT = int(os.environ.get("DJANGO_STAFF_IDLE_TIMEOUT", str(30 * 60)))
STAFF_SESSION_MAX_AGE = int(os.environ.get("DJANGO_STAFF_MAX_SESSION", str(8 * 60 * 60)))
# --- end of staff login hardening ----------------------------------------------------------

CLINIC_NAME = os.environ.get("CLINIC_NAME", "BackOnTrack Clinic")
EMERGENCY_NUMBER = "911"

CRISPY_ALLOWED_TEMPLATE_PACKS = ("nhsuk",)
CRISPY_TEMPLATE_PACK = "nhsuk"

# Error reports (e.g. to ADMINS) mask every POST value and local variable when DEBUG is
# off: in the wizard those are health data (docs/privacy.md).
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.error_reports.HealthDataReporterFilter"

# Logs go to stdout. Request bodies are never logged: answers are health data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # Expected failures (a 503 while the database is away, a refused Host header) are one
        # line each, without a traceback (config/logs.py says why); real bugs keep theirs.
        "plain": {
            "()": "config.logs.OneLineFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": sys.stdout, "formatter": "plain"}
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own "console" handler (stderr, debug only) would print every record of
        # the "django" loggers a second time, besides the root's stdout handler: runserver's
        # "Watching for file changes" twice. No handler of its own: records reach the root.
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"level": "WARNING"},
    },
}
