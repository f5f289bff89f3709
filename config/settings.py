"""Remit settings, read from the environment (django-environ).

Every value has a safe development default so `make run` works on a fresh machine. Production
(``REMIT_ENV=production``) refuses to start on a development default: see ``production_problems``.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from config import schedules

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("REMIT_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEV_SECRET_KEY = "remit-development-secret-key-not-for-production"  # noqa: S105
# A Fernet key that exists only so development works out of the box; production refuses it.
DEV_FIELD_ENCRYPTION_KEY = "cmVtaXQtZGV2ZWxvcG1lbnQta2V5LW5vdC1zZWNyZXQ="

env = environ.Env()

REMIT_ENV = env.str("REMIT_ENV", default="development")
PRODUCTION = REMIT_ENV == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEYS", default=[] if PRODUCTION else [DEV_FIELD_ENCRYPTION_KEY]
)


def _outside_https_problem(name: str, url: str) -> str:
    """Why ``url`` cannot be a production address of a real service, or ""."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host:
        return f"{name} must be an https:// URL (it is {url or 'empty'})."
    try:
        address = ipaddress.ip_address(host)
        local = address.is_loopback or address.is_unspecified
    except ValueError:
        local = host == "localhost" or host.endswith(".localhost")
    if local:
        return f"{name} points at this machine ({host}); set the real service's address."
    return ""


def production_problems(
    *,
    debug: bool,
    secret_key: str,
    field_encryption_keys: list[str],
    service_urls: dict[str, str] | None = None,
) -> list[str]:
    """What stops this configuration from running in production, one sentence each.

    ``service_urls`` (setting name → value) must be public https addresses: the real Clio and
    LawPay, and Remit's own public URL (Clio only calls https webhooks, clio-api.md §4).
    """
    problems = []
    if debug:
        problems.append("DEBUG is on; set DEBUG=false.")
    if not secret_key or secret_key == DEV_SECRET_KEY:
        problems.append("SECRET_KEY is the development default; set a long random SECRET_KEY.")
    if not field_encryption_keys or DEV_FIELD_ENCRYPTION_KEY in field_encryption_keys:
        problems.append(
            "FIELD_ENCRYPTION_KEYS is missing or holds the development key; set one or more "
            "Fernet keys (newest first)."
        )
    for name, url in (service_urls or {}).items():
        if problem := _outside_https_problem(name, url):
            problems.append(problem)
    return problems


INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_celery_beat",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "accounts",
    "billing",
    "trust",
    "integrations",
    "reminders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Webhook receivers are answered here: none of what follows is for them.
    "integrations.inbound.middleware.WebhookReceiverMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.FirmTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
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
                "accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'remit.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the workers and beat share one SQLite file under `make run`. WAL lets
    # readers run beside the single writer. Transactions begin IMMEDIATE: a deferred one that
    # reads first and writes later cannot wait for the write lock (SQLite answers "database is
    # locked" at once instead of honouring the busy timeout), so every atomic block takes the
    # lock up front and waits its turn for up to `timeout` seconds.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env.int("SQLITE_BUSY_TIMEOUT_SECONDS", default=20),
            "transaction_mode": env.str("SQLITE_TRANSACTION_MODE", default="IMMEDIATE"),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords a username is locked
# wherever they come from, and an address is locked whatever usernames it tries, until the
# cool-off ends or an admin deletes the access attempt (Django admin, or
# `manage.py axes_reset_username`). Failures are counted in the database, shared by all workers.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.addresses.client_address"

LANGUAGE_CODE = "en-us"
USE_I18N = False
USE_TZ = True
TIME_ZONE = "UTC"  # storage and tasks; the firm's zone is used only at the edges
FIRM_TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request without it
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="billing@remit.localhost")
# `make run` sets REMIT_MAILBOX=true: emails land in the sandbox mailbox page, not a server.
if env.bool("REMIT_MAILBOX", default=False):
    EMAIL_BACKEND = "integrations.email.backend.MailboxBackend"
# Firm branding on client emails and the client invoice page; the logo is a static path.
FIRM_NAME = env.str("FIRM_NAME", default="Demo Law Firm LLP")
FIRM_LOGO_URL = env.str("FIRM_LOGO_URL", default="img/firm-logo.svg")
# How long the signed client invoice link in an email keeps working.
PUBLIC_INVOICE_LINK_MAX_AGE_DAYS = env.int("PUBLIC_INVOICE_LINK_MAX_AGE_DAYS", default=365)

