"""Studio's settings, every value overridable from the environment.

The defaults are the embedded ones: SQLite and in-process tasks, so the app runs with
nothing but Python. ``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and Celery.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# Under pytest the suite needs no environment of its own (STUDIO_TESTING=1 says the same).
TESTING = env_bool("STUDIO_TESTING", False) or "pytest" in sys.modules

DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-never-use-in-production"
# Keys anyone can read in this repository's history: never accepted in production.
KNOWN_SECRET_KEYS = {
    DEVELOPMENT_SECRET_KEY,
    "change-me-in-production-to-a-long-random-string",  # docker-compose.yml's old default
}
MIN_SECRET_KEY_LENGTH = 50


def _secret_key() -> str:
    """Return DJANGO_SECRET_KEY, or the key in the file DJANGO_SECRET_KEY_FILE names."""
    key = os.environ.get("DJANGO_SECRET_KEY", "")
    path = os.environ.get("DJANGO_SECRET_KEY_FILE", "")
    if not key and path:
        try:
            key = Path(path).read_text().strip()
        except OSError as error:
            raise ImproperlyConfigured(f"DJANGO_SECRET_KEY_FILE cannot be read: {error}") from None
    return key


def refuse_weak_secret_key(key: str) -> None:
    """Raise ImproperlyConfigured for a key that is missing, short or known to others."""
    if not key:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off "
            "(or DJANGO_SECRET_KEY_FILE, naming a file that holds it)."
        )
    if key in KNOWN_SECRET_KEYS or key.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is a published development or example key: generate your own "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))").'
        )
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is too short: use at least "
            f"{MIN_SECRET_KEY_LENGTH} random characters."
        )


SECRET_KEY = _secret_key()
if not (DEBUG or TESTING):
    refuse_weak_secret_key(SECRET_KEY)
elif not SECRET_KEY:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # First, so `manage.py runserver` (make run) is daphne's: HTTP and the live websocket in one.
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "channels",
    "axes",
    "studio",
    "productions",
    "crew",
    "schedules",
    "shots",
    "callsheets",
    "reports",
    "budgets",
    "casting",
    "collaboration",
    "webhooks",
    "demo",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "studio.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "collaboration.actor.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: it turns a sign-in refused for too many failures into the 429 page or JSON.
    "axes.middleware.AxesMiddleware",
]
# Second, right inside SecurityMiddleware: whatever answers under /api/ answers JSON.
MIDDLEWARE.insert(1, "core.exceptions.ApiJsonErrorsMiddleware")

ROOT_URLCONF = "studio.urls"
WSGI_APPLICATION = "studio.wsgi.application"
# The websocket of live updates runs on daphne beside gunicorn (studio/asgi.py).
ASGI_APPLICATION = "studio.asgi.application"
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

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
                "collaboration.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so a Celery worker started by the tests can share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling in the database (django-axes), so it needs no cache: 5 failures per
# account or per address lock that account or address out for 15 minutes.
AUTHENTICATION_BACKENDS = [
    "studio.signin.SigninLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_LOCKOUT_CALLABLE = "studio.signin.locked_out"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_USERNAME_CALLABLE = "studio.signin.username_of"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "productions:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
# The server's zone; every production shows its own dates and times in its own zone.
TIME_ZONE = os.environ.get("STUDIO_DEFAULT_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STUDIO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("STUDIO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Screenplays are the largest uploads; anything bigger is refused before it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024

# Email: the console in development, SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Studio <studio@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )

# Absolute links in emails and calendar feeds.
STUDIO_BASE_URL = os.environ.get("STUDIO_BASE_URL", "http://127.0.0.1:8000")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))

# Celery: Redis when REDIS_URL is set, otherwise tasks run eagerly in-process.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("STUDIO_CELERY_QUEUE", "celery")
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Live updates (Channels): Redis when REDIS_URL is set, so daphne and every web and worker
# process share one layer; in memory otherwise (make run, a single process).
CHANNEL_LAYERS = {
    "default": (
        {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 times reads out by default: allow more than the 5 s that
                # channels_redis blocks waiting for a message.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 30}],
                "prefix": os.environ.get("STUDIO_CHANNELS_PREFIX", "studio-asgi"),
            },
        }
        if REDIS_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    )
}
# A request that queues work must answer at once when the broker is down: connect for at most
# a second and never retry the publish in the request (what is not queued is re-queued by
# the outbox's periodic task). The worker keeps retrying its own connection for ever.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = float(os.environ.get("STUDIO_BROKER_TIMEOUT_SECONDS", "1"))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": 10,
    "max_retries": 0,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = CELERY_BROKER_CONNECTION_TIMEOUT
# Queueing a task also subscribes to its result in Redis: by default that retries 20 times,
# a second apart, before it gives up; once, at once, is enough for a result store.
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
}
# The outbox (callsheets.outbox): a delivery still unsent this long after it was decided is
# queued again, by beat, this often; a claim on a delivery holds this long (more than the send
# task's 60 s time limit), after which a worker that died mid-send is taken to be gone.
STUDIO_OUTBOX_GRACE_SECONDS = int(os.environ.get("STUDIO_OUTBOX_GRACE_SECONDS", "60"))
STUDIO_OUTBOX_REQUEUE_SECONDS = float(os.environ.get("STUDIO_OUTBOX_REQUEUE_SECONDS", "60"))
STUDIO_DELIVERY_LEASE_SECONDS = int(os.environ.get("STUDIO_DELIVERY_LEASE_SECONDS", "600"))
# Every app's outbox sweep (core.outbox), on the same beat. One rule for where a schedule lives:
# the sweeps are machinery that must run, so they are here and beat restores them at each start;
# the schedules an office may tune (call-sheet and audition reminders, digests, report cleanup)
# are rows that migrations made for the database scheduler, editable in the admin. A sweep
# that a migration once made keeps that row's name here, so beat updates it, not adds a twin.
CELERY_BEAT_SCHEDULE = {
    "callsheets-outbox-requeue": {
        "task": "callsheets.tasks.outbox_requeue_task",
        "schedule": STUDIO_OUTBOX_REQUEUE_SECONDS,
    },
    "productions-welcomes-requeue": {
        "task": "productions.tasks.welcomes_requeue_task",
        "schedule": STUDIO_OUTBOX_REQUEUE_SECONDS,
    },
    "collaboration-emails-requeue": {
        "task": "collaboration.tasks.emails_requeue_task",
        "schedule": STUDIO_OUTBOX_REQUEUE_SECONDS,
    },
    "reports-outbox-requeue": {
        "task": "reports.tasks.outbox_requeue_task",
        "schedule": STUDIO_OUTBOX_REQUEUE_SECONDS,
    },
    # The names of the rows migrations made (schedules 0003, casting 0004).
    "Casting: re-queue unsent emails": {
        "task": "casting.tasks.outbox_requeue_task",
        "schedule": STUDIO_OUTBOX_REQUEUE_SECONDS,
    },
    "Webhooks: retry due deliveries": {
        "task": "schedules.report_tasks.webhooks_retry_due_task",
        "schedule": STUDIO_OUTBOX_REQUEUE_SECONDS,
    },
}
CELERY_REDIS_BACKEND_HEALTH_CHECK_INTERVAL = 30

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous request gets 401 with a WWW-Authenticate header.
        "core.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.StrictPageNumberPagination",
    "PAGE_SIZE": int(os.environ.get("STUDIO_API_PAGE_SIZE", "50")),
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.exceptions.api_exception_handler",
    # JSON in, JSON out: form-encoded bodies are refused with 415 (uploads set their own
    # multipart parser), and no HTML browsable API answers under /api/.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's, counted per period in the cache rather than as a list of every call's time.
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttling.AnonRateThrottle",
        "core.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("STUDIO_API_ANON_RATE", "60/minute"),
        "user": os.environ.get("STUDIO_API_USER_RATE", "2000/minute"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# API tokens: only their SHA-512 is stored; each lasts this long from its last use.
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=int(os.environ.get("STUDIO_API_TOKEN_DAYS", "90"))),
    "AUTO_REFRESH": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Studio API",
    "DESCRIPTION": (
        "The production office for film and TV teams. Errors are JSON "
        '`{"message": "…", "errors": {"field": ["…"]}}`. A production you may not see '
        "answers 404, never 403."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.openapi.local_times",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}


def _redis_database(url: str, number: int) -> str:
    """Return ``url`` pointing at Redis database ``number`` (the cache's, not the broker's)."""
    base, _, last = url.rstrip("/").rpartition("/")
    return f"{base}/{number}" if last.isdigit() else f"{url.rstrip('/')}/{number}"


# The cache lives in its own Redis database: clearing it must never drop queued tasks.
CACHE_URL = os.environ.get("STUDIO_CACHE_URL") or (
    _redis_database(REDIS_URL, 1) if REDIS_URL else ""
)
CACHES = {
    "default": (
        {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": CACHE_URL,
            # A cache that does not answer quickly is a miss (core.cache), not a wait.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if CACHE_URL and not TESTING
        # Room for what a test or a demo caches (the default 300 entries would cull a third
        # of them, sessions included, at random points of a test).
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("STUDIO_LOG_LEVEL", "INFO")},
}

# Production hardening; `manage.py check --deploy` is clean with DJANGO_DEBUG=0.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not TESTING)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Reports and webhooks
# Report files are deleted this many days after they are built (a daily task cleans up).
STUDIO_REPORT_RETENTION_DAYS = int(os.environ.get("STUDIO_REPORT_RETENTION_DAYS", "7"))
# Webhooks may target private, loopback and link-local addresses only when this is on.
STUDIO_WEBHOOKS_ALLOW_PRIVATE = env_bool("STUDIO_WEBHOOKS_ALLOW_PRIVATE", False)
# A delivery is tried this many times, waiting BACKOFF seconds, then twice as long each time
# (at most six hours between tries): the defaults keep trying for about 20 hours.
STUDIO_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("STUDIO_WEBHOOK_MAX_ATTEMPTS", "12"))
STUDIO_WEBHOOK_BACKOFF_SECONDS = int(os.environ.get("STUDIO_WEBHOOK_BACKOFF_SECONDS", "60"))
STUDIO_WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("STUDIO_WEBHOOK_TIMEOUT_SECONDS", "10"))
# WeasyPrint narrates each step of every PDF at INFO; the reports need only its warnings.
LOGGING["loggers"] = {**LOGGING.get("loggers", {}), "weasyprint.progress": {"level": "WARNING"}}
# django-axes logs every failed sign-in at INFO; the lockouts themselves are warnings.
LOGGING["loggers"]["axes"] = {"level": "WARNING"}
# The reports' enums have names of their own in the API schema ("kind", "status" and "format"
# mean something else on productions, scripts and call sheets).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}),
    "ReportKindEnum": "reports.models.Report.Kind",
    "ReportFormatEnum": "reports.models.Report.Format",
    "ReportStatusEnum": "reports.models.Report.Status",
    "DprStatusEnum": "reports.models.DailyReport.Status",
    "DprSceneStatusEnum": "reports.models.DailyReportScene.Status",
}
# Collaboration's enums, named apart from the other apps' "kind" and "status".
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "MentionKindEnum": "collaboration.api.serializers.MENTION_KINDS",
        "NotificationDeliveryEnum": "collaboration.models.Preference.Delivery",
    }
)
# Casting's enums, named apart from the other apps' "status", "source" and "state".
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "CandidateStatusEnum": "casting.models.Candidate.Status",
        "CandidateSourceEnum": "casting.models.Candidate.Source",
        "AuditionSlotStateEnum": "casting.models.Slot.State",
    }
)
# The budget's sections: one choice set, for a category's section and a charge's sections.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "BudgetSectionEnum": "budgets.api.serializers.SECTIONS",
        "ShotStatusEnum": "shots.models.Shot.Status",
    }
)

# Casting: a self-tape larger than this many bytes is refused (default 500 MB), a headshot
# larger than STUDIO_HEADSHOT_MAX_BYTES (default 10 MB). Both are stored under
# MEDIA_ROOT/private with random names and served only through views that check permission.
STUDIO_SELF_TAPE_MAX_BYTES = int(os.environ.get("STUDIO_SELF_TAPE_MAX_BYTES", str(500 * 2**20)))
STUDIO_HEADSHOT_MAX_BYTES = int(os.environ.get("STUDIO_HEADSHOT_MAX_BYTES", str(10 * 2**20)))
# A clamd unix socket (e.g. /run/clamav/clamd.ctl): when set, every self-tape and headshot is
# scanned (clamd's INSTREAM) before it is accepted, and refused if clamd cannot be reached.
# When unset, uploads are NOT scanned for viruses: only their type and size are checked.
STUDIO_CLAMD_SOCKET = os.environ.get("STUDIO_CLAMD_SOCKET", "")

# Call sheets: personal links stop working this many days after the shoot day.
STUDIO_CALLSHEET_LINK_DAYS = int(os.environ.get("STUDIO_CALLSHEET_LINK_DAYS", "7"))
# The crew's pages are served from the cache only where every process shares it (Redis), or
# where one process serves everything (runserver, tests): with a memory cache per worker, one
# worker would go on serving a page that another had expired (a revoked link, say).
STUDIO_PERSONAL_PAGE_CACHE = env_bool(
    "STUDIO_PERSONAL_PAGE_CACHE", bool(CACHE_URL) or DEBUG or TESTING
)
# The stripboard's board and the API's lists are cached on the same terms (core.read_cache).
STUDIO_BOARD_CACHE = env_bool("STUDIO_BOARD_CACHE", bool(CACHE_URL) or DEBUG or TESTING)
# Sessions too, on the same terms: read from the cache, written to the database and the cache,
# so a signed-in page asks the database one query fewer. Where the cache is a memory of each
# worker's own, a session signed out in one worker would live on in another's: database only.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if STUDIO_BOARD_CACHE
    else "django.contrib.sessions.backends.db"
)
