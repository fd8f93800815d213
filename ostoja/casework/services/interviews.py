"""The environmental interview (rodzinny wywiad środowiskowy, art. 107 u.p.s.) from planning to
closing, one function per use case.

The life of an interview: planned → in progress → completed → signed → closed. Its answers
change only while it is in progress; after completion they are fixed, and a correction is a new
version of the interview (`supersedes`) with its reason, the old one staying as it was.

Every change of the answers or of the interview's version writes one `InterviewAnswers` row (the
answers as they stood at that version), so that an offline copy that syncs from an older version
learns exactly which answers changed on the server since (`InterviewConflict.changed_keys`).

Deadlines come from `ostoja.casework.deadlines` (§ 3 ust. 2 and 3 of the interview regulation,
Dz.U. 2021 poz. 893): 14 working days from the day the need became known, 2 in an urgent case.

How a planned interview ends without being conducted: it keeps its row, deadline and attempts
and changes its kind while it is not yet fixed, to "refused" (`interview_record_refusal`, with
the refusal's date and circumstances and an event of the duty to cooperate) or to "not possible"
(`interview_mark_not_possible`, with a last attempt that says why), and is closed. The kind it
was planned as stays in the change history and in the action record. One row per visit that
was due keeps the deadline lists right: a second, closed row would leave the planned one overdue.
"""

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.casework import policy as casework_policy
from ostoja.casework.deadlines import interview_due_on
from ostoja.casework.models import (
    CaseFile,
    CooperationEvent,
    CooperationEventKind,
    Interview,
    InterviewAnswers,
    InterviewAttempt,
    InterviewKind,
    InterviewState,
)
from ostoja.casework.questionnaire import (
    AnswerType,
    Question,
    Questionnaire,
    QuestionnaireNotFound,
    changed_keys,
    clean_answers,
    get_questionnaire,
    missing_on_completion,
    questionnaire_for,
)
from ostoja.core import policy
from ostoja.core.actions import action_kind, record_action
from ostoja.core.locking import ConflictError, claim_version
from ostoja.core.workdays import holiday_name, is_working_day
from ostoja.registry import services as registry_services
from ostoja.registry.models import Household, Income, IncomeKind, Membership
from ostoja.registry.selectors import months_before

# ---------------------------------------------------------------------------------------------
# Kinds of action, as the history shows them
# ---------------------------------------------------------------------------------------------

INTERVIEW_PLAN = action_kind(
    "casework.interviews_plan",
    gettext_lazy("Interview planned"),
    gettext_lazy("%(kind)s; due on %(due_on)s; social worker: %(worker)s"),
)
INTERVIEW_START = action_kind(
    "casework.interviews_start",
    gettext_lazy("Interview started"),
    gettext_lazy("%(kind)s"),
)
INTERVIEW_SAVE = action_kind(
    "casework.interviews_save",
    gettext_lazy("Answers of an interview saved"),
    gettext_lazy("%(kind)s: %(count)s answers changed"),
)
INTERVIEW_COMPLETE = action_kind(
    "casework.interviews_complete",
    gettext_lazy("Interview completed"),
    gettext_lazy("%(kind)s conducted on %(conducted_on)s in %(place)s"),
)
INTERVIEW_SIGN = action_kind(
    "casework.interviews_sign",
    gettext_lazy("Interview signed"),
    gettext_lazy("%(kind)s signed on %(signed_on)s in %(signed_place)s"),
)
INTERVIEW_CLOSE = action_kind(
    "casework.interviews_close",
    gettext_lazy("Interview closed"),
    gettext_lazy("%(kind)s"),
)
INTERVIEW_CORRECT = action_kind(
    "casework.interviews_correct",
    gettext_lazy("Interview corrected"),
    gettext_lazy("%(kind)s: %(reason)s"),
)
INTERVIEW_REFUSAL = action_kind(
    "casework.interviews_refusal",
    gettext_lazy("Refusal of an interview recorded"),
    gettext_lazy("on %(refused_on)s"),
)
INTERVIEW_ATTEMPT = action_kind(
    "casework.interviews_attempt",
    gettext_lazy("Attempt at an interview recorded"),
    gettext_lazy("on %(attempted_on)s: %(note)s"),
)
INTERVIEW_NOT_POSSIBLE = action_kind(
    "casework.interviews_not_possible",
    gettext_lazy("Interview found not possible"),
    gettext_lazy("%(note)s"),
)
INTERVIEW_REGISTRY = action_kind(
    "casework.interviews_registry",
    gettext_lazy("Registry data corrected during an interview"),
    gettext_lazy("%(person)s: %(what)s"),
)

