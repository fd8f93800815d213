"""Social contracts: drafting one with its obligations, reading it as the template lays it
out, changing a draft, signing, reviews, the end and a correction."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ostoja.accounts.roles import Capability
from ostoja.casework import policy as casework_policy
from ostoja.casework.access_kinds import CONTRACT_DETAIL
from ostoja.casework.forms.contracts import (
    NEW_ROWS,
    OBLIGATIONS_PREFIX,
    ContractCorrectForm,
    ContractEndForm,
    ContractForm,
    ContractReviewForm,
    ContractSignForm,
    ObligationFormSet,
    obligation_rows,
)
from ostoja.casework.models import CaseFile, ContractState, SocialContract
from ostoja.casework.selectors import contracts as selectors
from ostoja.casework.services import contracts as services
from ostoja.casework.views.cases import case_header
from ostoja.casework.views.common import case_or_404, staff, visible_or_404
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.locking import ConflictError
from ostoja.core.policy import can
from ostoja.registry.models import Person
from ostoja.registry.views.common import add_service_errors, refresh_version, validated_field


def _members(case: CaseFile) -> QuerySet[Person]:
    """Everyone who has ever belonged to the family (the service checks the day)."""
    return (
        Person.objects.filter(memberships__household_id=case.household_id)
        .distinct()
        .order_by("surname", "first_names", "pk")
    )


def _may_edit(request: HttpRequest, case: CaseFile) -> bool:
    return can(staff(request), casework_policy.EDIT, case)


def _page(request: HttpRequest, case: CaseFile, **extra: Any) -> dict[str, Any]:
    """The case header for a contract's page, its members' look recorded once."""
    page = case_header(request, case)
    person_ids = [m.person_id for m in page["members"]]
    contract = extra.get("contract")
    if contract is not None:
        person_ids.append(contract.person_id)
    record_access(request=request, person_ids=person_ids, what=CONTRACT_DETAIL)
    page |= extra
    return page


def _obligations_formset(
    request: HttpRequest, initial: list[dict[str, Any]] | None = None
) -> forms.BaseFormSet:  # type: ignore[type-arg]
    """The obligations' formset; "add a row" posts the form and comes back with one more."""
    rows_optional = {"empty_permitted": True, "use_required_attribute": False}
    if request.method != "POST":
        return ObligationFormSet(
            prefix=OBLIGATIONS_PREFIX,
            initial=initial or [{} for _row in range(NEW_ROWS)],
            form_kwargs=rows_optional,
        )
    data = request.POST.copy()
    if "add_row" in request.POST:
        total_key = f"{OBLIGATIONS_PREFIX}-TOTAL_FORMS"
        data[total_key] = str(int(data.get(total_key, "0") or 0) + 1)
    return ObligationFormSet(data, prefix=OBLIGATIONS_PREFIX, form_kwargs=rows_optional)


