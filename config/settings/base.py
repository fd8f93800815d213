"""Ostoja settings. Everything that differs between machines comes from environment variables."""

import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.settings.env import env_bool, env_int, env_list, env_str

# Lets ModelAdmin[Model], ModelForm[Model] and friends be subscripted at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("OSTOJA_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# ---------------------------------------------------------------------------------------------
# Security
# ---------------------------------------------------------------------------------------------


def _secret_key() -> str:
    """The key from the environment, or one generated once and kept in var/ for development."""
    key = env_str("OSTOJA_SECRET_KEY", "")
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("OSTOJA_DEBUG", default=False)
ALLOWED_HOSTS = env_list("OSTOJA_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("OSTOJA_CSRF_TRUSTED_ORIGINS", [])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy, enforced everywhere (also in development and the browser tests): only
# the application's own scripts and styles, no inline ones; a script the page must carry inline
# takes the request's nonce ({{ csp_nonce }}). The QR code is inline SVG, needing nothing more.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("OSTOJA_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A session ends after 30 idle minutes: the cookie's age is renewed on every request.
SESSION_COOKIE_AGE = env_int("OSTOJA_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# However active, a session ends this many hours after the login (a working day and a half).
OSTOJA_SESSION_MAX_HOURS = env_int("OSTOJA_SESSION_MAX_HOURS", 12)
# Every staff login asks for a code from an authenticator app (TOTP) or a recovery code.
OSTOJA_REQUIRE_2FA = env_bool("OSTOJA_REQUIRE_2FA", default=True)
OSTOJA_SECOND_FACTOR_URL = "accounts:second_factor"
# Where a user signed in with a one-time password chooses their own.
OSTOJA_PASSWORD_CHANGE_URL = "accounts:password_change"  # noqa: S105  (a URL name)
OTP_TOTP_ISSUER = "Ostoja"

# ---------------------------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "bootstrap",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "ostoja.core",
    "ostoja.accounts",
    "ostoja.registry",
    "ostoja.partners",
    "ostoja.casework",
    "ostoja.benefits",
    "ostoja.payments",
    "ostoja.privacy",
    "ostoja.administration",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ostoja.accounts.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ostoja.core.middleware.PrivateResponsesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "registry:home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ostoja" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ostoja.core.context_processors.ostoja",
            ],
        },
    },
]

# ---------------------------------------------------------------------------------------------
# Database: SQLite in var/ by default, PostgreSQL when DATABASE_URL is set
# ---------------------------------------------------------------------------------------------

