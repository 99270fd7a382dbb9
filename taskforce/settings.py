"""Settings for taskforce, read from the environment (django-environ).

Every variable is listed in README.md. Defaults give a local, zero-service setup:
SQLite, kombu's filesystem broker and mail written to files under var/.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from taskforce.static import cache_for_a_year

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# A fixed insecure key only when DEBUG is on; production must set SECRET_KEY.
SECRET_KEY = env(
    "SECRET_KEY",
    default="insecure-dev-key-only-for-debug" if DEBUG else environ.Env.NOTSET,
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # The core, then the feature apps from the bottom layer up (README: Layout).
    "taskforce.apps.TaskforceConfig",
    "notifications",
    "accessibility",
    "kpis",
    "sso",
    # django-otp's devices before twofactor, whose admin replaces theirs.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "twofactor",
    "attachments",
    "workstreams",
    "recommendations",
    "updates",
    "mandate",
    "meetings",
    "registers",
    "dashboards",
    "search",
    "calendars",
    "mailings",
    "imports",
    "publications",
    "seeding",
    "api",
    "audit",
    "twofactor.apps.AdminConfig",  # django.contrib.admin, its site asking for the second step
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # SearchVector, SearchQuery and SearchRank for search on PostgreSQL; inert on SQLite.
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "django_celery_beat",
    "taskforce.apps.AxesConfig",  # django-axes, named in Dutch
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from the package, no CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # whitenoise serves static files itself, already compressed (gzip and brotli files made by
    # collectstatic), so it comes before GZipMiddleware, which then compresses pages and JSON.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compression and BREACH (a secret in a compressed page guessed from its length): the CSRF token
    # in every page is masked afresh for each response, so its compressed length gives nothing away.
    # https://docs.djangoproject.com/en/5.2/ref/middleware/#module-django.middleware.gzip
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The audit log: refusals, API writes, exports; and the request for its signal receivers.
    "audit.middleware.AuditMiddleware",
    "taskforce.middleware.LanguageMiddleware",
    "taskforce.middleware.SecurityHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Every view requires login unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # django-otp's request.user.is_verified(), and the second step where it is due (twofactor/).
    "twofactor.middleware.TwoFactorMiddleware",
    # axes must be last: https://django-axes.readthedocs.io/en/latest/2_installation.html
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "taskforce.urls"
WSGI_APPLICATION = "taskforce.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                # One CSRF token per request, which a cached page stores as a placeholder (pagecache.py).
                "taskforce.pagecache.csrf",
                "taskforce.navigation.menu",
                "sso.context_processors.sso",
                "notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'taskforce.sqlite3'}")}
# Health checks reopen a connection that a database restart closed, instead of failing one request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves people, the worker and beat at once: the write-ahead log lets
    # readers go on while one writes, writers queue for the lock for up to 20 s instead of failing
    # with "database is locked", and IMMEDIATE takes the write lock at the start of a transaction, so
    # a transaction that read first cannot fail when it then wants to write.
    # https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-notes
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "taskforce.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "sso.backends.OIDCBackend",  # does nothing unless OIDC_ENABLED
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after 8 hours and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Single sign-on with OpenID Connect (mozilla-django-oidc, the sso app; README: Single sign-on):
# https://mozilla-django-oidc.readthedocs.io/en/stable/settings.html
OIDC_ENABLED = env.bool("OIDC_ENABLED", default=False)
# The provider's endpoints come from its discovery document, {OIDC_ISSUER}/.well-known/openid-configuration.
OIDC_ISSUER = env("OIDC_ISSUER", default="")
OIDC_RP_CLIENT_ID = env("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", default="")
OIDC_RP_SCOPES = env("OIDC_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env("OIDC_SIGN_ALGORITHM", default="RS256")
# Empty: any address; otherwise only people whose e-mail address is in one of these domains.
OIDC_ALLOWED_EMAIL_DOMAINS = [d.lower() for d in env.list("OIDC_ALLOWED_EMAIL_DOMAINS", default=[])]
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
OIDC_CLOCK_SKEW_SECONDS = env.int("OIDC_CLOCK_SKEW_SECONDS", default=60)
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_USE_NONCE = True
if OIDC_ENABLED and not (OIDC_ISSUER and OIDC_RP_CLIENT_ID):
    raise ImproperlyConfigured("OIDC_ENABLED needs OIDC_ISSUER and OIDC_CLIENT_ID")

# Two-factor login (django-otp, the twofactor app; README: Two-factor login). These roles must pass a
# second step (a code from an authenticator app or a backup code) before anything else; superusers
# always do, and the admin asks it of everyone. Others may turn it on for themselves.
TWO_FACTOR_REQUIRED_ROLES = env.list("TWO_FACTOR_REQUIRED_ROLES", default=["secretariat"])
# After single sign-on, a second factor at the provider counts here when the ID token's "amr" claim
# names one of these methods (RFC 8176: https://www.rfc-editor.org/rfc/rfc8176#section-2).
TWO_FACTOR_SSO_AMR = env.list(
    "TWO_FACTOR_SSO_AMR",
    default=["mfa", "mca", "otp", "sms", "tel", "hwk", "swk", "pop", "sc", "fpt", "face", "iris", "retina", "vbm"],
)
# The name authenticator apps show beside the code. https://django-otp-official.readthedocs.io/en/stable/overview.html
OTP_TOTP_ISSUER = env("TWO_FACTOR_ISSUER", default="Taskforce Vaccins")
# The admin may delete a person's app and backup codes, never read its key or the codes.
# https://django-otp-official.readthedocs.io/en/stable/overview.html#std-setting-OTP_ADMIN_HIDE_SENSITIVE_DATA
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Login throttling: https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
# Lock a name only from the address it was tried from: locking on the address alone would let anyone
# behind the same office NAT or proxy block every login with five requests.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# How many reverse proxies in front of the app append to X-Forwarded-For; 0 = trust no header and
# use REMOTE_ADDR (a client can write any X-Forwarded-For it likes).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "taskforce.middleware.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
# Dutch is the source language; the one English catalogue is locale/en/LC_MESSAGES/django.po.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
# Hashed static names (the manifest storage below) never change content, so browsers keep them for a
# year without asking again; whitenoise's own choice is ten years, one year is HTTP's customary limit.
# https://whitenoise.readthedocs.io/en/stable/django.html#WHITENOISE_ADD_HEADERS_FUNCTION
WHITENOISE_ADD_HEADERS_FUNCTION = cache_for_a_year
# Source maps (11 of the 20 MB collected) are fetched only by a developer's tools: compressing each
# twice, gzip and brotli, made collectstatic take minutes on two cores.
# https://whitenoise.readthedocs.io/en/stable/django.html#WHITENOISE_SKIP_COMPRESS_EXTENSIONS
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
# Uploaded files (attachments, spreadsheets to import) go through Django's storage API: local files in
# var/attachments by default, any django-storages backend by configuration (README "Storage"). They are
# never served from a public URL (base_url None): only the download view, after a permission check.
# https://docs.djangoproject.com/en/5.2/ref/settings/#storages
STORAGES = {
    "default": {
        "BACKEND": env("FILE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env.json(
            "FILE_STORAGE_OPTIONS", default={"location": str(VAR_DIR / "attachments"), "base_url": None}
        ),
    },
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Every form's text fields show their limit and keep text that is too long (taskforce/forms.py).
# https://docs.djangoproject.com/en/5.2/ref/forms/renderers/#django.forms.renderers.BaseRenderer.bound_field_class
FORM_RENDERER = "taskforce.forms.FormRenderer"

# Largest attachment or spreadsheet accepted, in megabytes (the upload forms say so before upload).
ATTACHMENT_MAX_MB = env.int("ATTACHMENT_MAX_MB", default=20)

# The public accessibility statement (/toegankelijkheid/, the Dutch government's model statement): the
# organisation that answers for the site, where feedback goes (empty: DEFAULT_FROM_EMAIL's address) and
# within how many working days it is answered. https://www.toegankelijkheidsverklaring.nl/
ACCESSIBILITY_ORGANISATION = env(
    "ACCESSIBILITY_ORGANISATION", default="Ministerie van Volksgezondheid, Welzijn en Sport (Taskforce Vaccins)"
)
ACCESSIBILITY_CONTACT_EMAIL = env("ACCESSIBILITY_CONTACT_EMAIL", default="")
ACCESSIBILITY_RESPONSE_DAYS = env.int("ACCESSIBILITY_RESPONSE_DAYS", default=5)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: by default written as .eml files under var/mail, readable by the local user.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Taskforce Vaccins <taskforce@localhost>")
# How the app keeps "each person one mail" when the database, the broker or a worker fails
# (mailings/mail.py, README "Mail that survives faults"). The numbers fit together:
# - A refused mail is retried after MAIL_RETRY_BASE_SECONDS, then twice as long each time (6 h at most).
MAIL_RETRY_BASE_SECONDS = env.int("MAIL_RETRY_BASE_SECONDS", default=60)
# - After the server accepted a mail, recording it as sent is retried on a fresh database connection
#   for this long: longer than a PostgreSQL restart (seconds), so a restart never causes a second copy.
MAIL_RECORD_RETRY_SECONDS = env.int("MAIL_RECORD_RETRY_SECONDS", default=90)
# - A delivery claimed by a sender that then died may be taken over after this long. It must outlast
#   one send: building (under a second), SMTP (EMAIL_TIMEOUT, 20 s) and recording (90 s above).
MAIL_CLAIM_TIMEOUT_SECONDS = env.int("MAIL_CLAIM_TIMEOUT_SECONDS", default=150)
# - The sweeper (a scheduled job, every 2 minutes by default) sends what runs of the last
#   MAIL_SWEEP_DAYS left pending, failed (once its backoff is over) or claimed by a dead sender;
#   pending rows only once they are MAIL_SWEEP_GRACE_SECONDS old, so a live run keeps its own.
#   After a killed worker the last person is served within claim timeout + sweep interval: < 5 min.
MAIL_SWEEP_DAYS = env.int("MAIL_SWEEP_DAYS", default=3)
MAIL_SWEEP_GRACE_SECONDS = env.int("MAIL_SWEEP_GRACE_SECONDS", default=60)

# Celery: Redis when REDIS_URL is set, else kombu's filesystem transport (no server needed).
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
REDIS_URL = env("REDIS_URL", default="")

# The cache every process shares: Redis when REDIS_URL is set, files under var/ otherwise. It holds the
# data version and the pages rendered under it (taskforce/pagecache.py), which no write can leave stale.
# Short timeouts: a Redis that is away makes pages render uncached, not wait.
# https://docs.djangoproject.com/en/5.2/topics/cache/#redis
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
        }
    }
# How long a cached page lives at most: what follows the clock rather than the data (the next meetings)
# is never more than this behind. 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
# A task is acknowledged after it ran, so a worker that dies mid-run leaves it to be redelivered;
# the delivery records make that redelivery harmless.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A worker takes a task only when it can start it: with the default (4 per process) it holds tasks
# behind a long run, where they outlast the visibility timeout and are handed out a second time, while
# another worker sits idle.
# https://docs.celeryq.dev/en/stable/userguide/optimizing.html#prefetch-limits
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Own queue name, so two setups (or a test's worker) can share one Redis without taking each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="celery")
# A task the broker handed to a worker that died is handed out again after the visibility timeout
# (Redis' default: an hour). Four minutes: the run it restarts finds the sweeper has usually finished
# its work already. Tasks are idempotent (the delivery rows), so a task waiting for its countdown
# that the broker hands out twice does no harm.
# https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html#visibility-timeout
CELERY_BROKER_VISIBILITY_TIMEOUT = env.int("CELERY_BROKER_VISIBILITY_TIMEOUT", default=240)
# Keep reconnecting to the broker however long it is away, instead of giving up after 100 tries.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # kombu's Redis transport with the fix for a worker that held a task when Redis went away (broker.py).
    CELERY_BROKER_TRANSPORT = "taskforce.broker:Transport"
    # A live worker looks for tasks whose visibility timeout passed every 10 s (unacked_restore_interval)
    # and, with kombu's default throttle of 10, scans Redis only every tenth time: a dead worker's task
    # would wait up to 100 s more on a worker that keeps running. A throttle of 1 scans each time.
    # https://docs.celeryq.dev/projects/kombu/en/stable/reference/kombu.transport.redis.html
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT,
        "unacked_restore_interval": 10,
        "unacked_restore_throttle": 1,
    }
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
    # Enqueueing while Redis is down must fail fast (about 1 s) so a request or a run can report it and
    # go on: a few quick retries for the broker...
    # https://docs.celeryq.dev/en/stable/userguide/configuration.html#task-publish-retry-policy
    _quick_retries = {"max_retries": 3, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
    CELERY_TASK_PUBLISH_RETRY_POLICY = _quick_retries
    # ...and for the result store, which enqueueing a task with a result subscribes to: its default
    # (20 retries a second apart) held the caller for about 20 s, then raised a RuntimeError.
    # https://docs.celeryq.dev/en/stable/userguide/configuration.html#result-backend-transport-options
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": _quick_retries}
else:
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
    }
    CELERY_RESULT_BACKEND = f"file://{VAR_DIR / 'results'}"

# Security. Production values (DEBUG off) make `check --deploy` clean.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): only our own scripts and styles, no inline script.
# https://django-csp.readthedocs.io/en/latest/configuration.html
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}
if OIDC_ENABLED:
    # Logging out ends the provider's session: the logout form's redirect goes on to the provider.
    _issuer = urlsplit(OIDC_ISSUER)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_issuer.scheme}://{_issuer.netloc}")

# The REST API (api/): personal tokens for scripts, the session (with CSRF) for the browser; JSON only,
# the browsable documentation is Swagger UI at /api/docs/.
# https://www.django-rest-framework.org/api-guide/settings/
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TaskforceRules"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# https://drf-spectacular.readthedocs.io/en/latest/settings.html
SPECTACULAR_SETTINGS = {
    "TITLE": "Taskforce Vaccins API",
    "DESCRIPTION": "Recommendations, workstreams, actions, KPIs, meetings, registers, weekly updates and the "
    "dashboard figures of the Taskforce Vaccins. Authenticate with `Authorization: Bearer <token>` (a personal "
    "token from your account page).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Without deep links an operation's path is plain text, not a link inside its toggle button
    # (WCAG 4.1.2: no interactive control nested in another).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ActionStatusEnum": "workstreams.models.Action.Status",
        "ShortageStatusEnum": "registers.models.Shortage.Status",
        "ReviewCommentSectionEnum": "updates.models.ReviewComment.Section",
    },
}

# The audit log (audit/, README "Audit log"). Entries older than AUDIT_RETENTION_DAYS move, with their
# hashes, to JSON-lines files in AUDIT_ARCHIVE_DIR (a daily job). Two years: an accounting year is
# audited in the year after it, so the log must still hold the whole of last year then; the entries
# hold personal data (names, addresses), which the AVG does not let us keep without an end.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=730)
AUDIT_ARCHIVE_DIR = env("AUDIT_ARCHIVE_DIR", default=str(VAR_DIR / "audit-archive"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