# Outside services. The defaults point at the local emulators that `make run` starts.
CLIO_BASE_URL = env.str("CLIO_BASE_URL", default="http://127.0.0.1:8001")
LAWPAY_BASE_URL = env.str("LAWPAY_BASE_URL", default="http://127.0.0.1:8002")
# The firm's registered Clio app; the admin can also enter these on the connections page.
CLIO_CLIENT_ID = env.str("CLIO_CLIENT_ID", default="")
CLIO_CLIENT_SECRET = env.str("CLIO_CLIENT_SECRET", default="")
# Pinned so a Clio release never changes what Remit reads (clio-api.md §2, X-API-VERSION).
CLIO_API_VERSION = env.str("CLIO_API_VERSION", default="4.0.13")
# Clio allows 50 requests a minute per token at peak (clio-api.md §3): one under, in a window a
# second longer than Clio's (integrations/clio/ratelimit.py says why).
CLIO_RATE_LIMIT = env.int("CLIO_RATE_LIMIT", default=49)
CLIO_RATE_WINDOW_SECONDS = env.int("CLIO_RATE_WINDOW_SECONDS", default=60)
# Prefilled on the LawPay settings page (make run passes the emulator's demo keys).
LAWPAY_SECRET_KEY = env.str("LAWPAY_SECRET_KEY", default="")
LAWPAY_PUBLIC_KEY = env.str("LAWPAY_PUBLIC_KEY", default="")

# Where Clio and LawPay reach Remit: the base of the webhook URLs Remit registers. Must be
# https and public in production (Clio refuses other schemes, clio-api.md §4).
REMIT_PUBLIC_URL = env.str("REMIT_PUBLIC_URL", default="http://127.0.0.1:8000")
if PRODUCTION:
    _problems = production_problems(
        debug=DEBUG,
        secret_key=SECRET_KEY,
        field_encryption_keys=FIELD_ENCRYPTION_KEYS,
        service_urls={
            "CLIO_BASE_URL": CLIO_BASE_URL,
            "LAWPAY_BASE_URL": LAWPAY_BASE_URL,
            "REMIT_PUBLIC_URL": REMIT_PUBLIC_URL,
        },
    )
    if _problems:
        raise ImproperlyConfigured("Remit refuses to start in production: " + " ".join(_problems))

# Inbound webhooks and the outbox (integrations/inbound/, outbox/, workqueue.py).
WEBHOOK_MAX_BODY_BYTES = env.int("WEBHOOK_MAX_BODY_BYTES", default=256 * 1024)
INBOUND_MAX_ATTEMPTS = env.int("INBOUND_MAX_ATTEMPTS", default=8)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
RETRY_BACKOFF_BASE_SECONDS = env.int("RETRY_BACKOFF_BASE_SECONDS", default=30)
RETRY_BACKOFF_MAX_SECONDS = env.int("RETRY_BACKOFF_MAX_SECONDS", default=3600)
# A claim older than this is taken to belong to a dead worker; above CELERY_TASK_TIME_LIMIT.
CLAIM_STALE_SECONDS = env.int("CLAIM_STALE_SECONDS", default=600)
# bench/webhook_ingest.py only: a bare one-insert view to compare the receiver with.
BENCH_VIEWS = env.bool("BENCH_VIEWS", default=False)

