"""The administrator's screens: staff accounts and areas (rejony) with their social workers.

Every view requires `Capability.STAFF_ADMIN`, parses input with a form, calls one service or
selector and renders. An action on an account (reset the password or the second factor, end
sessions, deactivate) is a confirmation page (GET) and a POST.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ostoja.accounts import security, services
from ostoja.accounts.models import User
from ostoja.accounts.roles import Capability, Role
from ostoja.administration import selectors
from ostoja.administration.forms import AreaForm, AreaWorkersForm, UserFilterForm, UserForm
from ostoja.core.access import requires
from ostoja.core.actions import actions_about
from ostoja.core.collation import polish
from ostoja.core.exports import FORMATS
from ostoja.core.tables import Column, Table

# Badge colours of the second factor's status; the text says it too (never colour alone).
SECOND_FACTOR_CSS = {
    "active": "text-bg-success",
    "pending": "text-bg-warning",
    "none": "text-bg-secondary",
}


def accounts_count(count: int) -> str:
    """ "1 konto", "2 konta", "5 kont": the count of accounts with the Polish plural form."""
    return ngettext("%(count)d account", "%(count)d accounts", count) % {"count": count}


def areas_count(count: int) -> str:
    return ngettext("%(count)d area", "%(count)d areas", count) % {"count": count}


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _or_404[T](getter: Callable[..., T], **kwargs: Any) -> T:
    try:
        return getter(**kwargs)
    except ObjectDoesNotExist as error:
        raise Http404 from error


def _add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's errors on the form's fields; errors of other fields on the form itself."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _second_factor(user: User) -> dict[str, str]:
    status = security.second_factor_status(user)
    if status not in SECOND_FACTOR_CSS:
        status = "none"
    labels = {
        "active": _("set up"),
        "pending": _("set-up not finished"),
        "none": _("not set up"),
    }
    return {"status": status, "css": SECOND_FACTOR_CSS[status], "label": labels[status]}


def _crumbs(*trail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Administration"), reverse("administration:user_list")), *trail]


def _accounts_crumb() -> tuple[str, str]:
    return (_("Staff accounts"), reverse("administration:user_list"))


def _areas_crumb() -> tuple[str, str]:
    return (_("Areas"), reverse("administration:area_list"))


# ---------------------------------------------------------------------------------------------
# Staff accounts
# ---------------------------------------------------------------------------------------------


@requires(Capability.STAFF_ADMIN)
def user_list(request: HttpRequest) -> HttpResponseBase:
    """Staff accounts, sorted, filtered and paginated; as an htmx request only the results."""
    form = UserFilterForm(request.GET or None)
    users = selectors.users_filter(**form.query())
    table = Table(request.GET, users, columns=_user_columns(), default="nazwisko")
    if request.GET.get("format") in FORMATS:
        return _export_users(request, table)
    entries = [{"user": user, "second_factor": _second_factor(user)} for user in table.page]
    context = {
        "form": form,
        "table": table,
        "page": table.page,
        "entries": entries,
        "count_label": accounts_count(table.count),
        "breadcrumbs": [(_("Administration"), None)],
    }
    template = "administration/user_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


def _export_users(request: HttpRequest, table: Table) -> HttpResponseBase:
    header = [
        _("Last name"),
        _("First name"),
        _("Login"),
        _("Role"),
        _("Areas"),
        _("Account"),
        _("Second factor"),
        _("Last login"),
        _("E-mail"),
    ]

    def row(user: User) -> list[str]:
        last_login = timezone.localtime(user.last_login) if user.last_login else None
        return [
            user.last_name,
            user.first_name,
            user.username,
            user.get_role_display(),
            ", ".join(area.name for area in user.areas.all()),
            _("active") if user.is_active else _("deactivated"),
            _second_factor(user)["label"],
            last_login.strftime("%d.%m.%Y %H:%M") if last_login else _("never"),
            user.email,
        ]

    name = f"konta-pracownikow-{timezone.localdate().isoformat()}"
    return Table.export(
        table.export_rows(),
        header=header,
        row=row,
        file_format=request.GET["format"],
        name=name,
    )


def _user_columns() -> list[Column]:
    # Built per request: the role's order follows the names in the current language.
    return [
        Column("nazwisko", _("Name"), (polish("last_name"),), (polish("first_name"),)),
        Column("login", _("Login"), ("username",)),
        Column("rola", _("Role"), (selectors.role_order(),), (polish("last_name"),)),
        Column("aktywne", _("Active"), ("is_active",), (polish("last_name"),)),
    ]


def _areas_fragment(
    request: HttpRequest, form: UserForm, account: User | None = None
) -> HttpResponse:
    context = {"form": form, "account_areas": _area_names(account)}
    return render(request, "administration/user_form.html#areas", context)


def _area_names(account: User | None) -> str:
    """The account's areas, for the warning that another role takes it out of them."""
    if account is None:
        return ""
    return ", ".join(area.name for area in account.areas.all())


