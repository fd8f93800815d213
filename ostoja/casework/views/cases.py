"""The case files: the section's list, opening a file from the family's page, the case page
(header, the areas' panels, the timeline) and the forms that change the file."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ostoja.accounts.models import Area
from ostoja.accounts.roles import Capability
from ostoja.casework import policy as casework_policy
from ostoja.casework.access_kinds import CASE_DETAIL, CASE_LIST
from ostoja.casework.case_panels import render_case_panels
from ostoja.casework.forms.cases import (
    CaseAssignForm,
    CaseCloseForm,
    CaseFilterForm,
    CaseOpenForm,
    CaseReasonEndForm,
    CaseReasonForm,
    CaseReopenForm,
    PermanentHelpForm,
)
from ostoja.casework.models import CaseFile, CaseReason
from ostoja.casework.selectors import cases as selectors
from ostoja.casework.services import cases as services
from ostoja.casework.timeline import case_timeline
from ostoja.casework.views.common import case_or_404, staff, visible_or_404
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.exports import FORMATS
from ostoja.core.policy import can, visible_to
from ostoja.core.tables import Table
from ostoja.core.text import fold
from ostoja.registry.models import Household, Person, Relation
from ostoja.registry.views.common import add_service_errors, validated_field

CASES_PER_PAGE = 20


def _head(members: list[Any]) -> Person | None:
    return next((m.person for m in members if m.relation == Relation.APPLICANT), None)


# ---------------------------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------------------------


@requires(Capability.CASEWORK_VIEW)
def case_list(request: HttpRequest) -> HttpResponseBase:
    """The section's landing page: the case files the user sees, filtered, sorted, paged,
    exported."""
    user = staff(request)
    areas = Area.objects.filter(pk__in=visible_to(user, Household).values("area_id")).order_by(
        "name"
    )
    form = CaseFilterForm(request.GET, areas=areas)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = selectors.case_list(user, filters)
    table = Table(request.GET, cases, columns=selectors.case_columns(), default="rodzina")
    if request.GET.get("format") in FORMATS:
        return _export(request, table)
    page = table.page
    shown = selectors.head_ids(page.object_list)
    record_access(request=request, person_ids=shown, what=CASE_LIST)
    return render(
        request,
        "casework/case_list.html",
        {
            "table": table,
            "cases": page,
            "filter_form": form,
            "filtered": any(filters.values()),
            "today": timezone.localdate(),
        },
    )


def _export(request: HttpRequest, table: Table) -> HttpResponseBase:
    rows = table.export_rows()
    record_access(request=request, person_ids=selectors.head_ids(rows), what=CASE_LIST)
    header = [
        _("family"),
        _("address"),
        _("area"),
        _("social worker"),
        _("state"),
        _("reasons for help"),
        _("opened on"),
        _("last contact"),
        _("case no."),
    ]
    return Table.export(
        rows,
        header=header,
        row=lambda c: [
            f"{c.head_surname} {c.head_first_names}".strip(),
            str(c.household.address),
            c.household.area.name,
            f"{c.worker_first_name} {c.worker_last_name}".strip(),
            c.get_state_display(),
            ", ".join(_reason_label(r) for r in c.current_reasons),
            c.opened_on,
            c.last_contact,
            c.pk,
        ],
        file_format=request.GET["format"],
        name=f"{slugify(fold(_('case files')))}-{timezone.localdate().isoformat()}",
    )


def _reason_label(case_reason: CaseReason) -> str:
    if case_reason.person is None:
        return case_reason.reason.name
    return f"{case_reason.reason.name} ({case_reason.person.full_name})"


# ---------------------------------------------------------------------------------------------
# Opening a case file
# ---------------------------------------------------------------------------------------------


@requires(Capability.CASEWORK_EDIT)
def case_open(request: HttpRequest, household_id: int) -> HttpResponseBase:
    user = staff(request)
    household = visible_or_404(request, Household, household_id)
    existing = selectors.case_for_household(user, household.pk)
    if existing is not None:
        return redirect("casework:case_detail", case_id=existing.pk)
    if not can(user, casework_policy.OPEN_CASE, household):
        raise PermissionDenied
    form = CaseOpenForm(request.POST or None)
    if request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            try:
                case = services.case_open(
                    actor=user,
                    household=household,
                    opened_on=form.cleaned_data["opened_on"],
                    reasons=form.cleaned_data["reasons"],
                    worker=form.cleaned_data["worker"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The case file was opened."))
                return redirect("casework:case_detail", case_id=case.pk)
    members = selectors.household_members_of(household)
    record_access(request=request, person_ids=[m.person_id for m in members], what=CASE_DETAIL)
    return render(
        request,
        "casework/case_open.html",
        {
            "form": form,
            "household": household,
            "head": _head(members),
            "area_workers": services.social_workers_of(household),
        },
    )


# ---------------------------------------------------------------------------------------------
# The case page
# ---------------------------------------------------------------------------------------------


def case_header(request: HttpRequest, case: CaseFile) -> dict[str, Any]:
    """What the header card shows, for the case page and the case's forms."""
    members = selectors.household_members(case)
    user = staff(request)
    return {
        "case": case,
        "household": case.household,
        "members": members,
        "head": _head(members),
        "worker": selectors.current_worker(case),
        "reasons": selectors.reasons_of(case),
        "today": timezone.localdate(),
        "may_edit": can(user, casework_policy.EDIT, case),
        "may_assign": can(user, casework_policy.ASSIGN, case),
        "may_reopen": not case.is_open and can(user, casework_policy.OPEN_CASE, case.household),
        "may_note": can(user, casework_policy.NOTE_ADD, case)
        and can(user, casework_policy.EDIT, case),
    }