_database_url = env_str("DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The registry's working set fits in memory (or on SSD): random reads cost about as
        # much as sequential ones, and with the default 4.0 the planner scans whole tables
        # where an index is many times faster (see bench/README.md).
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = env_str(
            "OSTOJA_PG_OPTIONS", "-c random_page_cost=1.1"
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "ostoja.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------------------------
# Authentication: Argon2, lockout after repeated failures
# ---------------------------------------------------------------------------------------------

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env_int("OSTOJA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("OSTOJA_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
# Per user name at AXES_FAILURE_LIMIT, per address only at the higher limit below: the handler
# counts them apart (ostoja.accounts.lockout; docs/decisions/0003-login-second-factor-...).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "ostoja.accounts.lockout.UserThenAddressLockout"
OSTOJA_LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("OSTOJA_LOGIN_FAILURE_LIMIT_PER_ADDRESS", 50)
# A right password alone must not clear the failures: the code step's failures count too, and
# the count is cleared only when the second factor has passed (ostoja.accounts.views).
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# ---------------------------------------------------------------------------------------------
# Language and formats: Polish office conventions
# ---------------------------------------------------------------------------------------------

# Always Polish, whatever language the browser asks for (no LocaleMiddleware): it is the
# language of the office and of its documents. English is the source language of the code.
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "ostoja" / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

# ---------------------------------------------------------------------------------------------
# Static files
# ---------------------------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise looks there at start-up, before collectstatic
STATICFILES_DIRS = [BASE_DIR / "ostoja" / "static"]
# Served by WhiteNoise's middleware (also under gunicorn); production adds hashed names.

# ---------------------------------------------------------------------------------------------
# The centre itself (printed on documents)
# ---------------------------------------------------------------------------------------------

OSTOJA_CENTRE_NAME = env_str("OSTOJA_CENTRE_NAME", "Gminny Ośrodek Pomocy Społecznej w Dębowie")
# The name after "za pośrednictwem" (the genitive), as the appeal instruction writes it.
OSTOJA_CENTRE_NAME_GENITIVE = env_str(
    "OSTOJA_CENTRE_NAME_GENITIVE", "Gminnego Ośrodka Pomocy Społecznej w Dębowie"
)
OSTOJA_CENTRE_ADDRESS = env_str("OSTOJA_CENTRE_ADDRESS", "ul. Rynek 1, 00-950 Dębowo")

# ---------------------------------------------------------------------------------------------
# Social work
# ---------------------------------------------------------------------------------------------

# An interview taken to work without a connection may be sent back for this many days; then
# the copy's token expires and the worker opens the interview again (docs/casework/offline.md).
OSTOJA_OFFLINE_MAX_AGE_DAYS = env_int("OSTOJA_OFFLINE_MAX_AGE_DAYS", 7)
# The six-month update of an interview due on a Saturday, Sunday or holiday moves to the next
# working day, by analogy with art. 57 § 4 KPA (docs/legal/choices.md).
OSTOJA_UPDATE_DUE_MOVES_TO_WORKING_DAY = env_bool(
    "OSTOJA_UPDATE_DUE_MOVES_TO_WORKING_DAY", default=True
)

# ---------------------------------------------------------------------------------------------
# Benefits and decisions
# ---------------------------------------------------------------------------------------------

# Uploaded files (attachments of applications, signed decisions, the centre's templates) are kept
# here and never served as static files: a view checks who asks before it sends one.
MEDIA_ROOT = Path(env_str("OSTOJA_MEDIA_DIR", str(VAR_DIR / "files")))
# The board of appeal for the gmina's decisions, in the genitive ("odwołanie do …").
OSTOJA_APPEAL_BOARD = env_str(
    "OSTOJA_APPEAL_BOARD", "Samorządowego Kolegium Odwoławczego w Dębowie"
)
# The person who drafted a decision may sign it too only where the centre allows it.
OSTOJA_DRAFTER_MAY_SIGN = env_bool("OSTOJA_DRAFTER_MAY_SIGN", default=False)
# Attachments: the largest file accepted, in megabytes.
OSTOJA_ATTACHMENT_MAX_MB = env_int("OSTOJA_ATTACHMENT_MAX_MB", 20)

# Re-indexation of an amount the clerk set (zasiłek okresowy): "bounds" keeps it while it lies
# within the new minimum and maximum and moves it to the nearer bound otherwise; "share" keeps
# its share of the difference (docs/legal/choices.md).
OSTOJA_REINDEX_CLERK_AMOUNT = env_str("OSTOJA_REINDEX_CLERK_AMOUNT", "bounds")
# Long work (the re-indexation) runs as a task in the database, done by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# ---------------------------------------------------------------------------------------------
# Payments: the choices are explained in docs/legal/choices.md
# ---------------------------------------------------------------------------------------------

# A benefit is paid only once its decision may be carried out: delivered, and final, immediately
# enforceable (art. 108 k.p.a.) or granting the request in full (art. 130 § 4 k.p.a.).
OSTOJA_PAY_ONLY_EXECUTABLE = env_bool("OSTOJA_PAY_ONLY_EXECUTABLE", default=True)
# A day of payment on a Saturday, Sunday or holiday: the working day before (true) or after.
OSTOJA_PAY_BEFORE_HOLIDAY = env_bool("OSTOJA_PAY_BEFORE_HOLIDAY", default=True)
# A cash list is paid out for this many days from its payment date; then its lines not
# collected go back as not collected.
OSTOJA_CASH_PAYOUT_DAYS = env_int("OSTOJA_CASH_PAYOUT_DAYS", 14)
# What a repayment of an undue family benefit pays first: "odsetki_najpierw" (the interest, then
# the principal) or "proporcjonalnie" (both in proportion to what is owed of each).
OSTOJA_UNDUE_REPAYMENT_ORDER = env_str("OSTOJA_UNDUE_REPAYMENT_ORDER", "odsetki_najpierw")
# The days a reminder gives the debtor to pay (art. 15 § 1 u.p.e.a.: seven).
OSTOJA_REMINDER_DAYS = env_int("OSTOJA_REMINDER_DAYS", 7)
# The largest part of a payment (in per cent) the run sets off against an undue benefit the
# payee owes and has not repaid on time; 0 sets nothing off (docs/legal/choices.md).
OSTOJA_UNDUE_SETOFF_PERCENT = env_int("OSTOJA_UNDUE_SETOFF_PERCENT", 100)
# What the run sets off: "po_terminie" (what is overdue: the instalments past their day, with
# the interest) or "od_ostatecznosci" (everything owed, once the decision is final).
OSTOJA_UNDUE_SETOFF_FROM = env_str("OSTOJA_UNDUE_SETOFF_FROM", "po_terminie")

# ---------------------------------------------------------------------------------------------
# Logging: to the console; PESELs must never reach it (a test checks)
# ---------------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"mask_pesel": {"()": "ostoja.core.logging.MaskPeselFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_pesel"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("OSTOJA_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # runserver's request lines carry query strings (a PESEL typed in the search box):
        # they go through the masking console handler, not Django's own.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

SILENCED_SYSTEM_CHECKS: list[str] = []