def _put_errors(
    form: forms.Form,
    formset: forms.BaseFormSet,  # type: ignore[type-arg]
    error: ValidationError,
) -> None:
    """The service's errors on the contract's fields and on the obligations' rows."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    kept = [f for f in formset.forms if not getattr(f, "cleaned_data", {}).get("DELETE")]
    kept = [f for f in kept if getattr(f, "cleaned_data", {})]
    for key, errors in error.error_dict.items():
        if key.startswith(f"{OBLIGATIONS_PREFIX}-"):
            _, index, field = key.split("-", 2)
            row = kept[int(index)] if int(index) < len(kept) else None
            if row is not None and field in row.fields:
                row.add_error(field, errors)
            else:
                form.add_error(None, errors)
        elif key in form.fields:
            form.add_error(key, errors)
        else:
            form.add_error(None, errors)


def _contract_form_page(
    request: HttpRequest,
    case: CaseFile,
    form: ContractForm,
    formset: forms.BaseFormSet,  # type: ignore[type-arg]
    **extra: Any,
) -> HttpResponse:
    page = _page(request, case, form=form, formset=formset, **extra)
    return render(request, "casework/contract_form.html", page)


@requires(Capability.CASEWORK_EDIT)
def contract_add(request: HttpRequest, case_id: int) -> HttpResponseBase:
    case = case_or_404(request, case_id)
    user = staff(request)
    if not _may_edit(request, case):
        raise PermissionDenied
    form = ContractForm(request.POST or None, members=_members(case))
    formset = _obligations_formset(request)
    if request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        valid = form.is_valid() & formset.is_valid()
        if valid and "add_row" not in request.POST:
            try:
                contract = services.contract_create(
                    actor=user,
                    case=case,
                    obligations=obligation_rows(formset),
                    **form.contract_data(),
                )
            except ValidationError as error:
                _put_errors(form, formset, error)
            else:
                messages.success(request, _("The draft contract was saved."))
                return redirect("casework:contract_detail", contract_id=contract.pk)
    return _contract_form_page(request, case, form, formset, title=_("New social contract"))


@requires(Capability.CASEWORK_VIEW)
def contract_detail(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = visible_or_404(request, SocialContract, contract_id)
    today = timezone.localdate()
    may_edit = _may_edit(request, contract.case)
    page = _page(
        request,
        contract.case,
        contract=contract,
        sides=selectors.sides(contract),
        reviews=list(contract.reviews.select_related("reviewed_by")),
        versions=selectors.versions(contract),
        state_label=selectors.state_label(contract, today),
        state_badge=selectors.state_badge(contract, today),
        to_end=selectors.is_to_end(contract, today),
        may_change=may_edit and contract.state == ContractState.DRAFT,
        may_run=may_edit and contract.state == ContractState.SIGNED,
        may_correct=may_edit
        and contract.state != ContractState.DRAFT
        and not SocialContract.objects.filter(supersedes=contract).exists(),
    )
    return render(request, "casework/contract_detail.html", page)


@requires(Capability.CASEWORK_EDIT)
def contract_edit(request: HttpRequest, contract_id: int) -> HttpResponseBase:
    contract = visible_or_404(request, SocialContract, contract_id)
    user = staff(request)
    if not _may_edit(request, contract.case):
        raise PermissionDenied
    if contract.state != ContractState.DRAFT:
        messages.warning(request, _("A signed contract is not changed: correct it instead."))
        return redirect("casework:contract_detail", contract_id=contract.pk)
    initial = {
        "version": contract.version,
        **{name: getattr(contract, name) for name in ("variant", "valid_from", "valid_to")},
        **{name: getattr(contract, name) for name in ("problem", "goals", "resources")},
        "person": contract.person_id,
    }
    form = ContractForm(request.POST or None, initial=initial, members=_members(contract.case))
    rows = [
        {"party": o.party, "description": o.description, "due_on": o.due_on, "amount": o.amount}
        for o in selectors.sides(contract).client + selectors.sides(contract).centre
    ]
    formset = _obligations_formset(request, initial=rows)
    conflict = None
    if request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        valid = form.is_valid() & formset.is_valid()
        if valid and "add_row" not in request.POST:
            try:
                services.contract_update(
                    actor=user,
                    contract=contract,
                    version=form.cleaned_data["version"] or 0,
                    obligations=obligation_rows(formset),
                    **form.contract_data(),
                )
            except ConflictError as error:
                conflict = error
                refresh_version(form, error.current_version)
            except ValidationError as error:
                _put_errors(form, formset, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("casework:contract_detail", contract_id=contract.pk)
    return _contract_form_page(
        request,
        contract.case,
        form,
        formset,
        contract=contract,
        conflict=conflict,
        title=_("Change the draft contract"),
    )


def _action(
    request: HttpRequest,
    contract_id: int,
    form_class: type[forms.Form],
    run: Callable[[Any, SocialContract, dict[str, Any]], Any],
    *,
    title: str,
    button: str,
    done: str,
    initial: dict[str, Any] | None = None,
) -> HttpResponseBase:
    """A form that runs one service on the contract: sign, review, end, correct."""
    contract = visible_or_404(request, SocialContract, contract_id)
    user = staff(request)
    if not _may_edit(request, contract.case):
        raise PermissionDenied
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            try:
                result = run(user, contract, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, done)
                target = result if isinstance(result, SocialContract) else contract
                return redirect("casework:contract_detail", contract_id=target.pk)
    page = _page(
        request,
        contract.case,
        contract=contract,
        form=form,
        title=title,
        button=button,
        breach_note=form_class is ContractEndForm,
    )
    return render(request, "casework/contract_action.html", page)


@requires(Capability.CASEWORK_EDIT)
def contract_sign(request: HttpRequest, contract_id: int) -> HttpResponseBase:
    return _action(
        request,
        contract_id,
        ContractSignForm,
        lambda user, contract, data: services.contract_sign(
            actor=user, contract=contract, signed_on=data["signed_on"]
        ),
        title=_("Sign the contract"),
        button=_("Record the signing"),
        done=_("The contract is signed."),
        initial={"signed_on": timezone.localdate()},
    )


@requires(Capability.CASEWORK_EDIT)
def contract_review(request: HttpRequest, contract_id: int) -> HttpResponseBase:
    return _action(
        request,
        contract_id,
        ContractReviewForm,
        lambda user, contract, data: services.contract_review_add(
            actor=user,
            contract=contract,
            reviewed_on=data["reviewed_on"],
            findings=data["findings"],
            next_review_on=data["next_review_on"],
        ),
        title=_("Review of the contract"),
        button=_("Save the review"),
        done=_("The review was saved."),
        initial={"reviewed_on": timezone.localdate()},
    )


@requires(Capability.CASEWORK_EDIT)
def contract_end(request: HttpRequest, contract_id: int) -> HttpResponseBase:
    return _action(
        request,
        contract_id,
        ContractEndForm,
        lambda user, contract, data: services.contract_end(
            actor=user,
            contract=contract,
            ended_on=data["ended_on"],
            end_reason=data["end_reason"],
            note=data["note"],
            breach_evidence=data["breach_evidence"],
        ),
        title=_("End the contract"),
        button=_("End the contract"),
        done=_("The contract is ended."),
        initial={"ended_on": timezone.localdate()},
    )


@requires(Capability.CASEWORK_EDIT)
def contract_correct(request: HttpRequest, contract_id: int) -> HttpResponseBase:
    return _action(
        request,
        contract_id,
        ContractCorrectForm,
        lambda user, contract, data: services.contract_correct(
            actor=user, contract=contract, reason=data["reason"]
        ),
        title=_("Correct the contract"),
        button=_("Make a corrected version"),
        done=_("A corrected version was made as a draft: change it and sign it again."),
    )