@requires(Capability.CASEWORK_VIEW)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_or_404(request, case_id)
    page = case_header(request, case)
    panels, panel_persons = render_case_panels(request, case, page)
    timeline = case_timeline(case, staff(request))
    shown = [m.person_id for m in page["members"]] + [
        r.person_id for r in page["reasons"] if r.person_id
    ]
    shown += list(panel_persons) + [pid for entry in timeline for pid in entry.person_ids]
    record_access(request=request, person_ids=shown, what=CASE_DETAIL)
    page.update(panels=panels, timeline=timeline)
    return render(request, "casework/case_detail.html", page)


@requires(Capability.CASEWORK_VIEW)
def case_workers(request: HttpRequest, case_id: int) -> HttpResponse:
    """The history of the case's social workers."""
    case = case_or_404(request, case_id)
    page = case_header(request, case)
    record_access(
        request=request, person_ids=[m.person_id for m in page["members"]], what=CASE_DETAIL
    )
    page["assignments"] = selectors.assignments_of(case)
    return render(request, "casework/case_workers.html", page)


# ---------------------------------------------------------------------------------------------
# The forms that change the case file
# ---------------------------------------------------------------------------------------------


def _case_form(
    request: HttpRequest,
    case: CaseFile,
    *,
    form: forms.Form,
    action: str,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    title: str,
    submit: str,
    obj: Any = None,
) -> HttpResponseBase:
    """A small form on the case: validate, call the service once, back to the case page."""
    if not can(staff(request), action, case if obj is None else obj):
        raise PermissionDenied
    if request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, done)
                return redirect("casework:case_detail", case_id=case.pk)
    page = case_header(request, case)
    record_access(
        request=request, person_ids=[m.person_id for m in page["members"]], what=CASE_DETAIL
    )
    page.update(form=form, title=title, submit=submit)
    return render(request, "casework/case_form.html", page)


@requires(Capability.CASEWORK_EDIT)
def case_close(request: HttpRequest, case_id: int) -> HttpResponseBase:
    case = case_or_404(request, case_id)
    user = staff(request)
    return _case_form(
        request,
        case,
        form=CaseCloseForm(request.POST or None),
        action=casework_policy.EDIT,
        save=lambda data: services.case_close(
            actor=user,
            case=case,
            closed_on=data["closed_on"],
            reason=data["reason"],
            note=data["note"],
        ),
        done=_("The case file was closed."),
        title=_("Close the case file"),
        submit=_("Close the case file"),
    )


@requires(Capability.CASEWORK_EDIT)
def case_reopen(request: HttpRequest, case_id: int) -> HttpResponseBase:
    case = case_or_404(request, case_id)
    user = staff(request)
    return _case_form(
        request,
        case,
        form=CaseReopenForm(request.POST or None),
        action=casework_policy.OPEN_CASE,
        obj=case.household,
        save=lambda data: services.case_reopen(
            actor=user, case=case, reopened_on=data["reopened_on"], worker=data["worker"]
        ),
        done=_("The case file was reopened."),
        title=_("Reopen the case file"),
        submit=_("Reopen the case file"),
    )


@requires(Capability.CASEWORK_ASSIGN)
def case_assign(request: HttpRequest, case_id: int) -> HttpResponseBase:
    case = case_or_404(request, case_id)
    user = staff(request)
    return _case_form(
        request,
        case,
        form=CaseAssignForm(request.POST or None),
        action=casework_policy.ASSIGN,
        save=lambda data: services.case_assign_worker(
            actor=user, case=case, worker=data["worker"], since=data["since"]
        ),
        done=_("The social worker of the case was changed."),
        title=_("Change the social worker"),
        submit=_("Change the social worker"),
    )


@requires(Capability.CASEWORK_EDIT)
def case_reason_add(request: HttpRequest, case_id: int) -> HttpResponseBase:
    case = case_or_404(request, case_id)
    user = staff(request)
    members = Person.objects.filter(memberships__household=case.household).distinct()
    return _case_form(
        request,
        case,
        form=CaseReasonForm(request.POST or None, members=members.order_by("surname", "pk")),
        action=casework_policy.EDIT,
        save=lambda data: services.case_reason_add(
            actor=user,
            case=case,
            reason=data["reason"],
            valid_from=data["valid_from"],
            person=data["person"],
            note=data["note"],
        ),
        done=_("The reason for help was recorded."),
        title=_("Add a reason for help"),
        submit=_("Add the reason"),
    )


@requires(Capability.CASEWORK_EDIT)
def case_reason_end(request: HttpRequest, case_id: int, reason_id: int) -> HttpResponseBase:
    case = case_or_404(request, case_id)
    case_reason = visible_or_404(request, CaseReason, reason_id)
    if case_reason.case_id != case.pk:
        raise Http404
    user = staff(request)
    return _case_form(
        request,
        case,
        form=CaseReasonEndForm(request.POST or None),
        action=casework_policy.EDIT,
        save=lambda data: services.case_reason_end(
            actor=user, case_reason=case_reason, valid_to=data["valid_to"]
        ),
        done=_("The reason for help was ended."),
        title=_("End the reason: %(reason)s") % {"reason": _reason_label(case_reason)},
        submit=_("End the reason"),
    )


@requires(Capability.CASEWORK_EDIT)
def case_permanent_help(request: HttpRequest, case_id: int) -> HttpResponseBase:
    case = case_or_404(request, case_id)
    user = staff(request)
    form = PermanentHelpForm(request.POST or None, initial={"since": case.permanent_help_since})
    return _case_form(
        request,
        case,
        form=form,
        action=casework_policy.EDIT,
        save=lambda data: services.case_set_permanent_help(
            actor=user, case=case, since=data["since"]
        ),
        done=_("Saved."),
        title=_("Help in a permanent form"),
        submit=_("Save"),
    )