INTERVIEW_ACTIONS = (
    INTERVIEW_PLAN,
    INTERVIEW_START,
    INTERVIEW_SAVE,
    INTERVIEW_COMPLETE,
    INTERVIEW_SIGN,
    INTERVIEW_CLOSE,
    INTERVIEW_CORRECT,
    INTERVIEW_REFUSAL,
    INTERVIEW_ATTEMPT,
    INTERVIEW_NOT_POSSIBLE,
    INTERVIEW_REGISTRY,
)

# Kinds a worker plans; a refusal and "not possible" are how a planned interview ends.
PLANNABLE_KINDS = (InterviewKind.FULL, InterviewKind.UPDATE, InterviewKind.FAMILY_BENEFITS)
# Kinds with answers: those that can be started, filled, completed and corrected.
ANSWERED_KINDS = PLANNABLE_KINDS
# Months of incomes segment A shows: the month of the interview and the two before it.
INCOME_MONTHS = 3


class InterviewConflict(Exception):
    """The answers were saved from an older version than the server's.

    `changed_keys` are the questions whose answers changed on the server since `base_version`:
    the ones to resolve one by one; the others can be taken from the copy as they are.
    """

    def __init__(
        self, *, server_version: int, server_answers: Mapping[str, Any], changed_keys: set[str]
    ) -> None:
        super().__init__(_("Someone else saved this interview after your copy was made."))
        self.server_version = server_version
        self.server_answers = dict(server_answers)
        self.changed_keys = set(changed_keys)


# ---------------------------------------------------------------------------------------------
# Shared steps
# ---------------------------------------------------------------------------------------------


def _today() -> datetime.date:
    return timezone.localdate()


def _day(value: datetime.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def _require(actor: User, action: str, obj: Any) -> None:
    if not policy.can(actor, action, obj):
        raise PermissionDenied


def _as_actor(instance: Any, actor: User) -> None:
    instance._history_user = actor


def _locked(interview: Interview) -> Interview:
    """The interview's row as stored now, locked for the rest of the transaction (PostgreSQL:
    SELECT … FOR UPDATE; SQLite's single writer lock does the same)."""
    return Interview.objects.select_for_update().get(pk=interview.pk)


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError({NON_FIELD_ERRORS: [ValidationError(message, code=code)]})


def _require_state(interview: Interview, *states: str) -> None:
    if interview.state in states:
        return
    if interview.is_fixed:
        raise _refuse(
            _(
                "The interview is %(state)s: its answers no longer change. To change them, "
                "make a correction: a new version with its reason."
            )
            % {"state": interview.get_state_display()},
            "fixed",
        )
    raise _refuse(
        _("This cannot be done while the interview is %(state)s.")
        % {"state": interview.get_state_display()},
        "state",
    )


def _full_clean(instance: Any, errors: dict[str, list[str]]) -> None:
    """Gather the model's field errors into `errors` with those found by the service."""
    try:
        instance.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)


def _raise_if(errors: Mapping[str, list[str]]) -> None:
    if errors:
        raise ValidationError(dict(errors))


def questionnaire_of(interview: Interview) -> Questionnaire:
    """The questionnaire definition the interview was planned on."""
    return get_questionnaire(interview.form_code, interview.form_version)


def _kind_questions(interview: Interview) -> dict[str, Question]:
    return {q.key: q for q in questionnaire_of(interview).questions_for(interview.kind)}


def _claim(interview: Interview, version: int) -> None:
    """Bump the interview's version if it is still `version`; else InterviewConflict."""
    try:
        claim_version(interview, expected_version=version)
    except ConflictError as error:
        current = Interview.objects.get(pk=interview.pk)
        raise _conflict(current, version) from error


