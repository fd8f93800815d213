"""Small pieces the registry's views share."""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from ostoja.accounts.models import User
from ostoja.core.audit import record_refusal
from ostoja.registry import selectors
from ostoja.registry.access_kinds import OUT_OF_SCOPE
from ostoja.registry.models import Household, Person

T = TypeVar("T")


def staff(request: HttpRequest) -> User:
    """The signed-in member of staff (every registry view requires login)."""
    user = request.user
    assert isinstance(user, User)
    return user


def in_scope_or_404[T](request: HttpRequest, getter: Callable[..., T], **kwargs: Any) -> T:
    """Call a scoped selector for the signed-in user; anything missing or out of the user's
    scope is the Polish 404, and the refused look goes into the access log (without the record:
    the log does not tell whether it exists)."""
    try:
        return getter(user=staff(request), **kwargs)
    except ObjectDoesNotExist as error:
        record_refusal(request=request, what=OUT_OF_SCOPE, status=404)
        raise Http404 from error


def household_or_404(request: HttpRequest, household_id: int) -> Household:
    """The household, if the user may see it; the Polish 404 otherwise."""
    return in_scope_or_404(request, selectors.household_get, household_id=household_id)


def members_queryset(household: Household) -> QuerySet[Person]:
    """Everyone who has ever belonged to the household (for the income and alimony forms)."""
    return Person.objects.filter(memberships__household=household).distinct()


def int_or_404(value: str | None) -> int:
    """An id posted by a button; anything but digits is the Polish 404."""
    if not value or not value.isdigit():
        raise Http404
    return int(value)


def validated_field(request: HttpRequest, form: forms.BaseForm) -> HttpResponse | None:
    """Inline validation: when htmx posts the form because one field changed, answer with that
    field alone (its errors included), and leave the rest of the page as it is."""
    name = request.headers.get("X-Ostoja-Validate", "")
    if not name:
        return None
    if form.prefix and not name.startswith(f"{form.prefix}-"):
        return None
    prefixless = name.removeprefix(f"{form.prefix}-") if form.prefix else name
    if prefixless not in form.fields:
        return None
    form.is_valid()
    context = {"field": form[prefixless], "filled": _filled_by(form, prefixless)}
    return render(request, "registry/_field_validated.html", context)


def _filled_by(form: forms.BaseForm, name: str) -> list[forms.BoundField]:
    """Fields that a valid value fills in, sent back out of band: a PESEL gives the birth date
    and sex; a postcode suggests the town (the one most often registered with it) when the
    town is still empty."""
    if form.has_error(name) or not form.cleaned_data.get(name):
        return []
    filled: dict[str, str] = {}
    if name == "pesel":
        filled["birth_date"] = form.cleaned_data["birth_date"].isoformat()
        filled["sex"] = form.cleaned_data["sex"]
    elif name.endswith("postcode"):
        town_field = name.removesuffix("postcode") + "town"
        town = selectors.town_for_postcode(form.cleaned_data[name])
        if town_field in form.fields and town and not form.data.get(form.add_prefix(town_field)):
            filled[town_field] = town
    if not filled:
        return []
    data = form.data.copy()  # type: ignore[attr-defined]
    for field_name, value in filled.items():
        data[form.add_prefix(field_name)] = value
    refilled = type(form)(data=data, prefix=form.prefix)
    return [refilled[field_name] for field_name in filled]


def refresh_version(form: forms.BaseForm, version: int) -> None:
    """After a conflict the form keeps the user's values but carries the current version, so
    that saving again (having looked at the other person's changes) goes through."""
    data = form.data.copy()  # type: ignore[attr-defined]
    data[form.add_prefix("version")] = str(version)
    form.data = data


def add_service_errors(
    form: forms.BaseForm,
    error: ValidationError,
    *,
    others_to_form: bool = True,
    skip: Iterable[str] = (),
) -> None:
    """Put a service's validation errors on the form's fields. Errors of fields the form does
    not have go on the form as a whole, unless another form on the page takes them
    (`others_to_form=False`, or the other form's fields named in `skip`)."""
    if not hasattr(error, "error_dict"):
        if others_to_form:
            form.add_error(None, error)
        return
    skipped = set(skip)
    for field, errors in error.error_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
        elif others_to_form and field not in skipped:
            form.add_error(None, errors)
