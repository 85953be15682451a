"""recruitly settings, read from the environment.

With nothing set the platform runs on embedded defaults: a SQLite file, Celery tasks executed
in-process, the offline ``local`` AI provider and the console mail backend. Production sets
``DATABASE_URL``, ``CELERY_BROKER_URL``, ``SECRET_KEY``, ``DEBUG=false`` and friends; see the
README for the full table.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from recruitly.env import (
    broker_from_url,
    database_from_url,
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("RECRUITLY_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "dev-only-insecure-key-recruitly-change-me-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY") or (_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

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
    "django_celery_beat",
    "csp",
    "recruitly",
    "recruitly.spine",
    "recruitly.eventlog",
    "learning",
    "experiments",
    "profiles",
]

MIDDLEWARE = [
    "recruitly.middleware.RequestGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the WSGI process (gunicorn): compressed, cached forever.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "web.urls"
WSGI_APPLICATION = "recruitly.wsgi.application"

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
                "web.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": database_from_url("DATABASE_URL", _database_url)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "recruitly.sqlite3"),
            # Writers wait instead of failing with "database is locked" while the demo's
            # periodic jobs and the web server share the file.
            "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# While developing, WhiteNoise serves straight from the apps' static folders (no collectstatic).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Hashed, compressed copies made by collectstatic; the plain storage while developing and in
# tests, where collectstatic has not run.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploads: resumes are parsed in memory; the limit is checked again by the upload service.
RESUME_MAX_BYTES = env_int("RESUME_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
# Any request body above this is refused from its Content-Length, unread (RequestGuard):
# room for the largest event batch (10,000 events, ~5 MB) and a resume with form overhead.
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_BODY_BYTES", 16 * 1024 * 1024, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int(
    "DATA_UPLOAD_MAX_MEMORY_SIZE", MAX_REQUEST_BODY_BYTES, minimum=1
)
RESUME_KEEP_RAW_FILES = env_bool("RESUME_KEEP_RAW_FILES", False)
# Retention (profiles/privacy/retention.py; 0 = keep): raw resume text and files of candidates
# inactive this long, and every AI call's input and output after this long.
PRIVACY_RESUME_RETENTION_DAYS = env_int("PRIVACY_RESUME_RETENTION_DAYS", 730, minimum=0)
PRIVACY_AI_OUTPUT_RETENTION_DAYS = env_int("PRIVACY_AI_OUTPUT_RETENTION_DAYS", 365, minimum=0)
# A resume is parsed in a forked child killed after this long (profiles/parsing/upload_guard).
RESUME_PARSE_SECONDS = env_float("RESUME_PARSE_SECONDS", 5.0)
# Share of candidates a new holdout keeps on the parameter values of its start (experiments).
EXPERIMENTS_HOLDOUT_SHARE = env_float("EXPERIMENTS_HOLDOUT_SHARE", 0.05)

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "recruitly.api_schema.ErrorDocumentingAutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "recruitly.api_errors.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "recruitly.api_errors.api_exception_handler",
    # Views name a scope (throttle_scope) for what is costly or abusable; per user or token.
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.ScopedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "uploads": env_str("THROTTLE_UPLOADS", "30/hour"),
        "parse": env_str("THROTTLE_PARSE", "60/hour"),
        "ai": env_str("THROTTLE_AI", "120/hour"),
        "feeds": env_str("THROTTLE_FEEDS", "12/hour"),
        "events": env_str("THROTTLE_EVENTS", "600/minute"),
        # Data export and account deletion (a password check: slow down guessing).
        "account": env_str("THROTTLE_ACCOUNT", "20/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "recruitly API",
    "DESCRIPTION": "Job matching, the outcome event log, the learning engine and experiments.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Serve Swagger UI from the installed sidecar package: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Cache (throttles and login attempts count here: share it between processes) -------
_cache_url = env_str("CACHE_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
    if _cache_url
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# Failed sign-ins allowed per (address, username) and per address, then a cool-off.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 20, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60, minimum=1)

# --- Background work ------------------------------------------------------------------------
_broker_url = env_str("CELERY_BROKER_URL")
if _broker_url:
    CELERY_BROKER_URL = broker_from_url("CELERY_BROKER_URL", _broker_url).url
    CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
else:
    CELERY_BROKER_URL = "memory://localhost/"  # a host named, so kombu has nothing to warn about
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# At-least-once delivery: a task is acknowledged when it finishes, and a task whose worker
# process died (SIGKILL, OOM) goes back to the queue instead of being acknowledged as failed.
# Every task is idempotent (claims by unique key or conditional UPDATE), so a re-run is safe.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's Django fixup closes the database connection before and after every task unless
# this is set; workers then hold it like a web process does, for CONN_MAX_AGE with health
# checks (``recruitly.celery.close_old_connections``): a batch task no longer pays a new
# server process and cold catalog caches.
CELERY_DB_REUSE_MAX = 1_000_000
# Default limits per task (tasks with a known longer or shorter cost set their own): the soft
# limit raises SoftTimeLimitExceeded inside the task, the hard one kills the process.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 10 * 60, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 12 * 60, minimum=1)
# Redis redelivers an unacknowledged task after this long; it must exceed the longest task's
# hard limit (the nightly analysis: 30 min), or a running task would be run a second time.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 2 * 60 * 60, minimum=1)
LONGEST_TASK_TIME_LIMIT = 30 * 60
if CELERY_TASK_SOFT_TIME_LIMIT >= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_TASK_SOFT_TIME_LIMIT must be below CELERY_TASK_TIME_LIMIT")
if max(CELERY_TASK_TIME_LIMIT, LONGEST_TASK_TIME_LIMIT) >= CELERY_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT must exceed the longest task's hard time limit "
        f"({max(CELERY_TASK_TIME_LIMIT, LONGEST_TASK_TIME_LIMIT)} s)"
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The queue tasks go to unless routed: separate deployments (or test runs) on one broker.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# A nightly analysis whose heartbeat is older than this died and is taken over (resumed
# from its last finished step) by the next attempt; a live run beats every few seconds.
ANALYSIS_HEARTBEAT_TIMEOUT_SECONDS = env_int("ANALYSIS_HEARTBEAT_TIMEOUT_SECONDS", 180, minimum=1)
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- AI -------------------------------------------------------------------------------------
OPENAI_API_KEY = env_str("OPENAI_API_KEY")
OPENAI_BASE_URL = env_str("OPENAI_BASE_URL") or None
AI_PROVIDER = env_choice(
    "AI_PROVIDER", "openai" if OPENAI_API_KEY else "local", {"local", "openai"}
)
if AI_PROVIDER == "openai" and not OPENAI_API_KEY:
    raise ImproperlyConfigured("AI_PROVIDER=openai needs OPENAI_API_KEY")
AI_DAILY_COST_CAP_USD = env_float("AI_DAILY_COST_CAP_USD", 0.50)
# Fine-tuning from the training snapshots (learning/ai/training): off by default; the
# resulting model is only ever proposed as a draft experiment.
ENABLE_AUTO_FINETUNE = env_bool("ENABLE_AUTO_FINETUNE", False)
FINETUNE_BASE_MODEL = env_str("FINETUNE_BASE_MODEL", "gpt-4o-mini-2024-07-18")

# --- Learning engine ------------------------------------------------------------------------
LEARNING_AUTO_APPLY_ENABLED = env_bool("LEARNING_AUTO_APPLY_ENABLED", False)
LEARNING_MIN_GROUP_SIZE = env_int("LEARNING_MIN_GROUP_SIZE", 10, minimum=1)
# The nightly analysis streams (learning.services.analysis_stream): shards of users of at most
# this many events, and the steps that need rows across users run on a fixed hash sample of
# users holding at most this many applications (every user below it: the in-memory results).
LEARNING_ANALYSIS_SHARD_EVENTS = env_int("LEARNING_ANALYSIS_SHARD_EVENTS", 200_000, minimum=1)
LEARNING_ANALYSIS_SAMPLE_APPLICATIONS = env_int(
    "LEARNING_ANALYSIS_SAMPLE_APPLICATIONS", 150_000, minimum=1
)
# The nightly analysis forks a side process for the second core: it reads every other shard
# of the load and computes a few heavy steps (learning.services.analysis_side).
LEARNING_ANALYSIS_SIDE_PROCESS = env_bool("LEARNING_ANALYSIS_SIDE_PROCESS", True)
EVENT_BATCH_LIMIT = 10_000
# Clients' clocks drift; a timestamp this far ahead of the server still counts as "now".
EVENT_FUTURE_TOLERANCE_SECONDS = env_int("EVENT_FUTURE_TOLERANCE_SECONDS", 300, minimum=0)

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "recruitly <digest@recruitly.local>")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# --- Security (strict whenever DEBUG is off) ------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: scripts only from this origin (no inline script anywhere, the API
# docs load theirs from a URL). Inline style attributes stay allowed: the pages use a few,
# and style cannot run code.
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
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
