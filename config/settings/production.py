"""Production: no DEBUG, the secret key from the environment, HTTPS only, strict cookies.

`make run` serves the local demo with these settings over plain HTTP on 127.0.0.1, so it sets
OSTOJA_SECURE_COOKIES=false and OSTOJA_SSL_REDIRECT=false explicitly (see the README); a real
installation behind TLS keeps the defaults (both true).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.env import env_bool, env_int

if not os.environ.get("OSTOJA_SECRET_KEY"):
    raise ImproperlyConfigured("OSTOJA_SECRET_KEY must be set in the environment for production.")
SECRET_KEY = os.environ["OSTOJA_SECRET_KEY"]
DEBUG = False
# The second factor is not optional in production, whatever the environment says.
OSTOJA_REQUIRE_2FA = True

_secure = env_bool("OSTOJA_SECURE_COOKIES", default=True)
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
SECURE_SSL_REDIRECT = env_bool("OSTOJA_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("OSTOJA_HSTS_SECONDS", 365 * 24 * 3600) if _secure else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _secure
# Preloading is a decision for the owner of the whole domain (a gmina's domain carries other
# services, some not on HTTPS): not made by one application, so the check's advice is silenced.
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]  # noqa: F405
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
if env_bool("OSTOJA_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Static files: hashed, compressed copies made by `collectstatic`, served by WhiteNoise.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