def _bump(interview: Interview) -> None:
    """Bump the version of a row already locked by this transaction."""
    _claim(interview, interview.version)


def answers_at(interview: Interview, version: int) -> dict[str, Any] | None:
    """The interview's answers as saved at `version` (None when no row records that version)."""
    row = InterviewAnswers.objects.filter(interview=interview, version=version).first()
    return dict(row.answers) if row is not None else None


def _conflict(current: Interview, base_version: int) -> InterviewConflict:
    base = answers_at(current, base_version)
    # A version the server never had: every answer is to be compared.
    changed = set(current.answers) if base is None else changed_keys(base, current.answers)
    return InterviewConflict(
        server_version=current.version,
        server_answers=current.answers,
        changed_keys=changed,
    )


def _save(interview: Interview, actor: User) -> Interview:
    """Validate and save the interview and write the answers of its version."""
    errors: dict[str, list[str]] = {}
    _full_clean(interview, errors)
    _raise_if(errors)
    _as_actor(interview, actor)
    interview.save()
    _record_answers(interview, actor)
    return interview


def _record_answers(interview: Interview, actor: User) -> None:
    if not InterviewAnswers.objects.filter(interview=interview, version=interview.version):
        InterviewAnswers.objects.create(
            interview=interview,
            version=interview.version,
            answers=interview.answers,
            saved_by=actor,
        )


def _subjects(interview: Interview, *others: Any) -> list[Any]:
    case = interview.case
    return [case, case.household, interview, *(o for o in others if o is not None)]


def _details(interview: Interview, **values: Any) -> dict[str, Any]:
    return {"interview_id": interview.pk, "kind": str(interview.get_kind_display()), **values}


def _check_working_day(field: str, day: datetime.date) -> None:
    """A day of a visit or deadline falls on a working day; the message names the holiday."""
    if is_working_day(day):
        return
    name = holiday_name(day)
    if name:
        message = _("%(day)s is a public holiday (%(holiday)s); choose a working day.") % {
            "day": _day(day),
            "holiday": name,
        }
    else:
        message = _("%(day)s is a Saturday or a Sunday; choose a working day.") % {"day": _day(day)}
    raise ValidationError({field: message})


def current_worker(case: CaseFile) -> User | None:
    """The social worker who leads the case now (the assignment without an end)."""
    assignment = case.assignments.filter(valid_to__isnull=True).select_related("worker").first()
    return assignment.worker if assignment is not None else None


def last_fixed_interview(case: CaseFile) -> Interview | None:
    """The newest completed-or-later current version of an interview of the case with answers:
    what an update is based on."""
    interviews = Interview.objects.filter(
        case=case,
        kind__in=[InterviewKind.FULL, InterviewKind.UPDATE],
        state__in=[InterviewState.COMPLETED, InterviewState.SIGNED, InterviewState.CLOSED],
        superseded_by__isnull=True,
    )
    return interviews.order_by("-conducted_on", "-pk").first()


# ---------------------------------------------------------------------------------------------
# Segment A from the registry
# ---------------------------------------------------------------------------------------------


def _members_on(household: Household, day: datetime.date) -> list[Membership]:
    return list(
        household.memberships.current_on(day).select_related("person").order_by("valid_from", "pk")
    )


def registry_snapshot(household: Household, day: datetime.date, source: str) -> Any:
    """What segment A shows of the registry on `day`, as stored in the answers: the persons'
    ids and the values shown (no PESEL: the print reads it from the registry)."""
    members = _members_on(household, day)
    if source == "members":
        return [
            {
                "person_id": m.person_id,
                "membership_id": m.pk,
                "name": m.person.full_name,
                "birth_date": m.person.birth_date.isoformat(),
                "relation": m.relation,
                "relation_label": str(m.get_relation_display()),
            }
            for m in members
        ]
    if source == "address":
        return str(household.address)
    if source == "incomes":
        incomes = Income.objects.filter(
            person_id__in=[m.person_id for m in members],
            month__gte=months_before(day, INCOME_MONTHS),
            month__lte=day,
        ).select_related("kind", "person")
        return [
            {
                "person_id": income.person_id,
                "name": income.person.full_name,
                "month": income.month.isoformat(),
                "kind": str(income.kind),
                "gross": f"{income.gross:.2f}",
                "net": f"{income.net:.2f}",
            }
            for income in incomes.order_by("-month", "person_id", "kind__ordering", "pk")
        ]
    return None


