"""Small pieces the benefits' views share: the signed-in member of staff, a record in scope or
the 404 (logged), inline validation of one field, a conflict shown in words, and the sort
headers of a list sorted in Python."""

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from ostoja.accounts.models import User
from ostoja.benefits.access_kinds import OUT_OF_SCOPE
from ostoja.benefits.models import Application
from ostoja.benefits.selectors import applications as selectors
from ostoja.core.audit import record_refusal
from ostoja.core.locking import ConflictError, FieldChange
from ostoja.core.policy import visible_to
from ostoja.core.tables import SORT_PARAM, Column, Header, query_without


def staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def refuse_out_of_scope(request: HttpRequest) -> Http404:
    """The Polish 404 for a record outside the user's scope; the refused look goes into the
    access log (without the record: the log does not tell whether it exists)."""
    record_refusal(request=request, what=OUT_OF_SCOPE, status=404)
    return Http404()


def visible_or_404[M: models.Model](request: HttpRequest, model: type[M], pk: Any) -> M:
    """The record, if the user may see it; the logged 404 otherwise."""
    try:
        return visible_to(staff(request), model).get(pk=int(pk))  # type: ignore[no-any-return]
    except (model.DoesNotExist, ValueError, TypeError) as error:  # type: ignore[attr-defined]
        raise refuse_out_of_scope(request) from error


def application_or_404(request: HttpRequest, application_id: Any) -> Application:
    """The application with what its header shows, if the user may see it."""
    try:
        return selectors.application_get(staff(request), int(application_id))
    except (Application.DoesNotExist, ValueError, TypeError) as error:
        raise refuse_out_of_scope(request) from error


# ---------------------------------------------------------------------------------------------
# Inline validation
# ---------------------------------------------------------------------------------------------


def validated_field(request: HttpRequest, form: forms.BaseForm) -> HttpResponse | None:
    """Inline validation: when htmx posts the form because one field changed, answer with that
    field alone (its errors included), and leave the rest of the page as it is.

    Unlike the registry's, it never redraws other fields out of band: a redrawn field would
    replace what the user chose in it while the answer was on its way (the day of receipt
    decides who may apply, but the applicant is chosen right after it). The fields a value
    decides follow it when the form comes back from the server."""
    name = request.headers.get("X-Ostoja-Validate", "")
    if not name:
        return None
    prefixless = name.removeprefix(f"{form.prefix}-") if form.prefix else name
    if prefixless not in form.fields:
        return None
    form.is_valid()
    return render(
        request, "registry/_field_validated.html", {"field": form[prefixless], "filled": []}
    )


# ---------------------------------------------------------------------------------------------
# Conflicts
# ---------------------------------------------------------------------------------------------


def _display(model: type[models.Model], field_name: str, value: Any) -> str:
    """A stored value as the form shows it: a choice's label, a person's name, a date d.m.Y."""
    if value is None or value == "":
        return ""
    field = model._meta.get_field(field_name)
    if isinstance(field, models.Field) and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        related_model: Any = field.related_model
        related = related_model._default_manager.filter(pk=value).first()
        if related is None:
            return str(value)
        full_name = getattr(related, "get_full_name", None)
        return (full_name() if callable(full_name) else "") or str(related)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}".replace(".", ",")
    return str(value)


def readable_conflict(error: ConflictError, model: type[models.Model]) -> ConflictError:
    """The conflict with the other person's values in words, for `partials/conflict.html`."""
    changes = [
        FieldChange(
            change.field,
            change.label,
            _display(model, change.field, change.old),
            _display(model, change.field, change.new),
        )
        for change in error.changes
    ]
    return ConflictError(changes=changes, current_version=error.current_version)


# ---------------------------------------------------------------------------------------------
# Sorting in Python
# ---------------------------------------------------------------------------------------------


def asked_sort(query: QueryDict, keys: Sequence[str]) -> tuple[str, bool]:
    """The column asked for by `?sortuj=` and whether descending; the first key otherwise."""
    asked = query.get(SORT_PARAM, "")
    if asked.lstrip("-") not in keys:
        return keys[0], False
    return asked.lstrip("-"), asked.startswith("-")


def sort_headers(
    query: QueryDict, columns: Sequence[Column], *, key: str, descending: bool
) -> dict[str, Header]:
    """The headers of a list sorted in Python, for `partials/sort_header.html`, by key."""
    headers = {}
    for column in columns:
        current = column.key == key
        aria = ("descending" if descending else "ascending") if current else "none"
        value = f"-{column.key}" if current and not descending else column.key
        headers[column.key] = Header(column, aria, query_without(query, **{SORT_PARAM: value}))
    return headers
