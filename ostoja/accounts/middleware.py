"""A session's absolute lifetime: however active, it ends OSTOJA_SESSION_MAX_HOURS after login.

The idle limit is the session cookie's age (renewed on every request); this one is counted from
the login time, which `remember_login_time` stores in the session when the user signs in.
"""

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse

LOGIN_TIME_KEY = "ostoja_login_at"
EXPIRED_PARAMETER = "koniec"
EXPIRED_VALUE = "sesja"


def remember_login_time(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """`user_logged_in` receiver: the clock of the absolute limit starts at each login."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_TIME_KEY] = int(time.time())


def session_expired(request: HttpRequest) -> bool:
    started = request.session.get(LOGIN_TIME_KEY)
    if started is None:
        return False
    return time.time() - float(started) > settings.OSTOJA_SESSION_MAX_HOURS * 3600


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated and session_expired(request):
            logout(request)
            url = f"{reverse('accounts:login')}?{urlencode({EXPIRED_PARAMETER: EXPIRED_VALUE})}"
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return HttpResponseRedirect(url)
        return self.get_response(request)
