"""The one settings file: everything that changes between machines comes from the environment.

Each variable is read by a small typed helper that raises ImproperlyConfigured with the
variable's name when its value is wrong. `ASAP_ENV=production` refuses unsafe defaults.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DEVELOPMENT_SECRET_KEY = "asap-development-secret-do-not-use-in-production"  # noqa: S105  # nosec B105: refused in production
DEVELOPMENT_AUDIT_KEY = "asap-development-audit-key-do-not-use-in-production"  # nosec B105: refused in production
DEVELOPMENT_NAME_INDEX_KEY = "asap-development-name-index-key-do-not-use-in-production"  # nosec B105: refused in production
# A fixed key so that the demo database stays readable between runs; never for production.
DEVELOPMENT_FIELD_KEY = "YXNhcC1kZW1vLWZpZWxkLWtleS1ub3QtZm9yLXByb2Q="


def env_str(name: str, default: str) -> str:
    """The variable's value; unset or empty means the default."""
    return (os.environ.get(name) or default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 1) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def mailers(url: str) -> dict[str, dict[str, object]]:
    """Turn ASAP_EMAIL_URL (console://, locmem://, smtp://user:pass@host:587, smtps://…) into
    Django's MAILERS setting."""
    parsed = urlparse(url)
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if parsed.scheme not in backends:
        raise ImproperlyConfigured(
            f"ASAP_EMAIL_URL must start with one of {', '.join(backends)}://, not {url!r}."
        )
    options: dict[str, object] = {}
    if parsed.scheme in {"smtp", "smtps"}:
        query = parse_qs(parsed.query)
        options = {
            "host": parsed.hostname or "localhost",
            "port": parsed.port or (465 if parsed.scheme == "smtps" else 587),
            "username": unquote(parsed.username or ""),
            "password": unquote(parsed.password or ""),
            "use_ssl": parsed.scheme == "smtps",
            "use_tls": parsed.scheme == "smtp" and query.get("tls", ["true"])[0] != "false",
            "timeout": 20,
        }
    return {"default": {"BACKEND": backends[parsed.scheme], "OPTIONS": options}}


ASAP_ENV = env_choice("ASAP_ENV", "development", ("development", "production"))
PRODUCTION = ASAP_ENV == "production"

