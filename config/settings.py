"""The one settings module of motcua, driven by environment variables (see .env.example).

Defaults give a zero-setup demo: SQLite in WAL mode, DEBUG on, served on 127.0.0.1.
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from motcua.lib.env import env, envbool, envint, envlist

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_NAME = env("SITE_NAME", "Cổng Dịch vụ công tỉnh Thái Nguyên")
# Demo mode shows a banner saying agency codes and accounts are samples.
DEMO_MODE = envbool("DEMO_MODE", DEBUG)
# The province this installation serves, as its code in today's units (units-2025.json).
PROVINCE_CODE = env("PROVINCE_CODE", "19")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "motcua.units",
    "motcua.agencies",
    "motcua.accounts",
    "motcua.catalog",
    "motcua.deadlines",
    "motcua.outbox",
    "motcua.events",
    "motcua.notifications",
    "motcua.dossiers",
    "motcua.documents",
    "motcua.eforms",
    "motcua.submissions",
    "motcua.feedback",
    "motcua.conversations",
    "motcua.portal",
    "motcua.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
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
                "motcua.portal.context.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite in WAL mode with IMMEDIATE transactions is the embedded default (ADR 0002): writers
# take the lock at BEGIN, so concurrent writers queue instead of failing with "locked".
(BASE_DIR / "var").mkdir(exist_ok=True)
_SQLITE_DEFAULT = f"sqlite:///{BASE_DIR / 'var' / 'motcua.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL") or _SQLITE_DEFAULT)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = envint("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A per-process cache is wrong with several workers; the database cache is shared by all.
CACHES = {
    "default": {
        "BACKEND": env("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": env("CACHE_LOCATION", "motcua_cache"),
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["motcua.accounts.backends.PhoneOrEmailBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

# --- Background work (ADR 0003) -------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Notifications (ADR 0011) -------------------------------------------------------------------
# A class with send(to, text, key). The default only logs (one-time codes included) and keeps
# the last messages in memory, standing in for an SMS gateway: set a real one in production.
SMS_BACKEND = env("SMS_BACKEND", "motcua.notifications.channels.LoggingSmsBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Cổng Dịch vụ công <no-reply@localhost>")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEBUG
                    else "django.core.mail.backends.smtp.EmailBackend")

# --- Working calendar (ADR 0004) -----------------------------------------------------------------
# Office hours of the one-stop sections; the clock of a dossier only runs inside them.
WORKING_HOURS = env("WORKING_HOURS", "07:30-11:30,13:30-17:00")
# Decree 61/2018 Art. 18: a dossier received after 15:00 moves to the next working day.
SAME_DAY_CUTOFF = env("SAME_DAY_CUTOFF", "15:00")

# --- Dossier rules (ADR 0009): settings, so that they can follow Decree 118/2025 -----------------
# Decree 61/2018 Art. 19.4: the first supplement request within 3 working days of receipt.
SUPPLEMENT_WINDOW_WORKING_DAYS = envint("SUPPLEMENT_WINDOW_WORKING_DAYS", 3)
# Decree 61/2018 Art. 19.9: the apology and extension letter at least 1 day before, once.
EXTENSION_NOTICE_WORKING_DAYS = envint("EXTENSION_NOTICE_WORKING_DAYS", 1)
MAX_EXTENSIONS = envint("MAX_EXTENSIONS", 1)
# A dossier is "due soon" from this many working days before its due date (the last moment
# the apology and extension letter can still go out).
DUE_SOON_WORKING_DAYS = envint("DUE_SOON_WORKING_DAYS", 1)

# Public dossier lookup: at most this many lookups per client address per window (seconds).
LOOKUP_RATE = (envint("LOOKUP_RATE_LIMIT", 30), envint("LOOKUP_RATE_WINDOW", 600))

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"

# --- Security -----------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = not DEBUG and envbool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else envint("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGIN_URL = "/dang-nhap/"
# One-time codes: per phone number or email, and per client address, (count, seconds).
OTP_RATE = (envint("OTP_RATE_LIMIT", 5), 3600)
OTP_RATE_PER_ADDRESS = (envint("OTP_RATE_LIMIT_PER_ADDRESS", 20), 3600)
LOGIN_RATE = (envint("LOGIN_RATE_LIMIT", 10), 600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    # The demo SMS stand-in writes each message here, one-time codes included.
    "loggers": {"motcua.sms": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