def _snapshot_registry(interview: Interview, day: datetime.date) -> dict[str, Any]:
    """The answers of the kind's `registry` questions, read from the registry on `day`."""
    household = interview.case.household
    return {
        question.key: registry_snapshot(household, day, question.source)
        for question in _kind_questions(interview).values()
        if question.type == AnswerType.REGISTRY
    }


# ---------------------------------------------------------------------------------------------
# Planning and starting
# ---------------------------------------------------------------------------------------------


def _check_worker(worker: User) -> None:
    if not (worker.is_active and worker.role in (Role.SOCIAL_WORKER, Role.DIRECTOR)):
        raise ValidationError({"worker": _("Choose an active social worker.")})


def _check_based_on(case: CaseFile, based_on: Interview) -> None:
    if (
        based_on.case_id != case.pk
        or based_on.kind not in (InterviewKind.FULL, InterviewKind.UPDATE)
        or not based_on.is_fixed
        or not based_on.is_current_version
    ):
        raise ValidationError(
            {
                "based_on": _(
                    "An update is based on a completed interview of this case, in its current "
                    "version."
                )
            }
        )


@transaction.atomic
def interview_plan(
    *,
    actor: User,
    case: CaseFile,
    kind: str,
    need_known_on: datetime.date,
    urgent: bool = False,
    planned_on: datetime.date | None = None,
    worker: User | None = None,
    based_on: Interview | None = None,
) -> Interview:
    """Plan an interview of the case; its deadline follows from the day the need became known
    (14 working days, 2 in an urgent case). An update is based on the case's last completed
    interview unless another is given."""
    _require(actor, casework_policy.EDIT, case)
    if kind not in PLANNABLE_KINDS:
        if kind in InterviewKind.values:
            message = _(
                "A refusal or an interview that was not possible is recorded on a planned "
                "interview, not planned."
            )
        else:
            message = _("Choose the kind of the interview.")
        raise ValidationError({"kind": message})
    if need_known_on > _today():
        raise ValidationError({"need_known_on": _("This date cannot be in the future.")})
    if planned_on is not None:
        if planned_on < need_known_on:
            raise ValidationError(
                {
                    "planned_on": _(
                        "The visit cannot be planned before the day the need became known."
                    )
                }
            )
        _check_working_day("planned_on", planned_on)
    try:
        form = questionnaire_for(kind, need_known_on)
    except QuestionnaireNotFound as error:
        raise ValidationError(
            {"need_known_on": _("No questionnaire is in force on this day for this kind.")}
        ) from error
    if kind == InterviewKind.UPDATE:
        if based_on is None:
            based_on = last_fixed_interview(case)
            if based_on is None:
                raise ValidationError(
                    {
                        "kind": _(
                            "The case has no completed interview to update: plan a full interview."
                        )
                    }
                )
        _check_based_on(case, based_on)
    elif based_on is not None:
        raise ValidationError({"based_on": _("Only an update is based on another interview.")})
    if worker is None:
        worker = current_worker(case) or actor
    _check_worker(worker)
    interview = Interview(
        case=case,
        kind=kind,
        form_code=form.code,
        form_version=form.version,
        worker=worker,
        need_known_on=need_known_on,
        urgent=urgent,
        due_on=interview_due_on(need_known_on=need_known_on, urgent=urgent),
        planned_on=planned_on,
        based_on=based_on,
    )
    _save(interview, actor)
    record_action(
        actor=actor,
        action=INTERVIEW_PLAN,
        subjects=_subjects(interview, based_on),
        details=_details(
            interview,
            due_on=_day(interview.due_on),
            planned_on=_day(planned_on),
            urgent=urgent,
            worker=str(worker),
        ),
    )
    return interview