DEBUG = env_bool("ASAP_DEBUG", not PRODUCTION)
SECRET_KEY = env_str("ASAP_SECRET_KEY", "" if PRODUCTION else DEVELOPMENT_SECRET_KEY)
ASAP_FIELD_KEYS = env_list("ASAP_FIELD_KEYS", "" if PRODUCTION else DEVELOPMENT_FIELD_KEY)
ALLOWED_HOSTS = env_list("ASAP_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
DATA_DIR = Path(env_str("ASAP_DATA_DIR", "var")).resolve()
# The audit chain's HMAC keys (newest first; older ones verify older rows) and the file that
# keeps the chain's daily anchors, outside the data directory (docs/security-model.md).
ASAP_AUDIT_KEYS = env_list("ASAP_AUDIT_KEY", "" if PRODUCTION else DEVELOPMENT_AUDIT_KEY)
# The key of the name parts' blind index (finding a case by a name): its own secret, never a
# field key, so that the index cannot be recomputed from what opens the data.
ASAP_NAME_INDEX_KEY = env_str(
    "ASAP_NAME_INDEX_KEY", "" if PRODUCTION else DEVELOPMENT_NAME_INDEX_KEY
)
_anchor_file = env_str("ASAP_AUDIT_ANCHOR_FILE", "" if PRODUCTION else "audit-anchors.jsonl")
ASAP_AUDIT_ANCHOR_FILE = Path(_anchor_file).resolve() if _anchor_file else None
# The erasure ledger: every destroyed data key, kept beside the anchors (outside the data
# directory and its backups' reach), so a restored backup cannot bring one back.
_ledger_file = env_str(
    "ASAP_ERASURE_LEDGER_FILE",
    str(ASAP_AUDIT_ANCHOR_FILE.parent / "erasure-ledger.jsonl") if ASAP_AUDIT_ANCHOR_FILE else "",
)
ASAP_ERASURE_LEDGER_FILE = Path(_ledger_file).resolve() if _ledger_file else None
SESSION_IDLE_MINUTES = env_int("ASAP_SESSION_IDLE_MINUTES", 30)
# T4 (follow-up) of the outcome schedule, when a case gives no follow-up date of its own.
ASAP_FOLLOW_UP_MONTHS = env_int("ASAP_FOLLOW_UP_MONTHS", 6)
# His and her reports of the same form of violence (0-4) are flagged when they differ by this.
ASAP_OUTCOME_GAP = env_int("ASAP_OUTCOME_GAP", 2)
# Closed cases are anonymised this many years after their last activity, unless the
# data-protection officer sets another period per record kind.
ASAP_RETENTION_YEARS = env_int("ASAP_RETENTION_YEARS", 5)
# The platform's address as people reach it, for the links of e-mails sent by the worker
# (the daily e-mail of My work), which has no request to take it from.
ASAP_SITE_URL = env_str("ASAP_SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000")
# The largest file a case member may attach (bytes; 10 MiB by default).
ASAP_ATTACHMENT_MAX_BYTES = env_int("ASAP_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# Webhooks go to HTTPS addresses on the public internet only; this admits loopback receivers
# (http://127.0.0.1:…) for the tests and the demo. Refused in production.
ASAP_WEBHOOKS_ALLOW_LOOPBACK = env_bool("ASAP_WEBHOOKS_ALLOW_LOOPBACK", False)
# Webhook deliveries (the log of what was sent where) are deleted this many days after they
# were made, by the weekly retention run (asap.dataprotection.tasks).
ASAP_WEBHOOK_DELIVERIES_KEPT_DAYS = env_int("ASAP_WEBHOOK_DELIVERIES_KEPT_DAYS", 90)
# Calls per minute one API token may make (`/api/v1/`); over it: 429 with Retry-After.
ASAP_API_RATE_PER_MINUTE = env_int("ASAP_API_RATE_PER_MINUTE", 120)
# The demo (`asap demo` turns it on): e-mails are written as files in DEMO_OUTBOX_DIR and
# read at /demo/outbox/, a page that exists only then. E-mails can carry case codes: refused
# in production, flagged by `asap check` with DEBUG off (asap.demo.checks).
ASAP_DEMO = env_bool("ASAP_DEMO", False)
DEMO_OUTBOX_DIR = DATA_DIR / "demo-outbox"

for _number, _key in enumerate(ASAP_FIELD_KEYS, start=1):
    try:
        Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured(
            f"ASAP_FIELD_KEYS: key {_number} is not a Fernet key (make one: asap keys generate)."
        ) from None

if PRODUCTION:
    if ASAP_DEMO:
        raise ImproperlyConfigured(
            "ASAP_DEMO must be off in production: the demo's outbox shows every e-mail."
        )
    if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "Set ASAP_SECRET_KEY to a random secret of at least 50 characters for production."
        )
    if not ASAP_FIELD_KEYS or DEVELOPMENT_FIELD_KEY in ASAP_FIELD_KEYS:
        raise ImproperlyConfigured(
            "Set ASAP_FIELD_KEYS to one or more Fernet keys (newest first) for production."
        )
    if (
        not ASAP_AUDIT_KEYS
        or DEVELOPMENT_AUDIT_KEY in ASAP_AUDIT_KEYS
        or any(len(key) < 32 for key in ASAP_AUDIT_KEYS)
    ):
        raise ImproperlyConfigured(
            "Set ASAP_AUDIT_KEY to a random secret of at least 32 characters for production."
        )
    if SECRET_KEY in ASAP_AUDIT_KEYS or set(ASAP_FIELD_KEYS) & set(ASAP_AUDIT_KEYS):
        raise ImproperlyConfigured(
            "ASAP_AUDIT_KEY must differ from ASAP_SECRET_KEY and from every ASAP_FIELD_KEYS key."
        )
    if (
        len(ASAP_NAME_INDEX_KEY) < 32
        or ASAP_NAME_INDEX_KEY == DEVELOPMENT_NAME_INDEX_KEY
        or ASAP_NAME_INDEX_KEY in {SECRET_KEY, *ASAP_FIELD_KEYS, *ASAP_AUDIT_KEYS}
    ):
        raise ImproperlyConfigured(
            "Set ASAP_NAME_INDEX_KEY to a random secret of at least 32 characters for "
            "production, different from every other key."
        )
    if ASAP_AUDIT_ANCHOR_FILE is None or ASAP_AUDIT_ANCHOR_FILE.is_relative_to(DATA_DIR):
        raise ImproperlyConfigured(
            "Set ASAP_AUDIT_ANCHOR_FILE to a file outside ASAP_DATA_DIR for production."
        )
    if ASAP_ERASURE_LEDGER_FILE is None or ASAP_ERASURE_LEDGER_FILE.is_relative_to(DATA_DIR):
        raise ImproperlyConfigured(
            "Set ASAP_ERASURE_LEDGER_FILE to a file outside ASAP_DATA_DIR for production."
        )
    if ASAP_WEBHOOKS_ALLOW_LOOPBACK:
        raise ImproperlyConfigured(
            "ASAP_WEBHOOKS_ALLOW_LOOPBACK must be off in production: webhooks go to the internet."
        )
    if DEBUG:
        raise ImproperlyConfigured("Set ASAP_DEBUG=false: DEBUG must be off in production.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ASAP_ALLOWED_HOSTS to the host names this server answers.")

INSTALLED_APPS = [
    "asap.core",
    "asap.accounts",
    "asap.cases",
    "asap.instruments",
    "asap.plans",
    "asap.episodes",
    "asap.programme",
    "asap.meetings",
    "asap.training",
    "asap.practice",
    "asap.agreements",
    "asap.evaluation",
    "asap.dataprotection",
    "asap.justice",
    "asap.work",
    "asap.attachments",
    "asap.webhooks",
    "asap.api",
    "asap.bench",
    "asap.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
]

MIDDLEWARE = [
    "asap.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "asap.accounts.middleware.SessionActivityMiddleware",
    "asap.core.refusals.RefusalAuditMiddleware",
    "asap.core.middleware.UrlAccessMiddleware",
]

ROOT_URLCONF = "asap.urls"
WSGI_APPLICATION = "asap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "asap.work.context_processors.work",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'asap.sqlite3'}")
try:
    urlparse(DATABASE_URL).port  # noqa: B018 - a port out of range is named as such
    _database = dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
