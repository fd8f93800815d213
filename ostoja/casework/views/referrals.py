"""Referrals to institutions: sending one, reading it, and recording the institution's answer,
its feedback and the end."""

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
from ostoja.casework.access_kinds import REFERRAL_DETAIL
from ostoja.casework.forms.referrals import (
    ReferralAnswerForm,
    ReferralCompleteForm,
    ReferralFeedbackForm,
    ReferralForm,
)
from ostoja.casework.models import CaseFile, Referral, ReferralState
from ostoja.casework.selectors import referrals as selectors
from ostoja.casework.services import referrals as services
from ostoja.casework.views.cases import case_header
from ostoja.casework.views.common import case_or_404, staff, visible_or_404
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.policy import can
from ostoja.partners import policy as partners_policy
from ostoja.partners.models import Institution
from ostoja.partners.selectors import active_institutions
from ostoja.registry.models import Person
from ostoja.registry.views.common import add_service_errors, validated_field


def _members(case: CaseFile) -> QuerySet[Person]:
    return (
        Person.objects.filter(memberships__household_id=case.household_id)
        .distinct()
        .order_by("surname", "first_names", "pk")
    )


def _page(request: HttpRequest, case: CaseFile, **extra: Any) -> dict[str, Any]:
    page = case_header(request, case)
    person_ids = [m.person_id for m in page["members"]]
    referral = extra.get("referral")
    if referral is not None:
        person_ids.append(referral.person_id)
    record_access(request=request, person_ids=person_ids, what=REFERRAL_DETAIL)
    page |= extra
    return page


def _institutions(request: HttpRequest, kind: str) -> QuerySet[Institution]:
    institution_kind = selectors.INSTITUTION_KIND_FOR.get(kind, "")  # type: ignore[call-overload]
    return active_institutions(staff(request), str(institution_kind))


@requires(Capability.CASEWORK_EDIT)
def referral_add(request: HttpRequest, case_id: int) -> HttpResponseBase:
    """Send a member of the family to an institution. Choosing the kind of help and pressing
    "Show the institutions of this kind" (or, with JavaScript, changing it) narrows the list."""
    case = case_or_404(request, case_id)
    user = staff(request)
    if not can(user, casework_policy.EDIT, case):
        raise PermissionDenied
    data = request.POST or None
    kind = (data or request.GET).get("kind", "")
    initial: dict[str, Any] = {"sent_on": timezone.localdate(), "kind": kind or None}
    if data is not None and "choose_kind" in data:
        # Only the list of institutions changes: what was typed comes back, no errors yet.
        initial = {**data.dict(), "kind": kind}
        data = None
    form = ReferralForm(
        data,
        members=_members(case),
        institutions=_institutions(request, kind),
        initial=initial,
    )
    if data is not None:
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            try:
                referral = services.referral_create(actor=user, case=case, **form.referral_data())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The referral was saved."))
                return redirect("casework:referral_detail", referral_id=referral.pk)
    page = _page(
        request,
        case,
        form=form,
        title=_("New referral"),
        may_add_institution=can(user, partners_policy.EDIT),
        back_here=request.path + (f"?kind={kind}" if kind else ""),
    )
    return render(request, "casework/referral_form.html", page)


@requires(Capability.CASEWORK_VIEW)
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = visible_or_404(request, Referral, referral_id)
    may_edit = can(staff(request), casework_policy.EDIT, referral.case)
    page = _page(
        request,
        referral.case,
        referral=referral,
        badge=selectors.STATE_BADGES[ReferralState(referral.state)],
        may_answer=may_edit and referral.state == ReferralState.SENT,
        may_feedback=may_edit,
        may_complete=may_edit and referral.state in (ReferralState.SENT, ReferralState.ACCEPTED),
    )
    return render(request, "casework/referral_detail.html", page)


def _action(
    request: HttpRequest,
    referral_id: int,
    form_class: type[forms.Form],
    run: Callable[[Any, Referral, dict[str, Any]], Any],
    *,
    title: str,
    button: str,
    done: str,
    initial: dict[str, Any],
) -> HttpResponseBase:
    referral = visible_or_404(request, Referral, referral_id)
    user = staff(request)
    if not can(user, casework_policy.EDIT, referral.case):
        raise PermissionDenied
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            try:
                run(user, referral, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, done)
                return redirect("casework:referral_detail", referral_id=referral.pk)
    page = _page(request, referral.case, referral=referral, form=form, title=title, button=button)
    return render(request, "casework/referral_action.html", page)


@requires(Capability.CASEWORK_EDIT)
def referral_answer(request: HttpRequest, referral_id: int) -> HttpResponseBase:
    return _action(
        request,
        referral_id,
        ReferralAnswerForm,
        lambda user, referral, data: services.referral_record_answer(
            actor=user,
            referral=referral,
            accepted=data["accepted"] == "tak",
            answered_on=data["answered_on"],
            note=data["note"],
        ),
        title=_("The institution's answer"),
        button=_("Save the answer"),
        done=_("The answer was saved."),
        initial={"answered_on": timezone.localdate()},
    )


@requires(Capability.CASEWORK_EDIT)
def referral_feedback(request: HttpRequest, referral_id: int) -> HttpResponseBase:
    return _action(
        request,
        referral_id,
        ReferralFeedbackForm,
        lambda user, referral, data: services.referral_record_feedback(
            actor=user,
            referral=referral,
            feedback=data["feedback"],
            feedback_on=data["feedback_on"],
        ),
        title=_("Feedback from the institution"),
        button=_("Save the feedback"),
        done=_("The feedback was saved."),
        initial={"feedback_on": timezone.localdate()},
    )


@requires(Capability.CASEWORK_EDIT)
def referral_complete(request: HttpRequest, referral_id: int) -> HttpResponseBase:
    return _action(
        request,
        referral_id,
        ReferralCompleteForm,
        lambda user, referral, data: services.referral_complete(
            actor=user,
            referral=referral,
            completed_on=data["completed_on"],
            feedback=data["feedback"],
        ),
        title=_("Complete the referral"),
        button=_("Complete the referral"),
        done=_("The referral is completed."),
        initial={"completed_on": timezone.localdate()},
    )
