"""A person's file: detail with history, edit with optimistic locking, merge."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ostoja.accounts.roles import Capability
from ostoja.core.access import requires
from ostoja.core.actions import actions_about
from ostoja.core.audit import record_access
from ostoja.core.locking import ConflictError
from ostoja.registry import selectors, services
from ostoja.registry.forms import MergeForm, PersonForm
from ostoja.registry.history import change_history
from ostoja.registry.models import Person
from ostoja.registry.views.common import (
    add_service_errors,
    in_scope_or_404,
    refresh_version,
    staff,
    validated_field,
)


@requires(Capability.REGISTRY_VIEW)
def person_detail(request: HttpRequest, person_id: int) -> HttpResponseBase:
    user = staff(request)
    successor = selectors.merged_successor(user=user, person_id=person_id)
    if successor is not None:  # a merged duplicate's address leads to the kept record
        messages.info(request, _("This record was merged into the one shown here."))
        return redirect("registry:person_detail", person_id=successor.pk)
    person = in_scope_or_404(request, selectors.person_get, person_id=person_id)
    memberships = selectors.person_households(person)
    record_access(request=request, person_ids=[person.pk], what="person_detail")
    context = {
        "person": person,
        "memberships": memberships,
        "current": next((m for m in memberships if m.is_current_on(timezone.localdate())), None),
        "incomes": person.incomes.select_related("kind").order_by("-month")[:24],
        "history": change_history(person.history.all()),
        "actions": actions_about(person),
        "merged_from": person.merged_from.all(),
    }
    return render(request, "registry/person_detail.html", context)


@requires(Capability.REGISTRY_EDIT)
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    user = staff(request)
    person = in_scope_or_404(request, selectors.person_get, person_id=person_id)
    record_access(request=request, person_ids=[person.pk], what="person_edit")
    conflict: ConflictError | None = None
    pesel_owner: int | None = None
    if request.method == "POST":
        form = PersonForm(request.POST, instance=Person.objects.get(pk=person.pk))
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            try:
                services.person_update(
                    actor=user,
                    person=person,
                    version=form.cleaned_data["version"] or 0,
                    data=form.person_data(),
                )
            except ConflictError as error:
                conflict = error
                refresh_version(form, error.current_version)
            except ValidationError as error:
                pesel_owner = taken_pesel_owner(error)
                add_service_errors(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("registry:person_detail", person_id=person.pk)
    else:
        form = PersonForm(instance=person)
    return render(
        request,
        "registry/person_form.html",
        {"form": form, "person": person, "conflict": conflict}
        | pesel_owner_context(request, pesel_owner),
    )


@dataclass(frozen=True)
class Duplicates:
    """Persons already registered with the same names and birth date: those the user may see
    are listed; of the others the user learns only that they exist, and whom to ask."""

    visible: list[Person]
    elsewhere: bool
    whom_to_ask: str = ""

    def __bool__(self) -> bool:
        return bool(self.visible) or self.elsewhere


NO_DUPLICATES = Duplicates(visible=[], elsewhere=False)


def duplicate_warning(
    request: HttpRequest, form: PersonForm, exclude_pk: int | None = None
) -> Duplicates:
    data = form.cleaned_data
    if not (data.get("first_names") and data.get("surname") and data.get("birth_date")):
        return NO_DUPLICATES
    candidates = list(
        selectors.possible_duplicates(
            first_names=data["first_names"],
            surname=data["surname"],
            birth_date=data["birth_date"],
            exclude_pk=exclude_pk,
        )
    )
    if not candidates:
        return NO_DUPLICATES
    user = staff(request)
    visible_ids = set(
        selectors.persons_visible_to(user)
        .filter(pk__in=[c.pk for c in candidates])
        .values_list("pk", flat=True)
    )
    visible = [c for c in candidates if c.pk in visible_ids]
    record_access(request=request, person_ids=[p.pk for p in visible], what="duplicate_warning")
    elsewhere = len(visible) < len(candidates)
    return Duplicates(
        visible=visible,
        elsewhere=elsewhere,
        whom_to_ask=services.whom_to_ask() if elsewhere else "",
    )


def pesel_owner_context(request: HttpRequest, owner_id: int | None) -> dict[str, Any]:
    """What the form says about a PESEL already registered: a link to the record and the
    offer to add that person to the family when the user may see them; otherwise only that the
    number is registered in the centre and whom to ask."""
    if owner_id is None:
        return {"pesel_owner": None, "pesel_owner_hidden": False}
    user = staff(request)
    if selectors.persons_visible_to(user).filter(pk=owner_id).exists():
        return {"pesel_owner": owner_id, "pesel_owner_hidden": False}
    return {
        "pesel_owner": None,
        "pesel_owner_hidden": True,
        "whom_to_ask": services.whom_to_ask(),
    }


def taken_pesel_owner(error: ValidationError) -> int | None:
    for item in getattr(error, "error_dict", {}).get("pesel", []):
        if item.code == "pesel_taken" and item.params:
            return int(item.params["person_id"])
    return None


@requires(Capability.REGISTRY_MERGE)
def person_merge(request: HttpRequest, person_id: int) -> HttpResponseBase:
    user = staff(request)
    kept = in_scope_or_404(request, selectors.person_get, person_id=person_id)
    record_access(request=request, person_ids=[kept.pk], what="person_merge")
    candidates = selectors.possible_duplicates(
        first_names=kept.first_names,
        surname=kept.surname,
        birth_date=kept.birth_date,
        exclude_pk=kept.pk,
    )
    candidates = candidates.filter(pk__in=selectors.persons_visible_to(user).values("pk"))
    form = MergeForm(request.POST or None, initial={"merged": request.GET.get("merged")})
    if request.method == "POST" and form.is_valid():
        merged = _merge_candidate(user, form)
        if merged is not None:
            try:
                services.persons_merge(actor=user, kept=kept, merged=merged)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The records were merged."))
                return redirect("registry:person_detail", person_id=kept.pk)
    record_access(request=request, person_ids=[c.pk for c in candidates], what="person_merge")
    return render(
        request,
        "registry/person_merge.html",
        {"person": kept, "form": form, "candidates": candidates},
    )


def _merge_candidate(user: Any, form: MergeForm) -> Person | None:
    try:
        return selectors.person_get(user=user, person_id=form.cleaned_data["merged"])
    except Person.DoesNotExist:
        form.add_error("merged", _("There is no such record, or you may not see it."))
        return None