if _database["ENGINE"] == "django.db.backends.sqlite3":
    Path(_database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _database["CONN_MAX_AGE"] = 0
    _database["OPTIONS"] = {
        # Every transaction takes the write lock first, so concurrent writers wait, not fail.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # secure_delete: deleted and overwritten cells are zeroed, so an erased value does
        # not linger in the file's free pages (data-protection erasure and retention).
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
        ),
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # In the database: rate limits and lockouts hold across several app servers.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "asap_cache",
        # Room for every rate-limit counter: culling must not wipe lockouts.
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    }
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: log in by e-mail; accounts are created by administrators, not by sign-up.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "asap.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_RATE_LIMITS = {
    # Five wrong passwords for one account lock it for fifteen minutes.
    "login_failed": "5/15m/key,30/15m/ip",
    "login": "30/m/ip",
    "reset_password": "5/h/ip,3/h/key",  # nosec B105: a rate limit, not a password
}
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
MFA_ADAPTER = "asap.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = "ASAP Platform"
# Accept the code of the previous or next 30-second step: a phone's clock drifts, and a code
# typed at the turn of a step is not refused. allauth still refuses any code used once.
MFA_TOTP_TOLERANCE = 1

SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# The age is an idle timeout: the session is saved (its expiry moved forward) whenever it
# changes and at least once a minute while it is used (asap.accounts.middleware.
# SessionActivityMiddleware), not on every request: an idle session ends at most a minute
# before the timeout after its last request, never after it.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # allauth draws the TOTP QR code as an inline SVG data URL.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# X-Forwarded-For is trusted only when this many proxies are declared: by default none, so a
# forged header cannot choose the address that rate limits and the security log see.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ASAP_TRUSTED_PROXY_COUNT", 0, minimum=0)
if PRODUCTION:
    # The platform runs behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("it", _("Italian")),
    ("bg", _("Bulgarian")),
    ("el", _("Greek")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
# Day-first dates and the 24-hour clock in every language, English included (asap/formats).
FORMAT_MODULE_PATH = ["asap.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"

# Production defaults to the machine's own mail server; development prints mail to the console.
MAILERS = mailers(
    env_str("ASAP_EMAIL_URL", "smtp://localhost:25?tls=false" if PRODUCTION else "console://")
)
if ASAP_DEMO:
    MAILERS = {
        "default": {
            "BACKEND": "asap.demo.outbox.OutboxBackend",
            "OPTIONS": {"file_path": str(DEMO_OUTBOX_DIR)},
        }
    }
DEFAULT_FROM_EMAIL = env_str("ASAP_DEFAULT_FROM_EMAIL", "ASAP Platform <noreply@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "asap.core.context.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"asap": {"level": env_str("ASAP_LOG_LEVEL", "INFO")}},
}
