"""A family's members: adding a new or a registered person, correcting and ending a membership."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ostoja.accounts.roles import Capability
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.registry import selectors, services
from ostoja.registry.forms import (
    MembershipEditForm,
    MembershipEndForm,
    MembershipForm,
    PersonForm,
)
from ostoja.registry.models import Household, Membership
from ostoja.registry.views.common import (
    add_service_errors,
    household_or_404,
    in_scope_or_404,
    int_or_404,
    staff,
    validated_field,
)
from ostoja.registry.views.persons import (
    NO_DUPLICATES,
    duplicate_warning,
    pesel_owner_context,
    taken_pesel_owner,
)


@requires(Capability.REGISTRY_EDIT)
def member_add(request: HttpRequest, household_id: int) -> HttpResponse:
    """Add a member: a new person, or one already in the registry (found by PESEL)."""
    user = staff(request)
    household = household_or_404(request, household_id)
    person_form = PersonForm(request.POST or None, prefix="person")
    membership_form = MembershipForm(request.POST or None, prefix="membership")
    if request.method == "POST":
        for form in (person_form, membership_form):
            if inline := validated_field(request, form):
                return inline
    duplicates = NO_DUPLICATES
    if request.method == "POST" and person_form.is_valid() & membership_form.is_valid():
        duplicates = duplicate_warning(request, person_form)
        if not duplicates or request.POST.get("not_duplicate"):
            try:
                person = services.member_add_new_person(
                    actor=user,
                    household=household,
                    person_data=person_form.person_data(),
                    **membership_form.cleaned_data,
                ).person
            except ValidationError as error:
                person_form.pesel_owner = taken_pesel_owner(error)  # type: ignore[attr-defined]
                add_service_errors(person_form, error, others_to_form=False)
                add_service_errors(membership_form, error)
            else:
                messages.success(
                    request, _("%(person)s was added to the family.") % {"person": person}
                )
                return redirect("registry:household_detail", household_id=household.pk)
    return render(
        request,
        "registry/member_add.html",
        {
            "household": household,
            "person_form": person_form,
            "membership_form": membership_form,
            "duplicates": duplicates,
            **pesel_owner_context(request, getattr(person_form, "pesel_owner", None)),
        },
    )


@requires(Capability.REGISTRY_EDIT)
@require_POST
def member_attach(request: HttpRequest, household_id: int) -> HttpResponseBase:
    """Add a person already in the registry (found by PESEL on the add-member form)."""
    user = staff(request)
    household = household_or_404(request, household_id)
    form = MembershipForm(request.POST, prefix="membership")
    person = in_scope_or_404(
        request, selectors.person_get, person_id=int_or_404(request.POST.get("person_id"))
    )
    if form.is_valid():
        try:
            services.membership_add(
                actor=user, household=household, person=person, **form.cleaned_data
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(person)s was added to the family.") % {"person": person})
    else:
        messages.error(request, _("Give the relation and the date the membership starts."))
    return redirect("registry:household_detail", household_id=household.pk)


def _membership(
    request: HttpRequest, household: Household, membership_id: int, *, what: str
) -> Membership:
    """One of the household's memberships (404 otherwise); showing it is logged."""
    membership = get_object_or_404(
        Membership.objects.select_related("person"), pk=membership_id, household=household
    )
    record_access(request=request, person_ids=[membership.person_id], what=what)
    return membership


@requires(Capability.REGISTRY_EDIT)
def member_edit(request: HttpRequest, household_id: int, membership_id: int) -> HttpResponseBase:
    """Correct a member's relation to the head (also: make them the head) or the dates."""
    household = household_or_404(request, household_id)
    membership = _membership(request, household, membership_id, what="member_edit")
    initial = {
        "relation": membership.relation,
        "valid_from": membership.valid_from,
        "valid_to": membership.valid_to,
    }
    form = MembershipEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                actor=staff(request), membership=membership, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The membership was saved."))
            return redirect("registry:household_detail", household_id=household.pk)
    return render(
        request,
        "registry/member_edit.html",
        {"household": household, "membership": membership, "form": form},
    )


@requires(Capability.REGISTRY_EDIT)
def member_end(request: HttpRequest, household_id: int, membership_id: int) -> HttpResponseBase:
    household = household_or_404(request, household_id)
    membership = _membership(request, household, membership_id, what="member_end")
    form = MembershipEndForm(request.POST or None, initial={"valid_to": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(
                actor=staff(request), membership=membership, valid_to=form.cleaned_data["valid_to"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The membership was ended."))
            return redirect("registry:household_detail", household_id=household.pk)
    return render(
        request,
        "registry/member_end.html",
        {"household": household, "membership": membership, "form": form},
    )