@transaction.atomic
def interview_start(*, actor: User, interview: Interview, version: int) -> Interview:
    """Planned → in progress. Segment A is filled from the registry as it stands today, and an
    update takes the answers of the interview it updates, so that only what changed is typed."""
    _require(actor, casework_policy.EDIT, interview.case)
    interview = _locked(interview)
    _require_state(interview, InterviewState.PLANNED)
    if interview.kind not in ANSWERED_KINDS:
        raise _refuse(_("This kind of interview has no answers."), "kind")
    _claim(interview, version)
    answers: dict[str, Any] = {}
    if interview.based_on is not None:
        keys = _kind_questions(interview)
        answers.update(
            {
                key: value
                for key, value in interview.based_on.answers.items()
                if key in keys and keys[key].type != AnswerType.REGISTRY
            }
        )
    answers.update(_snapshot_registry(interview, _today()))
    interview.answers = answers
    interview.state = InterviewState.IN_PROGRESS
    _save(interview, actor)
    record_action(
        actor=actor,
        action=INTERVIEW_START,
        subjects=_subjects(interview),
        details=_details(interview, prefilled=sorted(answers)),
    )
    return interview


# ---------------------------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def interview_save_answers(
    *, actor: User, interview: Interview, base_version: int, answers: Mapping[str, Any]
) -> Interview:
    """Merge raw answers (as a form or the offline copy sends them: strings, lists of strings
    for a multiple choice) into the interview's answers.

    Raises `InterviewConflict` when `base_version` is not the stored version (someone saved in
    between), `ValidationError` keyed by question key for an answer that does not fit, and a
    refusal for an interview that is not in progress. Saving nothing new changes nothing.
    """
    _require(actor, casework_policy.EDIT, interview.case)
    interview = _locked(interview)
    _require_state(interview, InterviewState.IN_PROGRESS)
    if interview.version != base_version:
        raise _conflict(interview, base_version)
    questions = _kind_questions(interview)
    known = {key: raw for key, raw in answers.items() if key in questions}
    cleaned, errors = clean_answers(questionnaire_of(interview), known)
    for key in answers:
        if key not in questions:
            errors[key] = _("This question is not part of this kind of interview.")
    if errors:
        raise ValidationError({key: [message] for key, message in errors.items()})
    merged = dict(interview.answers)
    for key, value in cleaned.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    changed = changed_keys(interview.answers, merged)
    if not changed:
        return interview
    _claim(interview, base_version)
    interview.answers = merged
    _save(interview, actor)
    record_action(
        actor=actor,
        action=INTERVIEW_SAVE,
        subjects=_subjects(interview),
        details=_details(interview, count=len(changed), keys=sorted(changed)),
    )
    return interview


# ---------------------------------------------------------------------------------------------
# Completing, signing, closing
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def interview_complete(
    *,
    actor: User,
    interview: Interview,
    version: int,
    conducted_on: datetime.date,
    place: str,
) -> Interview:
    """In progress → completed: the worker ends the interview; its answers are fixed from now.
    Refused, with a message on each question, while a required question of a mandatory segment
    is empty."""
    _require(actor, casework_policy.EDIT, interview.case)
    interview = _locked(interview)
    _require_state(interview, InterviewState.IN_PROGRESS)
    if interview.version != version:
        raise _conflict(interview, version)
    errors: dict[str, list[str]] = {}
    if conducted_on > _today():
        errors["conducted_on"] = [_("This date cannot be in the future.")]
    elif conducted_on < interview.need_known_on:
        errors["conducted_on"] = [
            _("The interview cannot be conducted before the need became known (%(day)s).")
            % {"day": _day(interview.need_known_on)}
        ]
    if not place.strip():
        errors["place"] = [_("Say where the interview was conducted.")]
    missing = missing_on_completion(questionnaire_of(interview), interview.kind, interview.answers)
    for key, message in missing.items():
        errors[key] = [message]
    _raise_if(errors)
    _claim(interview, version)
    interview.state = InterviewState.COMPLETED
    interview.conducted_on = conducted_on
    interview.place = place.strip()
    interview.completed_at = timezone.now()
    _save(interview, actor)
    record_action(
        actor=actor,
        action=INTERVIEW_COMPLETE,
        subjects=_subjects(interview),
        details=_details(interview, conducted_on=_day(conducted_on), place=interview.place),
    )
    return interview