# Celery: at-least-once delivery, so every task is idempotent (engineering-anchors.md §3.1).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"visibility_timeout": 3600}
else:
    # Embedded broker for zero-setup development: kombu's filesystem transport under var/.
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
if REDIS_URL:
    # The API throttles and token-failure counts must be shared by every web worker.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "remit",
        }
    }
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Time a stopping worker gives its running task before requeueing it (anchors §3.1).
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = env.float("CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT", default=30)
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_DEFAULT_QUEUE = "default"
# Clio and LawPay calls get their own queues so a slow or rate-limited provider never starves
# the rest; workers can be sized per queue in production.
CELERY_TASK_QUEUES = (Queue("default"), Queue("clio"), Queue("lawpay"), Queue("inbound"))
CELERY_TASK_ROUTES = {
    # Inbound processing has a queue of its own so a webhook never waits behind outbound calls
    # (a backlog of outbox deliveries, a backfill) on the provider's queue.
    "integrations.inbound_event_process": {"queue": "inbound"},
    "integrations.inbound_events_sweep": {"queue": "inbound"},
    "integrations.clio.*": {"queue": "clio"},
    "integrations.lawpay.*": {"queue": "lawpay"},
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Every periodic task, in one list (config/schedules.py); created in the beat's tables after
# migrate, then the admin's to edit.
PERIODIC_TASKS = schedules.PERIODIC_TASKS
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's three, the JSON one bounded in depth (config/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Counted in the Django cache: per process without REDIS_URL, shared through Redis with it.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "accounts.api_throttling.TokenFailureThrottle",
    ],
    # Counts wrong API tokens per address and answers 429 past the token_failure rate.
    "EXCEPTION_HANDLER": "accounts.api_throttling.api_exception_handler",
    # Proxies in front of Remit whose X-Forwarded-For is believed (login lockouts too); with
    # 0 the address is REMOTE_ADDR. Behind one load balancer set API_NUM_PROXIES=1.
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON_RATE", default="60/min"),
        "user": env.str("API_THROTTLE_USER_RATE", default="1200/min"),
        # Wrong API tokens per client address (accounts/api_throttling.py).
        "token_failure": env.str("API_THROTTLE_TOKEN_FAILURE_RATE", default="10/min"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
# The schema maps every endpoint; only signed-in users (session or token) read it unless opened.
API_SCHEMA_PUBLIC = env.bool("API_SCHEMA_PUBLIC", default=False)
SPECTACULAR_SETTINGS = {
    "TITLE": "Remit API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Several models have a "status"; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "InboundEventStatusEnum": "integrations.models.events.InboundEvent.Status",
        "InvoiceStatusEnum": "billing.models.invoices.Invoice.Status",
        "PaymentStatusEnum": "billing.models.invoices.Payment.Status",
        "MatterMappingStatusEnum": "billing.models.mapping.MatterMapping.Status",
        "TrustEntrySourceEnum": "trust.models.ledger.TrustEntry.Source",
        "InboundEventSourceEnum": "integrations.models.events.Source",
        "TrustEntryKindEnum": "trust.models.ledger.TrustEntry.Kind",
        "TrustApplicationStatusEnum": "trust.models.applications.TrustApplication.Status",
        "ReminderActionEnum": "reminders.models.rules.ReminderStep.Action",
        "ReminderRunStatusEnum": "reminders.models.runs.ReminderRun.Status",
        "ReminderRunReasonEnum": "reminders.models.runs.ReminderRun.Reason",
        "AttorneyReviewStateEnum": "reminders.models.reviews.AttorneyReview.State",
        "ReviewActionKindEnum": "reminders.models.reviews.ReviewAction.Kind",
    },
}

# Content-Security-Policy (django-csp): only Remit's own, vendored scripts and styles, inline
# scripts only with the request's nonce, never framed by another site. Pages that must differ
# (the sandbox mailbox's email view) set their own header, which the middleware leaves alone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # The firm's logo may be an absolute https URL (FIRM_LOGO_URL).
        "img-src": [SELF, "data:", "https:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # HTTPS only, remembered by browsers (Django's deployment checklist, W004/W008); the load
    # balancer's plain-http health check of /healthz is not redirected.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    # The header only says the site may be preloaded; submitting it is a separate, manual step.
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# Rejected webhook requests (integrations/inbound/receivers.py): anyone can send them, so each
# sender (address and receiver) may cause this many rows a minute (0: no limit; beyond it 429, no
# row), and they are purged after this many days. Verified events are kept.
WEBHOOK_REJECTED_PER_MINUTE = env.int("WEBHOOK_REJECTED_PER_MINUTE", default=30)
REJECTED_EVENT_RETENTION_DAYS = env.int("REJECTED_EVENT_RETENTION_DAYS", default=30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Secrets in URLs and named secrets in messages: every handler masks them (logging_filters).
    "filters": {"secret_paths": {"()": "config.logging_filters.SecretPathFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["secret_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's defaults give these handlers of their own (runserver's, DEBUG's console,
        # mail_admins) that would bypass the filter: everything goes through root instead.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
    },
}
# A worker or beat would otherwise swap the root's handlers for Celery's own, without the filter.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
