"""Logging in (password, then the second factor), enrolment of the second factor, logging out.

The code step and the enrolment are open to a user who has given the right password but whose
session has not passed the second factor yet: `requires` sends every other view there.
A wrong code counts as a failed login for the lockout (django-axes), like a wrong password.
"""

from typing import Any

import django_otp
import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from ostoja.accounts import security
from ostoja.accounts.forms import CodeForm, LoginForm
from ostoja.accounts.middleware import EXPIRED_PARAMETER, EXPIRED_VALUE
from ostoja.accounts.models import User
from ostoja.accounts.roles import Capability
from ostoja.accounts.second_factor import (
    second_factor_begin,
    second_factor_confirm,
    secret_in_groups,
)
from ostoja.accounts.services import user_password_change
from ostoja.core.access import public, requires, second_factor_passed

RECOVERY_CODES_KEY = "ostoja_recovery_codes"


class _LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        target = super().get_success_url()
        if second_factor_passed(self.request):
            return target
        return f"{reverse('accounts:second_factor')}?{urlencode({'next': target})}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["session_expired"] = self.request.GET.get(EXPIRED_PARAMETER) == EXPIRED_VALUE
        context["max_hours"] = settings.OSTOJA_SESSION_MAX_HOURS
        return context


@public
def login(request: HttpRequest) -> HttpResponseBase:
    return _LoginView.as_view()(request)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next(request)})}"


def _failed(request: HttpRequest, form: CodeForm) -> HttpResponseBase | None:
    """Count a wrong code as a failed login; the lockout response once the limit is reached."""
    credentials = {"username": request.user.get_username()}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if getattr(request, "axes_locked_out", False) or not AxesProxyHandler.is_allowed(
        request, credentials
    ):
        auth_logout(request)
        response: HttpResponseBase = get_lockout_response(request, credentials=credentials)
        return response
    form.reject()
    return None


def _locked(request: HttpRequest) -> HttpResponseBase | None:
    credentials = {"username": request.user.get_username()}
    if AxesProxyHandler.is_allowed(request, credentials):
        return None
    auth_logout(request)
    response: HttpResponseBase = get_lockout_response(request, credentials=credentials)
    return response


def _passed(request: HttpRequest, device: Any) -> None:
    django_otp.login(request, device)
    security.clear_login_failures(request.user)


@public
def second_factor(request: HttpRequest) -> HttpResponseBase:
    """The code step: six digits from the authenticator app, or one of the recovery codes."""
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    if second_factor_passed(request):
        return redirect(_next(request))
    if security.second_factor_status(request.user) != security.ACTIVE:
        return redirect(_with_next("accounts:enrol", request))
    if (locked := _locked(request)) is not None:
        return locked
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            _passed(request, device)
            return redirect(_next(request))
        if (lockout := _failed(request, form)) is not None:
            return lockout
    return render(
        request,
        "accounts/second_factor.html",
        {"form": form, "next": _next(request), "second_factor_step": True},
    )


@public
def enrol(request: HttpRequest) -> HttpResponseBase:
    """First login: the authenticator app is set up (QR code or the secret typed by hand)."""
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    if security.second_factor_status(request.user) == security.ACTIVE:
        return redirect(_with_next("accounts:second_factor", request))
    if (locked := _locked(request)) is not None:
        return locked
    device: TOTPDevice = second_factor_begin(actor=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = second_factor_confirm(actor=request.user, device=device)
            _passed(request, device)
            request.session[RECOVERY_CODES_KEY] = codes
            return redirect(_with_next("accounts:recovery_codes", request))
        if (lockout := _failed(request, form)) is not None:
            return lockout
    qr = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, title="Kod QR", omitsize=True
    )
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "next": _next(request),
            "qr_svg": mark_safe(qr),  # noqa: S308  (segno's own markup, no user input)
            "secret": secret_in_groups(device),
            "second_factor_step": True,
        },
    )


@requires(Capability.SIGNED_IN)
def recovery_codes(request: HttpRequest) -> HttpResponseBase:
    """The ten recovery codes, shown once right after enrolment, ready to print."""
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    if not codes:
        return redirect(_next(request))
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})


@public  # signing out needs no permission, also half-way through the login
@require_POST
def logout(request: HttpRequest) -> HttpResponseBase:
    """Sign out, and have the browser forget what it kept of this site: the interviews taken to
    work without a connection (localStorage, the service worker's caches, the worker itself)."""
    response = auth_views.LogoutView.as_view()(request)
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@requires(Capability.SIGNED_IN)
def password_change(request: HttpRequest) -> HttpResponseBase:
    """The user chooses their own password: required after a one-time password from the
    administrator, open to anyone signed in at other times."""
    user = request.user
    assert isinstance(user, User)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_password_change(actor=user, new_password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            # A new password ends the other sessions, not this one.
            update_session_auth_hash(request, user)
            messages.success(request, _("Your new password is saved."))
            return redirect(_next(request))
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "next": _next(request), "required": user.password_change_required},
    )


def add_form_errors(form: Any, error: ValidationError) -> None:
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
