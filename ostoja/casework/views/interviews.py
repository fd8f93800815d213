"""The environmental interview's screens: planning it, its page, filling it in (also by htmx
autosave per segment, and offline through helper C's script), completing, signing, closing,
correcting it, and recording a refusal, an attempt or that it was not possible.

Each view asks the policy before it shows an action and before a POST, calls one service and
records one access event with the family's persons."""

import datetime
import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ostoja.accounts.roles import Capability
from ostoja.casework import policy as casework_policy
from ostoja.casework.access_kinds import INTERVIEW_DETAIL, INTERVIEW_FORM
from ostoja.casework.forms.interviews import (
    AnswersForm,
    AttemptForm,
    CompleteForm,
    CorrectForm,
    NotPossibleForm,
    PlanForm,
    RefusalForm,
    RegistryForm,
    SignForm,
    input_name,
)
from ostoja.casework.models import CaseFile, Interview, InterviewKind, InterviewState
from ostoja.casework.questionnaire import (
    AnswerType,
    Segment,
    changed_keys,
    display_answer,
    format_number,
    missing_on_completion,
)
from ostoja.casework.selectors import interviews as selectors
from ostoja.casework.services import interviews as services
from ostoja.casework.services.interviews import InterviewConflict
from ostoja.casework.services.offline import offline_token
from ostoja.casework.views.cases import case_header
from ostoja.casework.views.common import case_or_404, staff, visible_or_404
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.policy import can
from ostoja.registry.models import Membership
from ostoja.registry.views.common import add_service_errors

# ---------------------------------------------------------------------------------------------
# Shared steps
# ---------------------------------------------------------------------------------------------


def _interview(request: HttpRequest, interview_id: int) -> Interview:
    return visible_or_404(request, Interview, interview_id)


def _may_edit(request: HttpRequest, case: CaseFile) -> bool:
    return can(staff(request), casework_policy.EDIT, case)


def _require_edit(request: HttpRequest, case: CaseFile) -> None:
    if not _may_edit(request, case):
        raise PermissionDenied


def _page(request: HttpRequest, interview: Interview, **values: Any) -> dict[str, Any]:
    context = case_header(request, interview.case)
    context.update(
        nav="casework",
        interview=interview,
        questionnaire=services.questionnaire_of(interview),
        deadline=selectors.deadline_of(interview),
        **values,
    )
    return context


def _record(request: HttpRequest, context: dict[str, Any], what: str) -> None:
    record_access(
        request=request,
        person_ids=[m.person_id for m in context["members"]],
        what=what,
        details={"interview": context["interview"].pk} if context.get("interview") else None,
    )


def _refusal_message(error: ValidationError) -> str:
    return " ".join(error.messages)


def _done(request: HttpRequest, interview: Interview, message: str) -> HttpResponseBase:
    messages.success(request, message)
    return redirect("casework:interview_detail", interview_id=interview.pk)


def _service_error(request: HttpRequest, interview: Interview, error: ValidationError) -> None:
    messages.error(request, _refusal_message(error))


# ---------------------------------------------------------------------------------------------
# Answers shown by part and segment
# ---------------------------------------------------------------------------------------------