@transaction.atomic
def interview_sign(
    *,
    actor: User,
    interview: Interview,
    signed_on: datetime.date,
    signed_place: str,
) -> Interview:
    """Completed → signed: the person's statement on the interview filled in electronically
    (art. 107 ust. 5g u.p.s.; załącznik nr 2 to the interview regulation), on a day not before
    the interview and not in the future."""
    _require(actor, casework_policy.EDIT, interview.case)
    interview = _locked(interview)
    _require_state(interview, InterviewState.COMPLETED)
    errors: dict[str, list[str]] = {}
    if signed_on > _today():
        errors["signed_on"] = [_("This date cannot be in the future.")]
    elif interview.conducted_on and signed_on < interview.conducted_on:
        errors["signed_on"] = [
            _("The statement cannot be signed before the interview (%(day)s).")
            % {"day": _day(interview.conducted_on)}
        ]
    if not signed_place.strip():
        errors["signed_place"] = [_("Say where the statement was signed.")]
    _raise_if(errors)
    _bump(interview)
    interview.state = InterviewState.SIGNED
    interview.signed_on = signed_on
    interview.signed_at = timezone.now()
    interview.signed_place = signed_place.strip()
    _save(interview, actor)
    record_action(
        actor=actor,
        action=INTERVIEW_SIGN,
        subjects=_subjects(interview),
        details=_details(interview, signed_on=_day(signed_on), signed_place=interview.signed_place),
    )
    return interview


@transaction.atomic
def interview_close(*, actor: User, interview: Interview) -> Interview:
    """Signed → closed; also completed → closed, for an interview printed and signed by hand on
    paper (the statement of art. 107 ust. 5g u.p.s. is for the electronic form): the signed
    paper is in the case file, and the system records no signature of its own."""
    _require(actor, casework_policy.EDIT, interview.case)
    interview = _locked(interview)
    _require_state(interview, InterviewState.SIGNED, InterviewState.COMPLETED)
    _bump(interview)
    interview.state = InterviewState.CLOSED
    interview.closed_at = timezone.now()
    _save(interview, actor)
    record_action(
        actor=actor,
        action=INTERVIEW_CLOSE,
        subjects=_subjects(interview),
        details=_details(interview, signed=interview.signed_on is not None),
    )
    return interview


@transaction.atomic
def interview_correct(*, actor: User, interview: Interview, reason: str) -> Interview:
    """A new version of a completed (signed, closed) interview, in progress again, with the
    answers copied and the reason for the correction; the old version stays as it was."""
    _require(actor, casework_policy.EDIT, interview.case)
    interview = _locked(interview)
    if interview.kind not in ANSWERED_KINDS:
        raise _refuse(_("This kind of interview has no answers to correct."), "kind")
    if not interview.is_fixed:
        raise _refuse(
            _("An interview in progress is changed directly; only a completed one is corrected."),
            "not_fixed",
        )
    if not interview.is_current_version:
        raise _refuse(_("Only the current version of an interview is corrected."), "superseded")
    if not reason.strip():
        raise ValidationError({"correction_reason": _("Say why the interview is corrected.")})
    correction = Interview(
        case=interview.case,
        kind=interview.kind,
        form_code=interview.form_code,
        form_version=interview.form_version,
        worker=interview.worker,
        need_known_on=interview.need_known_on,
        urgent=interview.urgent,
        due_on=interview.due_on,
        planned_on=interview.planned_on,
        conducted_on=interview.conducted_on,
        place=interview.place,
        answers=dict(interview.answers),
        based_on=interview.based_on,
        supersedes=interview,
        correction_reason=reason.strip(),
        state=InterviewState.IN_PROGRESS,
    )
    try:
        with transaction.atomic():
            _save(correction, actor)
    except IntegrityError as error:  # a concurrent correction of the same version
        raise _refuse(_("This version has just been corrected by someone else."), "race") from error
    record_action(
        actor=actor,
        action=INTERVIEW_CORRECT,
        subjects=_subjects(correction, interview),
        details=_details(correction, corrects_id=interview.pk, reason=correction.correction_reason),
    )
    return correction


# ---------------------------------------------------------------------------------------------
# Refusal, attempts, an interview not possible
# ---------------------------------------------------------------------------------------------


