"""Settings for the co-production portal, read from the environment.

Every value a deployer may change is an environment variable listed in the
README. Local defaults suit `make run` (SQLite, in-memory channel layer, no
Elasticsearch); `DEBUG=0` switches production safety on and then requires a
real `SECRET_KEY`, unless `PORTAL_ENV=local` (what `make run` sets) says this is a
laptop: debugging off, plain http, a local key.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Local mode (`make run`): the portal's own error pages with debugging off, yet plain http, a local key,
# and static files and uploads served by the one process. `DEBUG=1 make run` turns debugging on.
LOCAL_MODE = env.str("PORTAL_ENV", default="") == "local"
DEBUG = env.bool("DEBUG", default=not LOCAL_MODE)
# Production safety (HTTPS, secure cookies, a real key) for every run that is neither local nor debugging.
DEPLOYED = not DEBUG and not LOCAL_MODE

if DEPLOYED:
    SECRET_KEY = env.str("SECRET_KEY")
else:
    # Local use only: production (DEBUG=0) fails fast without SECRET_KEY.
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-local-development-key-never-use-in-production")

# The site's public address, the one setting every absolute link comes from: emails, feeds, the API's
# html_url, exports, the sitemap, and Wagtail's and Django's Site records (kept in step on migrate).
# WAGTAILADMIN_BASE_URL is still read as an alias.
PORTAL_BASE_URL = (
    env.str("PORTAL_BASE_URL", default="") or env.str("WAGTAILADMIN_BASE_URL", default="") or "http://localhost:8000"
).rstrip("/")
PORTAL_HOST = urlsplit(PORTAL_BASE_URL).hostname or "localhost"

LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if DEPLOYED else [*LOCAL_HOSTS, PORTAL_HOST])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Load balancer: the addresses or networks (CIDR) of the proxies in front of the web processes. A request
# from one of them comes from the client its X-Forwarded-For names (portal/security/proxy.py), so every
# per-client limit sees the real client. Empty: no proxy is trusted and the header is ignored.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

INSTALLED_APPS = [
    "daphne",
    "portal.home",
    "portal.taxonomy",
    "portal.practices",
    "portal.network",
    "portal.search",
    "portal.discussions",
    "portal.groups",
    "portal.events",
    "portal.moderation",
    "portal.notifications",
    "portal.worker",
    "portal.evidence",
    "portal.insight",
    "portal.security",
    "csp",
    "portal.accounts",
    "portal.imports",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "channels",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.sites",  # Discussions: django-comments ties each comment to a Site.
    "django.contrib.sitemaps",  # Home: sitemap.xml (its template).
    "django.forms",  # Security: widget templates come from TEMPLATES (FORM_RENDERER), so the portal can override them.
    "django_comments_xtd",
    "django_comments",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Security: the Content-Security-Policy on every response, static files (an SVG is a document) included.
    "portal.security.csp.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors' public pages from memory, before sessions and views; inside the CSP middleware,
    # so every answer gets its policy afresh (portal/page_cache.py).
    "portal.page_cache.PageCacheMiddleware",
    # Outside the session, CSRF and messages middleware: it sees every cookie they set.
    "portal.home.frontend_cache.SharedCacheHeadersMiddleware",
    # Security: 400 for control characters in the address, query string, form or JSON body;
    # cookies holding one are dropped before the session middleware would look the session key up.
    "portal.security.input.RejectControlCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Accounts: when each signed-in session was last used (at most one write in five minutes);
    # editors, moderators and superusers set up a second factor before any admin page loads.
    "portal.accounts.middleware.AdminAccessMiddleware",
    "portal.accounts.middleware.BrowserCookieMiddleware",
    "portal.accounts.middleware.SessionActivityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                # `page_cache.version` and `.seconds` for `{% cache %}` fragments (portal/page_cache.py).
                "portal.page_cache.template_context",
            ],
        },
    },
]

# Forms render through TEMPLATES, so templates/ can give Wagtail's widget scripts the CSP nonce.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite for the quick start, PostgreSQL everywhere else.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
# PostgreSQL connections kept open in a pool per process: opening one costs more than a cached page.
# Django advises a pool rather than CONN_MAX_AGE under ASGI; on by default in production (DEBUG=0).
DATABASE_POOL = env.bool("DATABASE_POOL", default=DEPLOYED) and "postgresql" in DATABASES["default"]["ENGINE"]
if DATABASE_POOL:
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env.int("DATABASE_POOL_SIZE", default=10),
        "timeout": 10,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`'s worker writes from a second thread: taking the write lock at BEGIN makes two writers
    # wait their turn instead of one failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
if env.str("TEST_DATABASE_NAME", default=""):
    # Lets parallel test runs on one server keep to their own database.
    DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Channels: Redis when REDIS_URL is set, the in-memory layer for one process.
# Redis pub/sub rather than channels-redis' list-per-channel layer: live threads only broadcast to
# groups, and in bench/discussions/run.py it delivered 200 readers' comments in a fraction of the other's
# time (docs/live-protocol.md). It keeps no per-channel queue in Redis, so nothing is dropped at a
# capacity; a reader whose socket is gone misses events and catches up on reconnect.
REDIS_URL = env.str("REDIS_URL", default="")
# CHANNEL_LAYER_REDIS_URLS (comma-separated) shards the layer's groups over several Redis instances;
# the cache and presence counts stay on REDIS_URL.
CHANNEL_LAYER_REDIS_URLS = env.list("CHANNEL_LAYER_REDIS_URLS", default=[REDIS_URL] if REDIS_URL else [])
if CHANNEL_LAYER_REDIS_URLS:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            # Pub/sub channels are shared by every database of one Redis: a prefix keeps deployments
            # (or parallel test workers) that share a Redis from hearing each other's groups.
            "CONFIG": {"hosts": CHANNEL_LAYER_REDIS_URLS, "prefix": env.str("CHANNEL_LAYER_PREFIX", default="asgi")},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Discussions: threaded comments by django-comments-xtd on topics and case studies.
SITE_ID = 1
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_FORM_CLASS = "portal.discussions.forms.ThreadCommentForm"
COMMENT_MAX_LENGTH = env.int("COMMENT_MAX_LENGTH", default=5000)
COMMENTS_XTD_MAX_THREAD_LEVEL = env.int("COMMENTS_XTD_MAX_THREAD_LEVEL", default=3)
# Signs xtd's mute/confirmation links; derived from SECRET_KEY unless set, never a literal.
COMMENTS_XTD_SALT = env.str("COMMENTS_XTD_SALT", default="").encode() or f"comments-xtd:{SECRET_KEY}".encode()
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@localhost")
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "default": {"who_can_post": "users", "allow_flagging": False, "allow_feedback": False, "show_feedback": False},
    "discussions.topic": {
        "who_can_post": "users",
        "allow_flagging": True,
        "allow_feedback": True,
        "show_feedback": True,
    },
    "practices.casestudypage": {
        "who_can_post": "users",
        "allow_flagging": True,
        "allow_feedback": True,
        "show_feedback": True,
    },
}
# Comments with links from members who joined fewer days ago than this wait for a moderator.
DISCUSSION_NEW_MEMBER_DAYS = env.int("DISCUSSION_NEW_MEMBER_DAYS", default=7)
# Reports from this many members take a comment out of its thread until a moderator decides.
DISCUSSION_FLAGS_TO_HOLD = env.int("DISCUSSION_FLAGS_TO_HOLD", default=3)
# A topic's author may edit it for this many minutes after starting it; after that, replies carry the debate.
DISCUSSION_TOPIC_EDIT_MINUTES = env.int("DISCUSSION_TOPIC_EDIT_MINUTES", default=30)
# A comment's author may edit it for this many minutes after posting it (earlier texts are kept for moderators).
DISCUSSION_COMMENT_EDIT_MINUTES = env.int("DISCUSSION_COMMENT_EDIT_MINUTES", default=30)
DISCUSSION_THREADS_PER_PAGE = env.int("DISCUSSION_THREADS_PER_PAGE", default=30)

# Moderation (portal/moderation, docs/moderation.md): spam defences on sign-up and the take-down form.
# New accounts per email domain per hour (0: no limit); per IP address is SIGNUP_RATE_LIMIT above.
SIGNUP_DOMAIN_RATE_LIMIT = env.int("SIGNUP_DOMAIN_RATE_LIMIT", default=10)
# Seconds a person needs at least to fill the sign-up form; quicker posts are refused (0: no check).
SIGNUP_MIN_SECONDS = env.int("SIGNUP_MIN_SECONDS", default=3)
# Hold every new account in the review queue until a moderator approves it (for a site under attack).
MODERATION_HOLD_NEW_ACCOUNTS = env.bool("MODERATION_HOLD_NEW_ACCOUNTS", default=False)
# Take-down requests accepted per IP address per hour.
TAKEDOWN_RATE_LIMIT = env.int("TAKEDOWN_RATE_LIMIT", default=5)
# Bulk decisions on more queue items than this run in the worker with a progress page, not in the request.
MODERATION_BULK_INLINE_LIMIT = env.int("MODERATION_BULK_INLINE_LIMIT", default=50)
# A running bulk decision that saved no progress for this many seconds is stalled (its worker was killed):
# its page offers Resume and the worker's scheduled job resumes it.
MODERATION_BULK_STALLED_AFTER = env.int("MODERATION_BULK_STALLED_AFTER", default=600)

# Elasticsearch: empty means not configured; search answers from the database. A cluster's nodes are
# listed comma-separated; the client spreads requests over them and retries another when one is down.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="portal")
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=1.0)
ELASTICSEARCH_REPLICAS = env.int("ELASTICSEARCH_REPLICAS", default=0)

# Caches: Redis when available, so rate limits hold across processes.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered page fragments, keyed on each page's cache_key, which changes on publish: a new
# version is never served stale, so a per-process cache needs no purging across processes.
# The full-page cache (portal/page_cache.py) keeps anonymous visitors' pages here too; 0 turns both off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# Off: only fragments are cached (the benchmark of uncached pages; a site whose pages differ per visitor).
PAGE_CACHE_WHOLE_PAGES = env.bool("PAGE_CACHE_WHOLE_PAGES", default=True)
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "page-fragments",
    "TIMEOUT": PAGE_CACHE_SECONDS,
    "OPTIONS": {"MAX_ENTRIES": env.int("PAGE_CACHE_ENTRIES", default=1000)},
}

# A shared cache (Varnish, a CDN) may keep anonymous visitors' Wagtail pages this long; publishing
# purges them at once when FRONTEND_CACHE_PURGE_URL names the cache (PURGE requests, off when empty).
FRONTEND_CACHE_SECONDS = env.int("FRONTEND_CACHE_SECONDS", default=60)
FRONTEND_CACHE_PURGE_URL = env.str("FRONTEND_CACHE_PURGE_URL", default="")
WAGTAILFRONTENDCACHE = (
    {
        "purge": {
            "BACKEND": "portal.home.frontend_cache.PurgeBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
            "TIMEOUT": env.float("FRONTEND_CACHE_PURGE_TIMEOUT", default=2.0),
        }
    }
    if FRONTEND_CACHE_PURGE_URL
    else {}
)

# Accounts (django-allauth): sign in with email, verified before use.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE_LIMIT", default="5/5m/ip,5/5m/key"),
    "signup": env.str("SIGNUP_RATE_LIMIT", default="20/m/ip,100/h/ip"),
    "reset_password": "20/m/ip,5/m/key",
}

# Network: sign-up also asks for the name members see; a verified new member lands on their profile form.
ACCOUNT_SIGNUP_FORM_CLASS = "portal.network.forms.SignupForm"
# Sign-ups of one address posted at once make one account (portal/network/signup.py).
ACCOUNT_FORMS = {"signup": "portal.network.signup.AccountSignupForm"}
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# The portal's voice in allauth's emails: branded templates, display names, links on PORTAL_BASE_URL.
ACCOUNT_ADAPTER = "portal.accounts.adapter.PortalAccountAdapter"
# Tell members when their password or email address changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_SIGNUP_REDIRECT_URL = "/profile/"
# Links in allauth's emails use the scheme of the site's public address.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(PORTAL_BASE_URL).scheme or "https"

# Accounts: second factors (allauth MFA), signed-in sessions, members' data.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Co-production portal"
MFA_ADAPTER = "portal.accounts.adapter.PortalMFAAdapter"
# WebAuthn over plain http is only for http://localhost in local use; production is https.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env.bool("WEBAUTHN_ALLOW_INSECURE_ORIGIN", default=not DEPLOYED)
# Members of these groups (and superusers) cannot open any admin page without a second factor.
ADMIN_SECOND_FACTOR_GROUPS = env.list("ADMIN_SECOND_FACTOR_GROUPS", default=["Editors", "Moderators"])
ACCOUNT_USER_DISPLAY = "portal.accounts.selectors.display_name"
# Accounts whose email address was never verified are deleted after this many days.
UNVERIFIED_ACCOUNT_DAYS = env.int("UNVERIFIED_ACCOUNT_DAYS", default=14)
# The version of the terms of use and privacy notice members agree to at sign-up (stored with the date).
TERMS_VERSION = env.str("TERMS_VERSION", default="2026-11")
# Every way into the admin goes through allauth's sign-in (and its second-factor stage).
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
# Accounts: the portal's wording for allauth's MFA pages (sentence case).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Network: the graph library, installed from npm by `npm ci`, served as /static/vendor/cytoscape/.
    ("vendor/cytoscape", BASE_DIR / "node_modules" / "cytoscape" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Hashed, compressed files need `collectstatic`; without it whitenoise serves
# straight from the finders.
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=DEPLOYED)
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# Where django.core.mail.backends.filebased.EmailBackend writes each email (to read what `make run` sent).
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / "sent-emails")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@localhost")

WAGTAIL_SITE_NAME = "Co-production portal"
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILAPI_LIMIT_MAX = 50
# WAGTAILAPI_BASE_URL is left unset: the API's detail_url then comes from the Site record, like html_url.
# Avatars are uploaded pictures or initials: no request to Gravatar, in the admin either.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Background work: tasks queued in the database, run by `manage.py run_worker` (or inside daphne under
# `make run`, WORKER_IN_PROCESS=1) together with the periodic schedule (docs/decisions/worker.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER_IN_PROCESS = env.bool("WORKER_IN_PROCESS", default=False)

# Insight: views of case studies, principles, topics and profiles counted as daily totals (no cookie, no IP).
INSIGHT_COUNT_VIEWS = env.bool("INSIGHT_COUNT_VIEWS", default=True)
WAGTAIL_ENABLE_UPDATE_CHECK = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "elastic_transport": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "apscheduler": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# Security: Content-Security-Policy (django-csp). The public site runs scripts only from this origin
# (and nonces, though no template needs one today); no inline script, style attribute or plugin.
# PortalCSPMiddleware adds this host's ws:/wss: origin to connect-src and the report endpoints.
CSP_EMBED_FRAME_SOURCES = env.list(
    "CSP_EMBED_FRAME_SOURCES",
    default=["https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": CSP_EMBED_FRAME_SOURCES,
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# The Wagtail and Django admins (and page previews, which render under /admin/): see docs/security.md
# for each allowance and the Wagtail feature that needs it.
CSP_ADMIN_PATH_PREFIXES = ["/admin/", "/django-admin/"]
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "script-src-elem": ["'self'", NONCE, "'report-sample'"],
        "script-src-attr": ["'none'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'", "'unsafe-inline'", "'report-sample'"],
        "style-src-attr": ["'none'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *CSP_EMBED_FRAME_SOURCES],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
    }
}
# /csp-report/ takes this many reports per client address per window, each body at most this size.
CSP_REPORT_RATE_LIMIT = env.int("CSP_REPORT_RATE_LIMIT", default=30)
CSP_REPORT_RATE_WINDOW_SECONDS = env.int("CSP_REPORT_RATE_WINDOW_SECONDS", default=60)
CSP_REPORT_MAX_BYTES = env.int("CSP_REPORT_MAX_BYTES", default=16 * 1024)

# Security: /.well-known/security.txt (RFC 9116). Renew SECURITY_TXT_EXPIRES before it passes.
SECURITY_TXT_CONTACTS = env.list("SECURITY_TXT_CONTACTS", default=["mailto:security@example.org"])
SECURITY_TXT_EXPIRES = env.str("SECURITY_TXT_EXPIRES", default="2027-10-31T00:00:00Z")
SECURITY_TXT_POLICY_URLS = env.list("SECURITY_TXT_POLICY_URLS", default=[])
SECURITY_TXT_LANGUAGES = env.str("SECURITY_TXT_LANGUAGES", default="en")

if DEPLOYED:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe health over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
