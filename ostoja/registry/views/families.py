"""Registering a family, editing its address and sharing, changing its head."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ostoja.accounts.models import User
from ostoja.accounts.roles import Capability
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.locking import ConflictError
from ostoja.registry import services
from ostoja.registry.forms import (
    HeadChangeForm,
    HouseholdAddressForm,
    PersonForm,
)
from ostoja.registry.models import Household, Membership, Relation
from ostoja.registry.views.common import (
    add_service_errors,
    household_or_404,
    refresh_version,
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
def household_register(request: HttpRequest) -> HttpResponse:
    """A new family: its address and area, and its head (the applicant)."""
    user = staff(request)
    address_form = HouseholdAddressForm(request.POST or None, prefix="household", user=user)
    person_form = PersonForm(request.POST or None, prefix="head")
    if request.method == "POST":
        for form in (person_form, address_form):
            if inline := validated_field(request, form):
                return inline
    duplicates = NO_DUPLICATES
    if request.method == "POST" and address_form.is_valid() & person_form.is_valid():
        duplicates = duplicate_warning(request, person_form)
        if not duplicates or request.POST.get("not_duplicate"):
            household = _register(user, address_form, person_form)
            if household is not None:
                messages.success(request, _("The family was registered."))
                return redirect("registry:household_detail", household_id=household.pk)
    return render(
        request,
        "registry/household_register.html",
        {
            "address_form": address_form,
            "person_form": person_form,
            "duplicates": duplicates,
            **pesel_owner_context(request, _pesel_owner(person_form)),
        },
    )


def _register(
    user: User, address_form: HouseholdAddressForm, person_form: PersonForm
) -> Household | None:
    try:
        return services.family_register(
            actor=user,
            area=address_form.cleaned_data["area"],
            address=address_form.address_data(),
            head_data=person_form.person_data(),
            since=timezone.localdate(),
        )
    except ValidationError as error:
        person_form.pesel_owner = taken_pesel_owner(error)  # type: ignore[attr-defined]
        add_service_errors(address_form, error, skip=person_form.fields)
        add_service_errors(person_form, error, others_to_form=False)
        return None


def _pesel_owner(form: PersonForm) -> int | None:
    return getattr(form, "pesel_owner", None)


@requires(Capability.REGISTRY_EDIT)
def household_edit(request: HttpRequest, household_id: int) -> HttpResponse:
    user = staff(request)
    household = household_or_404(request, household_id)
    conflict = None
    form = HouseholdAddressForm(
        request.POST or None, instance=Household.objects.get(pk=household.pk), user=user
    )
    if request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            try:
                services.household_update(
                    actor=user,
                    household=household,
                    version=form.cleaned_data["version"] or 0,
                    data=form.household_data(),
                    shared_with=form.cleaned_data["shared_with"],
                )
            except ConflictError as error:
                conflict = error
                refresh_version(form, error.current_version)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("registry:household_detail", household_id=household.pk)
    return render(
        request,
        "registry/household_form.html",
        {"form": form, "household": household, "conflict": conflict},
    )


@requires(Capability.REGISTRY_EDIT)
def head_change(request: HttpRequest, household_id: int) -> HttpResponseBase:
    """Another member becomes the head of the family; the former head's relation changes with
    it, in one step."""
    household = household_or_404(request, household_id)
    today = timezone.localdate()
    current = Membership.objects.current_on(today).filter(household=household)
    candidates = current.exclude(relation=Relation.APPLICANT).select_related("person")
    head = current.filter(relation=Relation.APPLICANT).select_related("person").first()
    record_access(
        request=request,
        person_ids=[m.person_id for m in current],
        what="head_change",
    )
    form = HeadChangeForm(request.POST or None, members=candidates, has_head=head is not None)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_change_head(
                actor=staff(request),
                household=household,
                new_head=form.cleaned_data["new_head"],
                since=form.cleaned_data["since"],
                former_head_relation=form.cleaned_data["former_head_relation"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The head of the family was changed."))
            return redirect("registry:household_detail", household_id=household.pk)
    return render(
        request,
        "registry/head_change.html",
        {"household": household, "head": head, "form": form},
    )
