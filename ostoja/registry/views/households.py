"""A household's file: members over time, incomes, alimony; registering a new family."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ostoja.accounts.models import User
from ostoja.accounts.roles import Capability
from ostoja.core.access import requires
from ostoja.core.actions import actions_about
from ostoja.core.audit import record_access
from ostoja.core.locking import ConflictError
from ostoja.registry import selectors, services
from ostoja.registry.forms import (
    AlimonyForm,
    HeadChangeForm,
    HouseholdAddressForm,
    IncomeForm,
    MembershipEditForm,
    MembershipEndForm,
    MembershipForm,
    PersonForm,
)
from ostoja.registry.history import change_history
from ostoja.registry.models import Household, Income, Membership, Person, Relation
from ostoja.registry.rules_adapter import income_test
from ostoja.registry.views.common import (
    add_service_errors,
    in_scope_or_404,
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

INCOME_MONTHS = 12


def _household(request: HttpRequest, household_id: int) -> Household:
    return in_scope_or_404(selectors.household_get, user=staff(request), household_id=household_id)


def _members_queryset(household: Household) -> QuerySet[Person]:
    return Person.objects.filter(memberships__household=household).distinct()


@requires(Capability.REGISTRY_VIEW)
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    household = _household(request, household_id)
    today = timezone.localdate()
    members = selectors.household_members(household)
    record_access(
        request=request, person_ids=[m.person_id for m in members], what="household_detail"
    )
    current = [m for m in members if m.is_current_on(today)]
    # The last year's incomes are what benefits are assessed on; older ones on request.
    all_incomes = request.GET.get("dochody") == "wszystkie"
    incomes_since = None if all_incomes else selectors.months_before(today, INCOME_MONTHS - 1)
    head = next((m.person for m in current if m.relation == "wnioskodawca"), None)
    context = {
        "household": household,
        "head": head,
        "current_members": current,
        "past_members": [m for m in members if not m.is_current_on(today)],
        "income_months": selectors.incomes_by_month(
            selectors.household_incomes(household, since=incomes_since)
        ),
        "income_test": income_test(household, day=today),
        "workers": [w for w in household.area.workers.all() if w.is_active],
        "shared_with": list(household.shared_with.all()),
        "all_incomes": incomes_since is None,
        "alimony": selectors.household_alimony(household, since=incomes_since),
        "history": change_history(household.history.all()),
        "actions": actions_about(household),
        "today": today,
    }
    return render(request, "registry/household_detail.html", context)


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
    household = _household(request, household_id)
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
def member_add(request: HttpRequest, household_id: int) -> HttpResponse:
    """Add a member: a new person, or one already in the registry (found by PESEL)."""
    user = staff(request)
    household = _household(request, household_id)
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
            **pesel_owner_context(request, _pesel_owner(person_form)),
        },
    )


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
    household = _household(request, household_id)
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
    household = _household(request, household_id)
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


@requires(Capability.REGISTRY_EDIT)
def head_change(request: HttpRequest, household_id: int) -> HttpResponseBase:
    """Another member becomes the head of the family; the former head's relation changes with
    it, in one step."""
    household = _household(request, household_id)
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


@requires(Capability.REGISTRY_EDIT)
def income_add(request: HttpRequest, household_id: int) -> HttpResponseBase:
    """The income form: loaded into the household page when its section is opened (htmx),
    or a page of its own; a valid POST adds the income."""
    household = _household(request, household_id)
    members = _members_queryset(household)
    form = IncomeForm(request.POST or None, members=members, prefix="income")
    if request.method == "POST" and form.is_valid():
        try:
            services.income_add(actor=staff(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The income was added."))
            return redirect(_incomes_anchor(household))
    return _form_page(request, "registry/income_add.html", household, form)


@requires(Capability.REGISTRY_EDIT)
@require_POST
def income_remove(request: HttpRequest, household_id: int) -> HttpResponseBase:
    """Remove the income named by the button pressed (`income`); its history stays."""
    household = _household(request, household_id)
    income = get_object_or_404(
        Income.objects.filter(person__memberships__household=household).distinct(),
        pk=_int_or_404(request.POST.get("income")),
    )
    services.income_remove(actor=staff(request), income=income)
    messages.success(request, _("The income was removed."))
    return redirect(_incomes_anchor(household))


@requires(Capability.REGISTRY_EDIT)
def alimony_set(request: HttpRequest, household_id: int) -> HttpResponseBase:
    household = _household(request, household_id)
    members = _members_queryset(household)
    form = AlimonyForm(request.POST or None, members=members, prefix="alimony")
    if request.method == "POST" and form.is_valid():
        services.alimony_set(actor=staff(request), **form.cleaned_data)
        messages.success(request, _("The alimony paid was saved."))
        return redirect(_incomes_anchor(household))
    return _form_page(request, "registry/alimony_set.html", household, form)


def _form_page(
    request: HttpRequest, template: str, household: Household, form: IncomeForm | AlimonyForm
) -> HttpResponse:
    """A whole page, or, for htmx, the form alone (the household page's fold-out)."""
    if request.htmx:  # type: ignore[attr-defined]
        template += "#form"
    return render(request, template, {"household": household, "form": form})


def _incomes_anchor(household: Household) -> str:
    return reverse("registry:household_detail", args=[household.pk]) + "#dochody"


@requires(Capability.REGISTRY_EDIT)
@require_POST
def member_attach(request: HttpRequest, household_id: int) -> HttpResponseBase:
    """Add a person already in the registry (found by PESEL on the add-member form)."""
    user = staff(request)
    household = _household(request, household_id)
    form = MembershipForm(request.POST, prefix="membership")
    person = in_scope_or_404(
        selectors.person_get, user=user, person_id=_int_or_404(request.POST.get("person_id"))
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


def _int_or_404(value: str | None) -> int:
    if not value or not value.isdigit():
        raise Http404
    return int(value)
