"""Every view declares who may use it.

`requires(capability)` wraps a view: anonymous users go to the login page, users whose role lacks
the capability get 403. `public` marks the few views open without login (reviewed in a test that
walks the URL resolver). A signed-in user whose session has not passed the second factor
(`user.is_verified()`, set by django-otp's middleware) is sent to the code step first, unless
`OSTOJA_REQUIRE_2FA` is off. The capabilities and roles themselves live in `ostoja.accounts.roles`;
here the user is asked `user.has_capability(name)`.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import resolve_url

PUBLIC = "public"
PERMISSION_ATTRIBUTE = "ostoja_permission"

View = Callable[..., HttpResponseBase]


def requires(capability: str) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not second_factor_passed(request):
                return redirect_to_login(
                    request.get_full_path(), resolve_url(settings.OSTOJA_SECOND_FACTOR_URL)
                )
            if must_change_password(request):
                return redirect_to_login(
                    request.get_full_path(), resolve_url(settings.OSTOJA_PASSWORD_CHANGE_URL)
                )
            if not request.user.has_capability(capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        setattr(guarded, PERMISSION_ATTRIBUTE, capability)
        return guarded

    return decorate


def second_factor_passed(request: HttpRequest) -> bool:
    """Whether this session has passed the second factor (or the setting does not ask for it)."""
    if not getattr(settings, "OSTOJA_REQUIRE_2FA", True):
        return True
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


def must_change_password(request: HttpRequest) -> bool:
    """Whether the user still signs in with a one-time password and must choose their own first
    (every page but the one where they choose it)."""
    if not getattr(request.user, "password_change_required", False):
        return False
    match = getattr(request, "resolver_match", None)
    return match is None or match.view_name != settings.OSTOJA_PASSWORD_CHANGE_URL


def public(view: View) -> View:
    setattr(view, PERMISSION_ATTRIBUTE, PUBLIC)
    return view


def declared_permission(view: Any) -> str | None:
    """The permission a resolved view callback declares, looking through class-based wrappers."""
    for candidate in (view, getattr(view, "view_class", None)):
        if candidate is not None and hasattr(candidate, PERMISSION_ATTRIBUTE):
            return str(getattr(candidate, PERMISSION_ATTRIBUTE))
    return None