def _check_open_interview(case: CaseFile, interview: Interview) -> None:
    if interview.case_id != case.pk:
        raise ValidationError({"interview": _("The interview belongs to another case.")})
    _require_state(interview, InterviewState.PLANNED, InterviewState.IN_PROGRESS)


@transaction.atomic
def interview_record_refusal(
    *,
    actor: User,
    case: CaseFile,
    refused_on: datetime.date,
    circumstances: str,
    assessment: str = "",
    need_known_on: datetime.date | None = None,
    interview: Interview | None = None,
) -> Interview:
    """The person refused the interview (art. 107 ust. 4a u.p.s.: a refusal to allow the
    interview grounds a decision refusing, revoking or suspending the benefit): a closed
    interview of kind "refused" with the day and circumstances, and an event of the duty to
    cooperate linked to it.

    With `interview` (a planned or started one) that interview becomes the refused one; without,
    a new one is recorded, due from `need_known_on` (the refusal's day when not given)."""
    _require(actor, casework_policy.EDIT, case)
    errors: dict[str, list[str]] = {}
    if interview is not None:
        interview = _locked(interview)
        _check_open_interview(case, interview)
        kind_before = interview.kind
        _bump(interview)
    else:
        known = need_known_on or refused_on
        if known > _today():
            raise ValidationError({"need_known_on": _("This date cannot be in the future.")})
        try:
            form = questionnaire_for(InterviewKind.REFUSED, known)
        except QuestionnaireNotFound as error:
            raise ValidationError(
                {"need_known_on": _("No questionnaire is in force on this day for this kind.")}
            ) from error
        interview = Interview(
            case=case,
            form_code=form.code,
            form_version=form.version,
            worker=current_worker(case) or actor,
            need_known_on=known,
            due_on=interview_due_on(need_known_on=known, urgent=False),
        )
        kind_before = InterviewKind.REFUSED
    if refused_on > _today():
        errors["refused_on"] = [_("This date cannot be in the future.")]
    elif refused_on < interview.need_known_on:
        errors["refused_on"] = [
            _("The refusal cannot come before the need became known (%(day)s).")
            % {"day": _day(interview.need_known_on)}
        ]
    if not circumstances.strip():
        errors["refusal_circumstances"] = [_("Describe the circumstances of the refusal.")]
    if not assessment.strip():
        errors["assessment"] = [_("Assess the refusal: was it justified?")]
    _raise_if(errors)
    interview.kind = InterviewKind.REFUSED
    interview.state = InterviewState.CLOSED
    interview.refused_on = refused_on
    interview.refusal_circumstances = circumstances.strip()
    interview.closed_at = timezone.now()
    _save(interview, actor)
    event = CooperationEvent(
        case=case,
        kind=CooperationEventKind.REFUSED_INTERVIEW,
        occurred_on=refused_on,
        evidence=interview.refusal_circumstances,
        assessment=assessment.strip(),
        interview=interview,
        recorded_by=actor,
    )
    event.full_clean()
    _as_actor(event, actor)
    event.save()
    record_action(
        actor=actor,
        action=INTERVIEW_REFUSAL,
        subjects=_subjects(interview, event),
        details=_details(
            interview,
            refused_on=_day(refused_on),
            kind_before=kind_before,
            cooperation_event_id=event.pk,
        ),
    )
    return interview