@requires(Capability.STAFF_ADMIN)
def user_create(request: HttpRequest) -> HttpResponse:
    """A new account; on success the one-time password is shown once."""
    if request.method == "GET" and request.htmx:  # type: ignore[attr-defined]
        return _areas_fragment(request, UserForm(request.GET))
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = services.user_create(
                actor=_staff(request),
                data=form.account_data(),
                areas=form.cleaned_data["areas"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _password_page(request, user, password, created=True)
    context = {
        "form": form,
        "title": _("New staff account"),
        "breadcrumbs": _crumbs(_accounts_crumb(), (_("New account"), None)),
    }
    return render(request, "administration/user_form.html", context)


def _password_page(
    request: HttpRequest, user: User, password: str, *, created: bool
) -> HttpResponse:
    context = {
        "account": user,
        "password": password,
        "created": created,
        "breadcrumbs": _crumbs(
            _accounts_crumb(),
            (str(user), reverse("administration:user_detail", args=[user.pk])),
            (_("One-time password"), None),
        ),
    }
    return render(request, "administration/user_password.html", context)


@requires(Capability.STAFF_ADMIN)
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    account = _or_404(selectors.user_get, user_id=user_id)
    context = {
        "account": account,
        "areas": list(account.areas.all()),
        "second_factor": _second_factor(account),
        "is_self": account.pk == request.user.pk,
        "actions": actions_about(account),
        "breadcrumbs": _crumbs(_accounts_crumb(), (str(account), None)),
    }
    return render(request, "administration/user_detail.html", context)


@requires(Capability.STAFF_ADMIN)
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    account = _or_404(selectors.user_get, user_id=user_id)
    if request.method == "GET" and request.htmx:  # type: ignore[attr-defined]
        return _areas_fragment(request, UserForm(request.GET), account)
    form = UserForm.for_user(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        areas = form.cleaned_data["areas"] if form.shows_areas else None
        try:
            services.user_update(
                actor=_staff(request), user=account, data=form.account_data(), areas=areas
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The account has been saved."))
            return redirect("administration:user_detail", user_id=account.pk)
    context = {
        "form": form,
        "account": account,
        "account_areas": _area_names(account),
        "title": _("Edit the account: %(name)s") % {"name": account},
        "breadcrumbs": _crumbs(
            _accounts_crumb(),
            (str(account), reverse("administration:user_detail", args=[account.pk])),
            (_("Edit"), None),
        ),
    }
    return render(request, "administration/user_form.html", context)


def _confirm_page(
    request: HttpRequest,
    account: User,
    *,
    title: str,
    question: str,
    button: str,
    error: str = "",
    fields: dict[str, str] | None = None,
    danger: bool = False,
) -> HttpResponse:
    context = {
        "account": account,
        "title": title,
        "question": question,
        "button": button,
        "error": error,
        "fields": fields or {},
        "danger": danger,
        "breadcrumbs": _crumbs(
            _accounts_crumb(),
            (str(account), reverse("administration:user_detail", args=[account.pk])),
            (title, None),
        ),
    }
    return render(request, "administration/user_confirm.html", context)


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


@requires(Capability.STAFF_ADMIN)
def user_password_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    account = _or_404(selectors.user_get, user_id=user_id)
    if request.method == "POST":
        password = services.user_password_reset(actor=_staff(request), user=account)
        return _password_page(request, account, password, created=False)
    return _confirm_page(
        request,
        account,
        title=_("Reset the password"),
        question=_(
            "%(name)s will get a new one-time password, shown to you once. The current "
            "password stops working and the account is logged out everywhere."
        )
        % {"name": account},
        button=_("Reset the password"),
    )


@requires(Capability.STAFF_ADMIN)
def user_second_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    account = _or_404(selectors.user_get, user_id=user_id)
    if request.method == "POST":
        services.user_second_factor_reset(actor=_staff(request), user=account)
        messages.success(
            request,
            _("The second factor has been reset. %(name)s sets up a new one at the next login.")
            % {"name": account},
        )
        return redirect("administration:user_detail", user_id=account.pk)
    return _confirm_page(
        request,
        account,
        title=_("Reset the second factor"),
        question=_(
            "The authenticator app and the recovery codes of %(name)s stop working, and the "
            "account is logged out. At the next login %(name)s sets up the second factor again. "
            "Do this when the phone is lost or replaced."
        )
        % {"name": account},
        button=_("Reset the second factor"),
    )


@requires(Capability.STAFF_ADMIN)
def user_sessions_end(request: HttpRequest, user_id: int) -> HttpResponse:
    account = _or_404(selectors.user_get, user_id=user_id)
    if request.method == "POST":
        services.user_sessions_end(actor=_staff(request), user=account)
        messages.success(
            request, _("%(name)s has been logged out on every computer.") % {"name": account}
        )
        return redirect("administration:user_detail", user_id=account.pk)
    return _confirm_page(
        request,
        account,
        title=_("Log out everywhere"),
        question=_(
            "%(name)s will be logged out on every computer and has to log in again. Unsaved "
            "work in an open form is lost."
        )
        % {"name": account},
        button=_("Log out everywhere"),
    )


@requires(Capability.STAFF_ADMIN)
def user_set_active(request: HttpRequest, user_id: int) -> HttpResponse:
    account = _or_404(selectors.user_get, user_id=user_id)
    activate = not account.is_active
    if request.method == "POST":
        wanted = request.POST.get("active")
        if wanted not in ("0", "1"):
            raise Http404
        activate = wanted == "1"
        try:
            services.user_set_active(actor=_staff(request), user=account, active=activate)
        except ValidationError as error:
            return _confirm_page(
                request, account, error=_error_text(error), **_texts(account, activate)
            )
        if activate:
            messages.success(request, _("The account has been activated."))
        else:
            messages.success(request, _("The account has been deactivated."))
        return redirect("administration:user_detail", user_id=account.pk)
    return _confirm_page(request, account, **_texts(account, activate))


def _texts(account: User, activate: bool) -> dict[str, Any]:
    if activate:
        return {
            "title": _("Activate the account"),
            "question": _("%(name)s will be able to log in again with the role: %(role)s.")
            % {"name": account, "role": account.get_role_display() or "—"},
            "button": _("Activate the account"),
            "fields": {"active": "1"},
        }
    return {
        "title": _("Deactivate the account"),
        "question": _(
            "%(name)s will not be able to log in and is logged out now. The account and its "
            "history stay; it can be activated again."
        )
        % {"name": account},
        "button": _("Deactivate the account"),
        "fields": {"active": "0"},
        "danger": True,
    }


# ---------------------------------------------------------------------------------------------
# Areas
# ---------------------------------------------------------------------------------------------


@requires(Capability.STAFF_ADMIN)
def area_list(request: HttpRequest) -> HttpResponse:
    areas = list(selectors.areas_with_counts())
    context = {
        "areas": areas,
        "count_label": areas_count(len(areas)),
        "breadcrumbs": _crumbs((_("Areas"), None)),
    }
    return render(request, "administration/area_list.html", context)


@requires(Capability.STAFF_ADMIN)
def area_create(request: HttpRequest) -> HttpResponse:
    form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.area_create(actor=_staff(request), data=form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request, _("The area has been created. Now assign its social workers.")
            )
            return redirect("administration:area_workers", area_id=area.pk)
    context = {
        "form": form,
        "title": _("New area"),
        "breadcrumbs": _crumbs(_areas_crumb(), (_("New area"), None)),
    }
    return render(request, "administration/area_form.html", context)


@requires(Capability.STAFF_ADMIN)
def area_detail(request: HttpRequest, area_id: int) -> HttpResponse:
    area = _or_404(selectors.area_get, area_id=area_id)
    context = {
        "area": area,
        "workers": list(area.workers.all()),
        "actions": actions_about(area),
        "breadcrumbs": _crumbs(_areas_crumb(), (area.name, None)),
    }
    return render(request, "administration/area_detail.html", context)


@requires(Capability.STAFF_ADMIN)
def area_edit(request: HttpRequest, area_id: int) -> HttpResponse:
    area = _or_404(selectors.area_get, area_id=area_id)
    form = AreaForm.for_area(area, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.area_update(actor=_staff(request), area=area, data=form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The area has been saved."))
            return redirect("administration:area_detail", area_id=area.pk)
    context = {
        "form": form,
        "area": area,
        "title": _("Edit the area: %(name)s") % {"name": area.name},
        "breadcrumbs": _crumbs(
            _areas_crumb(),
            (area.name, reverse("administration:area_detail", args=[area.pk])),
            (_("Edit"), None),
        ),
    }
    return render(request, "administration/area_form.html", context)


@requires(Capability.STAFF_ADMIN)
def area_workers(request: HttpRequest, area_id: int) -> HttpResponse:
    area = _or_404(selectors.area_get, area_id=area_id)
    current = list(area.workers.all())
    form = AreaWorkersForm(request.POST or None, initial={"workers": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.area_workers_set(
                actor=_staff(request), area=area, workers=form.cleaned_data["workers"]
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The social workers of the area have been saved."))
            return redirect("administration:area_detail", area_id=area.pk)
    not_offered = [
        worker for worker in current if not worker.is_active or worker.role != Role.SOCIAL_WORKER
    ]
    context = {
        "form": form,
        "area": area,
        "not_offered": not_offered,
        "breadcrumbs": _crumbs(
            _areas_crumb(),
            (area.name, reverse("administration:area_detail", args=[area.pk])),
            (_("Social workers"), None),
        ),
    }
    return render(request, "administration/area_workers.html", context)
