"""The one settings module of motcua, driven by environment variables (see .env.example).

Production is the default: DEBUG is off unless DEBUG=1 is set, and then SECRET_KEY,
ALLOWED_HOSTS and DATABASE_URL must be given (the server and the worker refuse to start without
them, with the development key, or with the staff second factor off outside the demo:
motcua/lib/deployment.py). scripts/serve and
scripts/test set DEBUG=1 for the zero-setup demo: SQLite in WAL mode, served on 127.0.0.1.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from motcua.lib.deployment import DEVELOPMENT_KEY
from motcua.lib.env import env, envbool, envint, envlist

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)
# Production refuses to start without a key of its own (motcua/lib/deployment.py).
SECRET_KEY = env("SECRET_KEY", DEVELOPMENT_KEY if DEBUG else "")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_NAME = env("SITE_NAME", "Cổng Dịch vụ công tỉnh Thái Nguyên")
# Demo mode shows a banner saying agency codes and accounts are samples.
DEMO_MODE = envbool("DEMO_MODE", DEBUG)
# The province this installation serves, as its code in today's units (units-2025.json).
PROVINCE_CODE = env("PROVINCE_CODE", "19")

INSTALLED_APPS = [
    "motcua.backoffice.admin_config.StaffAdminConfig",
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
    "django_otp",
    "django_otp.plugins.otp_totp",
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
    "motcua.printouts",
    "motcua.processes",
    "motcua.payments",
    "motcua.results",
    "motcua.reports",
    "motcua.backoffice",
    "motcua.portal",
    "motcua.api",
]

MIDDLEWARE = [
    "config.middleware.PrivacyHeadersMiddleware",  # first: it sees every answer (D11)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "config.middleware.RequestSizeLimitMiddleware",  # before anything reads the body (D12)
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "motcua.documents.uploads.UploadNamesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.StaffSessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "motcua.backoffice.middleware.SecondFactorMiddleware",
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
    # Short OLTP queries: PostgreSQL's JIT spent seconds compiling queue queries it had
    # over-estimated (bench/backoffice.py at 1M dossiers) to save milliseconds.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
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
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)

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
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

# --- Security -----------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = not DEBUG and envbool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Staff sessions end after this long without a request, and this long after signing in
# (config/middleware.py StaffSessionMiddleware); citizens keep SESSION_COOKIE_AGE.
STAFF_SESSION_IDLE_SECONDS = envint("STAFF_SESSION_IDLE_SECONDS", 30 * 60)
STAFF_SESSION_MAX_SECONDS = envint("STAFF_SESSION_MAX_SECONDS", 10 * 3600)
# The largest request body accepted (config/middleware.py RequestSizeLimitMiddleware): above one
# slot's upload (5 files of PAPER_MAX_BYTES). Keep the proxy's client_max_body_size equal.
REQUEST_MAX_BYTES = envint("REQUEST_MAX_BYTES", 60 * 1024 * 1024)
SECURE_HSTS_SECONDS = 0 if DEBUG else envint("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# The site may be listed in browsers' HTTPS-only preload list (submitted by hand, once).
SECURE_HSTS_PRELOAD = not DEBUG and envbool("SECURE_HSTS_PRELOAD", True)
# Plain HTTP is answered with a redirect to HTTPS (behind the proxy, X-Forwarded-Proto says
# which it was); the load balancer's health check may stay on HTTP.
SECURE_SSL_REDIRECT = not DEBUG and envbool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
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
# How long a process trusts the version tokens it read (lib/versions.py), in seconds: another
# process's change to the catalog, forms, calendar or agencies shows within this time.
VERSION_TOKEN_SECONDS = envint("VERSION_TOKEN_SECONDS", 2)
# Deliver outbox rows (events, notifications) in the writing process right after its commit;
# 0 leaves them all to the worker, off the request's time (ADR 0008).
OUTBOX_DELIVER_AFTER_COMMIT = envbool("OUTBOX_DELIVER_AFTER_COMMIT", True)
# A citizen's consent to a volunteer's help lasts this long, unless ended earlier.
ASSISTANCE_CONSENT_HOURS = envint("ASSISTANCE_CONSENT_HOURS", 8)
MESSAGE_RATE = (envint("MESSAGE_RATE_LIMIT", 20), envint("MESSAGE_RATE_WINDOW", 3600))
# Where the portal lives, for links in notifications ("" uses the request's host).
SITE_URL = env("SITE_URL", "")
# Failed sign-ins (accounts/signin.py): per client address and account, and per account from
# browsers where it never signed in before (a browser it did sign in on keeps its own count, so
# nobody can lock a person out of their own account).
LOGIN_RATE = (envint("LOGIN_RATE_LIMIT", 10), 600)
LOGIN_RATE_PER_ACCOUNT = (envint("LOGIN_RATE_LIMIT_PER_ACCOUNT", 50), 3600)
# The reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated);
# empty: the app faces clients directly (lib/net.py).
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    # The demo SMS stand-in writes each message here, one-time codes included.
    "loggers": {"motcua.sms": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# --- Papers: upload checks, virus scan, repository (motcua.documents) ---------------------------
# The largest paper accepted, in bytes, and overrides for single procedures or papers:
# {"1.001193": 20 * 1024 * 1024} for every paper of procedure 1.001193, or
# {"1.001193/2": ...} for its paper at position 2 (the procedure's code, "/", the position).
PAPER_MAX_BYTES = envint("PAPER_MAX_BYTES", 10 * 1024 * 1024)
PAPER_MAX_BYTES_FOR: dict[str, int] = {}
# Photos of papers are downscaled to this long side (px): readable, and light for officers.
PAPER_IMAGE_MAX_SIDE = envint("PAPER_IMAGE_MAX_SIDE", 2000)
# Larger images are refused unopened (decompression bombs); 80 MP is above any phone camera's
# usual mode and below Pillow's own warning threshold (89 MP).
PAPER_IMAGE_MAX_PIXELS = envint("PAPER_IMAGE_MAX_PIXELS", 80_000_000)
# clamd: "host:port" or a unix socket path ("/run/clamav/clamd.ctl"); empty = no virus scan.
CLAMD_ADDRESS = env("CLAMD_ADDRESS", "")
CLAMD_TIMEOUT = envint("CLAMD_TIMEOUT", 30)
# OCR of scans (ocrmypdf + tesseract, ADR 0016): languages, seconds per file, and the most pages
# whose text is read (a longer file is served, not searched past that).
PAPER_OCR_LANGUAGES = env("PAPER_OCR_LANGUAGES", "vie")
PAPER_OCR_TIMEOUT = envint("PAPER_OCR_TIMEOUT", 600)
PAPER_TEXT_MAX_PAGES = envint("PAPER_TEXT_MAX_PAGES", 200)
# The worker reads papers (pdfminer, Pillow) in a child process limited to this memory (MB), CPU
# seconds per PDF page or photo, and wall-clock seconds per file (ADR 0016, review D2/D8).
PAPER_READ_MEMORY_MB = envint("PAPER_READ_MEMORY_MB", 256)
PAPER_READ_CPU_SECONDS = envint("PAPER_READ_CPU_SECONDS", 5)
PAPER_READ_TIMEOUT = envint("PAPER_READ_TIMEOUT", 120)
# The citizen's e-data repository (kho dữ liệu): the local stand-in until the national one.
PAPER_REPOSITORY = env("PAPER_REPOSITORY", "motcua.documents.repository.LocalRepository")

# --- Identity providers (OpenID Connect, VNeID) ----------------------------------------------
# Log-in through an OpenID Connect provider, the way VNeID federates (Decree 59/2022/NĐ-CP:
# VNeID is the account for online public services from 1/7/2024). mozilla-django-oidc is the
# relying party; motcua.accounts.oidc maps the claims to a user. OIDC_STANDIN serves a small
# provider standing in for VNeID under /dev-idp/ (motcua.accounts.oidc_standin); when it is on,
# the endpoints default to it on OIDC_STANDIN_BASE_URL.
OIDC_ENABLED = envbool("OIDC_ENABLED", False)
OIDC_STANDIN = envbool("OIDC_STANDIN", DEBUG)
OIDC_STANDIN_BASE_URL = env("OIDC_STANDIN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
OIDC_STANDIN_KEY_FILE = env("OIDC_STANDIN_KEY_FILE")  # PEM RSA key; several workers need one
OIDC_STANDIN_CLIENT_ID = env("OIDC_STANDIN_CLIENT_ID", "motcua-demo")
OIDC_STANDIN_CLIENT_SECRET = env("OIDC_STANDIN_CLIENT_SECRET", "motcua-demo-secret")
_IDP = f"{OIDC_STANDIN_BASE_URL}/dev-idp" if OIDC_STANDIN else ""
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", "vneid")
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", OIDC_STANDIN_CLIENT_ID if OIDC_STANDIN else "")
OIDC_RP_CLIENT_SECRET = env(
    "OIDC_RP_CLIENT_SECRET", OIDC_STANDIN_CLIENT_SECRET if OIDC_STANDIN else ""
)
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER", _IDP)  # the ID token's `iss` must be this, when set
OIDC_OP_AUTHORIZATION_ENDPOINT = env(
    "OIDC_OP_AUTHORIZATION_ENDPOINT", f"{_IDP}/authorize/" if _IDP else ""
)
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", f"{_IDP}/token/" if _IDP else "")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", f"{_IDP}/userinfo/" if _IDP else "")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", f"{_IDP}/jwks/" if _IDP else "")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid profile email phone")
OIDC_USE_PKCE = envbool("OIDC_USE_PKCE", True)
OIDC_TIMEOUT = envint("OIDC_TIMEOUT", 10)
# Claim names (the VNeID federation's own are UNCONFIRMED): OIDC_CLAIM_ID_NUMBER=citizen_id, …
OIDC_CLAIMS = {
    key: env(f"OIDC_CLAIM_{key.upper()}", default)
    for key, default in (
        ("full_name", "name"),
        ("id_number", "citizen_id"),
        ("birthdate", "birthdate"),
        ("sex", "gender"),
        ("phone", "phone_number"),
        ("email", "email"),
        ("level", "acr"),
    )
}
# The account level from which the claims are the state's record (VNeID level 2).
OIDC_VERIFIED_LEVEL = envint("OIDC_VERIFIED_LEVEL", 2)
OIDC_AUTHENTICATE_CLASS = "motcua.accounts.oidc.VneidAuthenticationRequestView"
OIDC_CALLBACK_CLASS = "motcua.accounts.oidc.VneidCallbackView"
if OIDC_ENABLED and not (OIDC_RP_CLIENT_ID and OIDC_OP_TOKEN_ENDPOINT and OIDC_OP_JWKS_ENDPOINT):
    raise ImproperlyConfigured(
        "OIDC_ENABLED needs OIDC_RP_CLIENT_ID/SECRET and the provider's "
        "OIDC_OP_*_ENDPOINT settings (or OIDC_STANDIN)"
    )
# After the password backend: login() without a backend argument takes the first one.
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "motcua.accounts.oidc.VneidBackend"]

# Back office: staff second factor
# Staff prove their log-in with a TOTP code (django-otp) when this is on, or when an
# administrator requires it of one person (backoffice.StaffSecurity). Off by default in the
# demo and in development, on in production.
STAFF_OTP_REQUIRED = envbool("STAFF_OTP_REQUIRED", not (DEBUG or DEMO_MODE))
OTP_TOTP_ISSUER = SITE_NAME