def _shown_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row of a registry snapshot with its dates and amounts as the page shows them."""
    shown = dict(row)
    if row.get("birth_date"):
        shown["birth_shown"] = _iso_day(row["birth_date"], "%d.%m.%Y")
    if row.get("month"):
        shown["month_shown"] = _iso_day(row["month"], "%m.%Y")
    for name in ("gross", "net"):
        if row.get(name) is not None:
            shown[f"{name}_shown"] = format_number(row[name], "zł")
    return shown


def _iso_day(value: str, pattern: str) -> str:
    try:
        return datetime.date.fromisoformat(value).strftime(pattern)
    except (TypeError, ValueError):
        return str(value)


def _registry_rows(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [_shown_row(row) for row in value if isinstance(row, dict)]


def _answer_rows(
    segment: Segment, answers: dict[str, Any], before: dict[str, str]
) -> list[dict[str, Any]]:
    rows = []
    for question in segment.questions:
        value = answers.get(question.key)
        rows.append(
            {
                "question": question,
                "shown": display_answer(question, value),
                "registry": question.type == AnswerType.REGISTRY,
                "source": question.source,
                "rows": _registry_rows(value),
                "changed": question.key in before,
                "before": before.get(question.key, ""),
            }
        )
    return rows


def _parts(interview: Interview, before: dict[str, str]) -> list[dict[str, Any]]:
    questionnaire = services.questionnaire_of(interview)
    return [
        {
            "part": part,
            "segments": [
                {"segment": s, "rows": _answer_rows(s, interview.answers, before)}
                for s in part.segments
            ],
        }
        for part in questionnaire.parts_for(interview.kind)
    ]


def _changed_from_base(interview: Interview) -> tuple[set[str], dict[str, str]]:
    """The keys whose answers differ from the interview this one updates (or corrects), and
    what they were there, shown."""
    base = interview.based_on if interview.kind == InterviewKind.UPDATE else None
    if base is None:
        return set(), {}
    questionnaire = services.questionnaire_of(interview)
    keys = {q.key for q in questionnaire.questions_for(interview.kind)}
    old = {k: v for k, v in base.answers.items() if k in keys}
    new = {k: v for k, v in interview.answers.items() if k in keys}
    changed = {
        key
        for key in changed_keys(old, new)
        if questionnaire.question(key).type != AnswerType.REGISTRY
    }
    before = {key: display_answer(questionnaire.question(key), old.get(key)) for key in changed}
    return changed, before


# ---------------------------------------------------------------------------------------------
# Planning and the interview's page
# ---------------------------------------------------------------------------------------------


@requires(Capability.CASEWORK_EDIT)
def interview_plan(request: HttpRequest, case_id: int) -> HttpResponseBase:
    case = case_or_404(request, case_id)
    _require_edit(request, case)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            interview = services.interview_plan(
                actor=staff(request), case=case, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, interview, _("The interview was planned."))
    context = case_header(request, case)
    context.update(nav="casework", form=form, interview=None, title=_("Plan an interview"))
    record_access(
        request=request, person_ids=[m.person_id for m in context["members"]], what=INTERVIEW_DETAIL
    )
    return render(request, "casework/interview_plan.html", context)


@requires(Capability.CASEWORK_VIEW)
def interview_detail(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = _interview(request, interview_id)
    _, before = _changed_from_base(interview)
    may_edit = _may_edit(request, interview.case)
    state = interview.state
    context = _page(
        request,
        interview,
        parts=_parts(interview, before) if state != InterviewState.PLANNED else [],
        versions=selectors.versions_of(interview),
        attempts=selectors.attempts_of(interview),
        may_start=may_edit and state == InterviewState.PLANNED,
        may_fill=may_edit and state == InterviewState.IN_PROGRESS,
        may_sign=may_edit and state == InterviewState.COMPLETED,
        may_close=may_edit and state in (InterviewState.COMPLETED, InterviewState.SIGNED),
        may_correct=may_edit
        and interview.is_fixed
        and interview.is_current_version
        and interview.kind in services.ANSWERED_KINDS,
        may_end=may_edit and state in selectors.OPEN_STATES,
    )
    _record(request, context, INTERVIEW_DETAIL)
    return render(request, "casework/interview_detail.html", context)


@require_POST
@requires(Capability.CASEWORK_EDIT)
def interview_start(request: HttpRequest, interview_id: int) -> HttpResponseBase:
    interview = _interview(request, interview_id)
    _require_edit(request, interview.case)
    try:
        version = int(request.POST.get("version", ""))
        interview = services.interview_start(
            actor=staff(request), interview=interview, version=version
        )
    except ValueError:
        messages.error(request, _("The page was out of date; try again."))
    except InterviewConflict:
        messages.error(request, _("Someone else changed the interview; look at it again."))
    except ValidationError as error:
        _service_error(request, interview, error)
    else:
        messages.success(request, _("The interview was started; segment A is from the registry."))
        return redirect("casework:interview_fill", interview_id=interview.pk)
    return redirect("casework:interview_detail", interview_id=interview.pk)


# ---------------------------------------------------------------------------------------------
# Filling in
# ---------------------------------------------------------------------------------------------


def _offline(interview: Interview, request: HttpRequest) -> dict[str, Any]:
    """What the offline script (helper C's) needs: the token of the interview's version."""
    return {"offline_token": offline_token(interview, staff(request))}


def _segments(interview: Interview) -> tuple[Segment, ...]:
    return services.questionnaire_of(interview).segments_for(interview.kind)


def _autosaved(request: HttpRequest, segments: tuple[Segment, ...]) -> Segment | None:
    """The segment an htmx autosave sends (its header names it); None for the whole form."""
    code = request.headers.get("X-Interview-Segment", "")
    if not request.htmx:  # type: ignore[attr-defined]
        return None
    return next((s for s in segments if s.code == code), None)


def _fill_context(
    request: HttpRequest,
    interview: Interview,
    form: AnswersForm,
    *,
    conflict: InterviewConflict | None = None,
) -> dict[str, Any]:
    _, before = _changed_from_base(interview)
    questionnaire = services.questionnaire_of(interview)
    conflicts = []
    if conflict is not None:
        conflicts = [
            {
                "key": key,
                "label": questionnaire.question(key).label,
                "theirs": display_answer(
                    questionnaire.question(key), conflict.server_answers.get(key)
                ),
            }
            for key in sorted(conflict.changed_keys)
            if questionnaire.has_question(key)
        ]
    segments = []
    for segment in _segments(interview):
        rows = []
        for question in segment.questions:
            if question.type == AnswerType.REGISTRY:
                value = interview.answers.get(question.key)
                rows.append(
                    {
                        "question": question,
                        "registry": True,
                        "source": question.source,
                        "rows": _registry_rows(value),
                        "shown": display_answer(question, value),
                    }
                )
            else:
                rows.append(
                    {
                        "question": question,
                        "field": form[input_name(question.key)],
                        "changed": question.key in before,
                        "before": before.get(question.key, ""),
                    }
                )
        segments.append({"segment": segment, "slug": segment.code.replace(".", "-"), "rows": rows})
    context = _page(request, interview, form=form, segments=segments, conflicts=conflicts)
    context.update(_offline(interview, request))
    return context


def _autosave_response(
    request: HttpRequest,
    interview: Interview,
    *,
    conflict: InterviewConflict | None = None,
    errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    """The segment's status line (saved, or why not) and the current version out of band;
    the inputs stay as they are, so nothing typed meanwhile is lost. The `interview-saved`
    event tells the offline script the new version and its token."""
    questionnaire = services.questionnaire_of(interview)
    listed = [
        {
            "key": key,
            "label": questionnaire.question(key).label if questionnaire.has_question(key) else key,
            "message": " ".join(messages_),
        }
        for key, messages_ in (errors or {}).items()
    ]
    context = {
        "interview": interview,
        "conflicts": conflict is not None,
        "errors": listed,
        "saved_at": timezone.localtime(),
    }
    response = render(request, "casework/_interview_fill_status.html", context)
    if conflict is None and not listed:
        token = _offline(interview, request)["offline_token"]
        response["HX-Trigger"] = json.dumps(
            {"interview-saved": {"version": interview.version, "token": token}}
        )
    return response


@requires(Capability.CASEWORK_EDIT)
def interview_fill(request: HttpRequest, interview_id: int) -> HttpResponseBase:
    interview = _interview(request, interview_id)
    _require_edit(request, interview.case)
    if interview.state != InterviewState.IN_PROGRESS:
        messages.info(request, _("Only an interview in progress is filled in."))
        return redirect("casework:interview_detail", interview_id=interview.pk)
    segments = _segments(interview)
    if request.method != "POST":
        form = AnswersForm(segments=segments, answers=interview.answers, version=interview.version)
        context = _fill_context(request, interview, form)
        _record(request, context, INTERVIEW_FORM)
        return render(request, "casework/interview_fill.html", context)
    segment = _autosaved(request, segments)
    form = AnswersForm(
        request.POST, segments=segments, answers=interview.answers, version=interview.version
    )
    sent = AnswersForm(
        request.POST,
        segments=(segment,) if segment else segments,
        answers=interview.answers,
        version=interview.version,
    )
    try:
        base_version = int(request.POST.get("version", ""))
    except ValueError:
        base_version = 0
    conflict = None
    try:
        interview = services.interview_save_answers(
            actor=staff(request),
            interview=interview,
            base_version=base_version,
            answers=sent.raw_answers(),
        )
    except InterviewConflict as error:
        conflict = error
        interview.refresh_from_db()
        if segment is not None:
            return _autosave_response(request, interview, conflict=error)
        data = request.POST.copy()
        data["version"] = str(error.server_version)
        form = AnswersForm(
            data, segments=segments, answers=interview.answers, version=interview.version
        )
        form.is_valid()
    except ValidationError as error:
        if segment is not None:
            return _autosave_response(request, interview, errors=error.message_dict)
        for message in form.add_answer_errors(error.message_dict):
            form.add_error(None, message)
    else:
        if segment is not None:
            return _autosave_response(request, interview)
        messages.success(request, _("The answers were saved."))
        if "complete" in request.POST:
            return redirect("casework:interview_complete", interview_id=interview.pk)
        return redirect("casework:interview_fill", interview_id=interview.pk)
    context = _fill_context(request, interview, form, conflict=conflict)
    _record(request, context, INTERVIEW_FORM)
    return render(request, "casework/interview_fill.html", context)


# ---------------------------------------------------------------------------------------------
# Completing, signing, closing, correcting
# ---------------------------------------------------------------------------------------------


@requires(Capability.CASEWORK_EDIT)
def interview_complete(request: HttpRequest, interview_id: int) -> HttpResponseBase:
    interview = _interview(request, interview_id)
    _require_edit(request, interview.case)
    if interview.state != InterviewState.IN_PROGRESS:
        messages.info(request, _("Only an interview in progress is completed."))
        return redirect("casework:interview_detail", interview_id=interview.pk)
    form = CompleteForm(request.POST or None, initial={"version": interview.version})
    questionnaire = services.questionnaire_of(interview)
    # What completion will ask for, shown before the worker tries (and after a refusal).
    errors = missing_on_completion(questionnaire, interview.kind, interview.answers)
    if request.method == "POST" and form.is_valid():
        try:
            interview = services.interview_complete(
                actor=staff(request), interview=interview, **form.cleaned_data
            )
        except InterviewConflict:
            form.add_error(
                None, _("Someone else saved answers in the meantime; check them and try again.")
            )
            data = request.POST.copy()
            data["version"] = str(Interview.objects.get(pk=interview.pk).version)
            form.data = data
        except ValidationError as error:
            errors = {
                key: " ".join(messages_)
                for key, messages_ in error.message_dict.items()
                if questionnaire.has_question(key)
            }
            add_service_errors(form, error, skip=list(errors))
        else:
            return _done(request, interview, _("The interview was completed."))
    missing = [
        {
            "key": key,
            "label": questionnaire.question(key).label,
            "segment": questionnaire.segment_of(key).title,
            "message": message,
        }
        for key, message in errors.items()
    ]
    context = _page(
        request, interview, form=form, missing=missing, title=_("Complete the interview")
    )
    _record(request, context, INTERVIEW_DETAIL)
    return render(request, "casework/interview_complete.html", context)


def _simple_form_view(
    request: HttpRequest,
    interview: Interview,
    form: Any,
    *,
    title: str,
    template: str,
    action: Any,
    success: str,
) -> HttpResponseBase:
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, result, success)
    context = _page(request, interview, form=form, title=title)
    _record(request, context, INTERVIEW_DETAIL)
    return render(request, template, context)


@requires(Capability.CASEWORK_EDIT)
def interview_sign(request: HttpRequest, interview_id: int) -> HttpResponseBase:
    interview = _interview(request, interview_id)
    _require_edit(request, interview.case)
    if interview.state != InterviewState.COMPLETED:
        messages.info(request, _("Only a completed interview is signed."))
        return redirect("casework:interview_detail", interview_id=interview.pk)
    return _simple_form_view(
        request,
        interview,
        SignForm(request.POST or None),
        title=_("The person's signature"),
        template="casework/interview_sign.html",
        action=lambda data: services.interview_sign(
            actor=staff(request), interview=interview, **data
        ),
        success=_("The signature was recorded."),
    )


@require_POST
@requires(Capability.CASEWORK_EDIT)
def interview_close(request: HttpRequest, interview_id: int) -> HttpResponseBase:
    interview = _interview(request, interview_id)
    _require_edit(request, interview.case)
    try:
        interview = services.interview_close(actor=staff(request), interview=interview)
    except ValidationError as error:
        _service_error(request, interview, error)
        return redirect("casework:interview_detail", interview_id=interview.pk)
    return _done(request, interview, _("The interview was closed."))


@requires(Capability.CASEWORK_EDIT)
def interview_correct(request: HttpRequest, interview_id: int) -> HttpResponseBase:
    interview = _interview(request, interview_id)
    _require_edit(request, interview.case)
    return _simple_form_view(
        request,
        interview,
        CorrectForm(request.POST or None),
        title=_("Correct the interview"),
        template="casework/interview_correct.html",
        action=lambda data: services.interview_correct(
            actor=staff(request), interview=interview, reason=data["correction_reason"]
        ),
        success=_("A new version of the interview was made; correct its answers."),
    )


# ---------------------------------------------------------------------------------------------
# Refusal, attempts, not possible
# ---------------------------------------------------------------------------------------------


@requires(Capability.CASEWORK_EDIT)
def interview_refusal(
    request: HttpRequest, case_id: int | None = None, interview_id: int | None = None
) -> HttpResponseBase:
    interview = _interview(request, interview_id) if interview_id is not None else None
    case = interview.case if interview is not None else case_or_404(request, case_id)
    _require_edit(request, case)
    form = RefusalForm(request.POST or None, with_interview=interview is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            refused = services.interview_record_refusal(
                actor=staff(request),
                case=case,
                interview=interview,
                need_known_on=data.get("need_known_on"),
                refused_on=data["refused_on"],
                circumstances=data["refusal_circumstances"],
                assessment=data["assessment"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request, refused, _("The refusal was recorded, with the duty to cooperate.")
            )
    context = case_header(request, case)
    context.update(
        nav="casework", form=form, interview=interview, title=_("Refusal of the interview")
    )
    _record(request, context, INTERVIEW_DETAIL)
    return render(request, "casework/interview_refusal.html", context)


@requires(Capability.CASEWORK_EDIT)
def interview_attempt(request: HttpRequest, interview_id: int) -> HttpResponseBase:
    interview = _interview(request, interview_id)
    _require_edit(request, interview.case)
    return _simple_form_view(
        request,
        interview,
        AttemptForm(request.POST or None),
        title=_("Attempt at the interview"),
        template="casework/interview_attempt.html",
        action=lambda data: (
            services.interview_record_attempt(
                actor=staff(request), interview=interview, **data
            ).interview
        ),
        success=_("The attempt was recorded."),
    )


@requires(Capability.CASEWORK_EDIT)
def interview_not_possible(request: HttpRequest, interview_id: int) -> HttpResponseBase:
    interview = _interview(request, interview_id)
    _require_edit(request, interview.case)
    return _simple_form_view(
        request,
        interview,
        NotPossibleForm(request.POST or None),
        title=_("The interview is not possible"),
        template="casework/interview_not_possible.html",
        action=lambda data: services.interview_mark_not_possible(
            actor=staff(request), interview=interview, note=data["note"]
        ),
        success=_("The interview was closed as not possible."),
    )


# ---------------------------------------------------------------------------------------------
# Segment A: correcting the registry
# ---------------------------------------------------------------------------------------------


@requires(Capability.CASEWORK_EDIT)
def interview_registry(
    request: HttpRequest, interview_id: int, membership_id: int
) -> HttpResponseBase:
    interview = _interview(request, interview_id)
    _require_edit(request, interview.case)
    membership = get_object_or_404(
        Membership.objects.select_related("person"),
        pk=membership_id,
        household_id=interview.case.household_id,
    )
    person = membership.person
    initial = {
        "version": interview.version,
        "person_version": person.version,
        "first_names": person.first_names,
        "surname": person.surname,
        "birth_date": person.birth_date,
        "relation": membership.relation,
    }
    form = RegistryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            interview = services.interview_correct_registry(
                actor=staff(request),
                interview=interview,
                version=form.cleaned_data["version"],
                membership=membership,
                **form.service_data(),
            )
        except InterviewConflict:
            form.add_error(None, _("Someone else saved the interview meanwhile; try again."))
            data = request.POST.copy()
            data["version"] = str(Interview.objects.get(pk=interview.pk).version)
            form.data = data
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            form.add_error(None, _("You may not change this person's data in the registry."))
        else:
            messages.success(request, _("The registry was corrected and segment A read again."))
            return redirect(
                reverse("casework:interview_fill", args=[interview.pk]) + "#segment-I-A"
            )
    context = _page(
        request, interview, form=form, membership=membership, title=_("Correct in the registry")
    )
    context["today"] = timezone.localdate()
    _record(request, context, INTERVIEW_FORM)
    return render(request, "casework/interview_registry.html", context)