@transaction.atomic
def interview_record_attempt(
    *,
    actor: User,
    interview: Interview,
    attempted_on: datetime.date,
    place: str,
    note: str,
) -> InterviewAttempt:
    """An attempt at the interview that failed (nobody at home, …), on a planned or started
    interview; the deadline does not move."""
    _require(actor, casework_policy.EDIT, interview.case)
    _require_state(interview, InterviewState.PLANNED, InterviewState.IN_PROGRESS)
    attempt = InterviewAttempt(
        interview=interview,
        attempted_on=attempted_on,
        place=place.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    errors: dict[str, list[str]] = {}
    _full_clean(attempt, errors)
    if (
        "attempted_on" not in errors
        and isinstance(attempted_on, datetime.date)
        and attempted_on < interview.need_known_on
    ):
        errors["attempted_on"] = [
            _("The attempt cannot come before the need became known (%(day)s).")
            % {"day": _day(interview.need_known_on)}
        ]
    _raise_if(errors)
    attempt.save()
    record_action(
        actor=actor,
        action=INTERVIEW_ATTEMPT,
        subjects=_subjects(interview),
        details=_details(
            interview, attempt_id=attempt.pk, attempted_on=_day(attempted_on), note=attempt.note
        ),
    )
    return attempt


@transaction.atomic
def interview_mark_not_possible(*, actor: User, interview: Interview, note: str) -> Interview:
    """The interview could not be conducted (the person cannot be found, lives elsewhere, …):
    the planned or started interview becomes of kind "not possible" and is closed; `note`, why,
    is recorded as its last attempt, dated today. The kind it had stays in its history."""
    _require(actor, casework_policy.EDIT, interview.case)
    interview = _locked(interview)
    _require_state(interview, InterviewState.PLANNED, InterviewState.IN_PROGRESS)
    if not note.strip():
        raise ValidationError({"note": _("Say why the interview is not possible.")})
    kind_before = interview.kind
    _bump(interview)
    interview.kind = InterviewKind.NOT_POSSIBLE
    interview.state = InterviewState.CLOSED
    interview.closed_at = timezone.now()
    _save(interview, actor)
    attempt = InterviewAttempt(
        interview=interview, attempted_on=_today(), note=note.strip(), recorded_by=actor
    )
    attempt.full_clean()
    attempt.save()
    record_action(
        actor=actor,
        action=INTERVIEW_NOT_POSSIBLE,
        subjects=_subjects(interview),
        details=_details(interview, kind_before=kind_before, note=attempt.note),
    )
    return interview


# ---------------------------------------------------------------------------------------------
# Segment A: corrections of the registry found in the interview
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def interview_correct_registry(
    *,
    actor: User,
    interview: Interview,
    version: int,
    membership: Membership,
    person_version: int,
    first_names: str,
    surname: str,
    birth_date: datetime.date,
    relation: str,
    income_month: datetime.date | None = None,
    income_kind: IncomeKind | None = None,
    income_gross: Decimal | None = None,
) -> Interview:
    """Correct a member's data in the registry from what the interview found (name, birth date,
    relation to the head, an income of a month) through the registry's own services, with the
    interview as the reason, and read segment A again. One transaction: all or nothing."""
    _require(actor, casework_policy.EDIT, interview.case)
    interview = _locked(interview)
    _require_state(interview, InterviewState.IN_PROGRESS)
    if interview.version != version:
        raise _conflict(interview, version)
    if membership.household_id != interview.case.household_id:
        raise ValidationError({"membership": _("Choose a member of this family.")})
    if (income_month is None) != (income_gross is None) or (
        income_gross is not None and income_kind is None
    ):
        raise ValidationError(
            {"income_gross": _("Give the month, the kind and the gross amount of the income.")}
        )
    reason = _("Environmental interview no. %(id)s") % {"id": interview.pk}
    person = membership.person
    what: list[str] = []
    data = {"first_names": first_names, "surname": surname, "birth_date": birth_date}
    if any(getattr(person, name) != value for name, value in data.items()):
        registry_services.person_update(
            actor=actor, person=person, version=person_version, data=data, reason=reason
        )
        what.append(_("personal data"))
    if relation != membership.relation:
        registry_services.membership_update(
            actor=actor,
            membership=membership,
            relation=relation,
            valid_from=membership.valid_from,
            valid_to=membership.valid_to,
            reason=reason,
        )
        what.append(_("relation"))
    if income_month is not None and income_kind is not None and income_gross is not None:
        registry_services.income_add(
            actor=actor,
            person=person,
            month=income_month,
            kind=income_kind,
            gross=income_gross,
            reason=reason,
        )
        what.append(_("income"))
    if not what:
        return interview
    _claim(interview, version)
    interview.answers = {**interview.answers, **_snapshot_registry(interview, _today())}
    _save(interview, actor)
    record_action(
        actor=actor,
        action=INTERVIEW_REGISTRY,
        subjects=_subjects(interview, person),
        details=_details(interview, person=person.full_name, what=", ".join(what)),
    )
    return interview
