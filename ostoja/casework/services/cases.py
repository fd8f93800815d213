"""The case file of a family: opening, closing and reopening it, its social worker over time,
its reasons for help (art. 7 u.p.s.) and the flag of help in a permanent form.

One file per household for good: a closed file is reopened, never opened anew, so that the
family's history stays in one place. The rules across rows (one current worker, the same
reason for the same person never twice at once) are checked here with the case row locked,
and on PostgreSQL also held by exclusion constraints (migration 0002).
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.casework import policy as casework_policy
from ostoja.casework.models import (
    CaseFile,
    CaseReason,
    CaseState,
    CloseReason,
    HelpReason,
    WorkerAssignment,
)
from ostoja.core import policy
from ostoja.core.actions import action_kind, record_action
from ostoja.registry.models import Household, Membership, Person

CASE_OPEN = action_kind(
    "casework.cases_open",
    gettext_lazy("Case file opened"),
    gettext_lazy("on %(on)s; social worker: %(worker)s; reasons: %(reasons)s"),
)
CASE_CLOSE = action_kind(
    "casework.cases_close",
    gettext_lazy("Case file closed"),
    gettext_lazy("on %(on)s: %(reason)s"),
)
CASE_REOPEN = action_kind(
    "casework.cases_reopen",
    gettext_lazy("Case file reopened"),
    gettext_lazy("on %(on)s; social worker: %(worker)s"),
)
CASE_ASSIGN = action_kind(
    "casework.cases_assign",
    gettext_lazy("Change of the social worker"),
    gettext_lazy("%(worker)s instead of %(previous)s since %(on)s"),
)
REASON_ADD = action_kind(
    "casework.cases_reason_add",
    gettext_lazy("Reason for help recorded"),
    gettext_lazy("%(reason)s (%(whom)s) since %(on)s"),
)
REASON_END = action_kind(
    "casework.cases_reason_end",
    gettext_lazy("End of a reason for help"),
    gettext_lazy("%(reason)s (%(whom)s) until %(on)s"),
)
PERMANENT_HELP = action_kind(
    "casework.cases_permanent_help",
    gettext_lazy("Permanent help recorded"),
    gettext_lazy("since %(on)s"),
)

CASE_ACTIONS = (
    CASE_OPEN,
    CASE_CLOSE,
    CASE_REOPEN,
    CASE_ASSIGN,
    REASON_ADD,
    REASON_END,
    PERMANENT_HELP,
)


# ---------------------------------------------------------------------------------------------
# Shared steps
# ---------------------------------------------------------------------------------------------


def _require(actor: User, action: str, obj: Any) -> None:
    if not policy.can(actor, action, obj):
        raise PermissionDenied


def _as_actor(instance: Any, actor: User) -> None:
    instance._history_user = actor


def _lock(case: CaseFile) -> None:
    """Lock the case row (PostgreSQL: SELECT … FOR UPDATE) so that two changes of its workers or
    reasons run one after the other; SQLite's single writer lock does the same."""
    list(CaseFile.objects.select_for_update().filter(pk=case.pk))


def _today() -> datetime.date:
    return timezone.localdate()


def _day(value: datetime.date) -> str:
    return value.strftime("%d.%m.%Y")


def _not_future(field: str, day: datetime.date) -> None:
    if day > _today():
        raise ValidationError({field: _("This date cannot be in the future.")})


def social_workers_of(household: Household) -> list[User]:
    """The active social workers of the household's area."""
    workers = household.area.workers.filter(role=Role.SOCIAL_WORKER, is_active=True)
    return list(workers.order_by("last_name", "first_name", "pk"))


def _check_worker(worker: User) -> None:
    if not (worker.is_active and worker.role == Role.SOCIAL_WORKER):
        raise ValidationError({"worker": _("Choose an active social worker.")})


def _default_worker(actor: User, household: Household, worker: User | None) -> User:
    """The worker given; else the only social worker of the area; else the actor when she is a
    social worker; else the form must name one."""
    if worker is None:
        area_workers = social_workers_of(household)
        if len(area_workers) == 1:
            worker = area_workers[0]
        elif actor.role == Role.SOCIAL_WORKER:
            worker = actor
        else:
            raise ValidationError({"worker": _("Choose the social worker who leads the case.")})
    _check_worker(worker)
    return worker


def current_assignment(case: CaseFile) -> WorkerAssignment | None:
    """The assignment without an end: the worker who leads the case now or from a set day."""
    return case.assignments.filter(valid_to__isnull=True).select_related("worker").first()


def _subjects(case: CaseFile, *others: Any) -> list[Any]:
    return [case, case.household, *(o for o in others if o is not None)]


def _whom(person: Person | None) -> str:
    return person.full_name if person is not None else str(_("the whole family"))


# ---------------------------------------------------------------------------------------------
# Opening, closing, reopening
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def case_open(
    *,
    actor: User,
    household: Household,
    opened_on: datetime.date,
    reasons: Iterable[HelpReason] = (),
    worker: User | None = None,
) -> CaseFile:
    """Open the family's case file with its social worker and its first reasons for help (for
    the whole family, from the day of opening)."""
    _require(actor, casework_policy.OPEN_CASE, household)
    list(Household.objects.select_for_update().filter(pk=household.pk))
    existing = CaseFile.objects.filter(household=household).first()
    if existing is not None:
        if existing.is_open:
            message = _("This family already has a case file.")
        else:
            message = _(
                "This family's case file was closed on %(day)s: reopen it instead of opening "
                "a new one."
            ) % {"day": _day(existing.closed_on or existing.opened_on)}
        raise ValidationError({"household": message})
    case = CaseFile(household=household, opened_on=opened_on, state=CaseState.OPEN)
    errors: dict[str, Any] = {}
    try:
        case.full_clean(exclude=["household"])
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        worker = _default_worker(actor, household, worker)
    except ValidationError as error:
        errors.update(error.message_dict)
    reasons = list(reasons)
    inactive = [r for r in reasons if not r.active]
    if inactive:
        errors["reasons"] = [
            _("No longer in use: %(names)s.") % {"names": ", ".join(r.name for r in inactive)}
        ]
    if errors:
        raise ValidationError(errors)
    assert worker is not None
    _as_actor(case, actor)
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError as error:  # opened at the same moment by someone else
        raise ValidationError({"household": _("This family already has a case file.")}) from error
    WorkerAssignment.objects.create(case=case, worker=worker, valid_from=opened_on)
    for reason in reasons:
        row = CaseReason(case=case, reason=reason, valid_from=opened_on)
        _as_actor(row, actor)
        row.save()
    record_action(
        actor=actor,
        action=CASE_OPEN,
        subjects=_subjects(case),
        details={
            "on": opened_on,
            "worker": str(worker),
            "worker_id": worker.pk,
            "reasons": [r.name for r in reasons],
        },
    )
    return case


@transaction.atomic
def case_close(
    *,
    actor: User,
    case: CaseFile,
    closed_on: datetime.date,
    reason: str,
    note: str = "",
) -> CaseFile:
    """Close the file: its open reasons for help end that day, and so does its worker's
    assignment."""
    _require(actor, casework_policy.EDIT, case)
    _lock(case)
    case.refresh_from_db()
    if not case.is_open:
        raise ValidationError({"closed_on": _("The case file is already closed.")})
    errors: dict[str, list[str]] = {}
    if reason not in CloseReason.values:
        errors["reason"] = [_("Choose the reason for closing.")]
    if closed_on > _today():
        errors["closed_on"] = [_("This date cannot be in the future.")]
    else:
        starts = [case.opened_on]
        assignment = current_assignment(case)
        if assignment is not None:
            starts.append(assignment.valid_from)
        open_reasons = list(case.reasons.filter(valid_to__isnull=True))
        starts += [r.valid_from for r in open_reasons]
        latest = max(starts)
        if closed_on < latest:
            errors["closed_on"] = [
                _("The case cannot be closed before %(day)s (its last change).")
                % {"day": _day(latest)}
            ]
    if errors:
        raise ValidationError(errors)
    for case_reason in case.reasons.filter(valid_to__isnull=True):
        case_reason.valid_to = closed_on
        _as_actor(case_reason, actor)
        case_reason.save()
    case.assignments.filter(valid_to__isnull=True).update(valid_to=closed_on)
    case.state = CaseState.CLOSED
    case.closed_on = closed_on
    case.close_reason = reason
    case.close_note = note
    case.full_clean(exclude=["household"])
    _as_actor(case, actor)
    case.save()
    record_action(
        actor=actor,
        action=CASE_CLOSE,
        subjects=_subjects(case),
        details={"on": closed_on, "reason": str(CloseReason(reason).label), "note": note},
    )
    return case


@transaction.atomic
def case_reopen(
    *,
    actor: User,
    case: CaseFile,
    reopened_on: datetime.date,
    worker: User | None = None,
) -> CaseFile:
    """Reopen a closed file: the same file, a new assignment from the day of reopening (the last
    worker again when she still works as a social worker, unless another is named)."""
    _require(actor, casework_policy.OPEN_CASE, case.household)
    if not policy.in_scope(actor, case):
        raise PermissionDenied
    _lock(case)
    case.refresh_from_db()
    if case.is_open:
        raise ValidationError({"reopened_on": _("The case file is open.")})
    assert case.closed_on is not None
    errors: dict[str, Any] = {}
    if reopened_on > _today():
        errors["reopened_on"] = [_("This date cannot be in the future.")]
    elif reopened_on <= case.closed_on:
        errors["reopened_on"] = [
            _("The case can be reopened only after it was closed (%(day)s).")
            % {"day": _day(case.closed_on)}
        ]
    if worker is None:
        last = case.assignments.order_by("-valid_from", "-pk").select_related("worker").first()
        if last is not None and last.worker.is_active and last.worker.role == Role.SOCIAL_WORKER:
            worker = last.worker
    try:
        worker = _default_worker(actor, case.household, worker)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    assert worker is not None
    WorkerAssignment.objects.create(case=case, worker=worker, valid_from=reopened_on)
    case.state = CaseState.REOPENED
    case.closed_on = None
    case.close_reason = ""
    case.close_note = ""
    _as_actor(case, actor)
    case.save()
    record_action(
        actor=actor,
        action=CASE_REOPEN,
        subjects=_subjects(case),
        details={"on": reopened_on, "worker": str(worker), "worker_id": worker.pk},
    )
    return case


# ---------------------------------------------------------------------------------------------
# The social worker
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def case_assign_worker(
    *, actor: User, case: CaseFile, worker: User, since: datetime.date
) -> WorkerAssignment:
    """Hand the case to another social worker from `since`; the previous assignment ends the day
    before. The history of assignments stays."""
    _require(actor, casework_policy.ASSIGN, case)
    _lock(case)
    case.refresh_from_db()
    if not case.is_open:
        raise ValidationError({"worker": _("Reopen the case file first.")})
    _check_worker(worker)
    current = current_assignment(case)
    if current is not None:
        if current.worker_id == worker.pk:
            raise ValidationError({"worker": _("This worker already leads the case.")})
        if since <= current.valid_from:
            raise ValidationError(
                {
                    "since": _(
                        "The change must come after %(day)s, when the current worker took the case."
                    )
                    % {"day": _day(current.valid_from)}
                }
            )
        current.valid_to = since - datetime.timedelta(days=1)
        current.save(update_fields=["valid_to"])
    elif since < case.opened_on:
        raise ValidationError({"since": _("The date cannot be before the case was opened.")})
    assignment = WorkerAssignment(case=case, worker=worker, valid_from=since)
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as error:  # PostgreSQL's exclusion constraint, under a race
        raise ValidationError(
            {"since": _("Someone has just changed this case's worker; try again.")}
        ) from error
    record_action(
        actor=actor,
        action=CASE_ASSIGN,
        subjects=_subjects(case, worker),
        details={
            "on": since,
            "worker": str(worker),
            "worker_id": worker.pk,
            "previous": str(current.worker) if current is not None else "",
        },
    )
    return assignment


# ---------------------------------------------------------------------------------------------
# Reasons for help
# ---------------------------------------------------------------------------------------------


def _overlap_message(clash: CaseReason) -> str:
    if clash.valid_to is None:
        return _("%(reason)s (%(whom)s) is already recorded since %(start)s.") % {
            "reason": clash.reason.name,
            "whom": _whom(clash.person),
            "start": _day(clash.valid_from),
        }
    return _("%(reason)s (%(whom)s) is already recorded from %(start)s to %(end)s.") % {
        "reason": clash.reason.name,
        "whom": _whom(clash.person),
        "start": _day(clash.valid_from),
        "end": _day(clash.valid_to),
    }


def _overlapping(
    case: CaseFile, reason: HelpReason, person: Person | None, start: datetime.date
) -> CaseReason | None:
    """The same reason for the same person (or the family) in force on `start` or later."""
    rows = case.reasons.filter(reason=reason).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    )
    rows = rows.filter(person=person) if person is not None else rows.filter(person__isnull=True)
    return rows.select_related("reason", "person").order_by("valid_from").first()


@transaction.atomic
def case_reason_add(
    *,
    actor: User,
    case: CaseFile,
    reason: HelpReason,
    valid_from: datetime.date,
    person: Person | None = None,
    note: str = "",
) -> CaseReason:
    """Record a reason for help from a day on, for one member or (no person) the family."""
    _require(actor, casework_policy.EDIT, case)
    _lock(case)
    row = CaseReason(case=case, reason=reason, person=person, valid_from=valid_from, note=note)
    errors: dict[str, Any] = {}
    try:
        row.full_clean(exclude=["case"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if not reason.active:
        errors["reason"] = [_("This reason is no longer in use.")]
    if person is not None and "valid_from" not in errors:
        members = Membership.objects.current_on(valid_from).filter(
            household_id=case.household_id, person=person
        )
        if not members.exists():
            errors["person"] = [
                _("%(person)s is not a member of the family on %(day)s.")
                % {"person": person.full_name, "day": _day(valid_from)}
            ]
    if not errors:
        clash = _overlapping(case, reason, person, valid_from)
        if clash is not None:
            errors["valid_from"] = [_overlap_message(clash)]
    if errors:
        raise ValidationError(errors)
    _as_actor(row, actor)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as error:  # PostgreSQL's casereason_no_overlap, under a race
        clash = _overlapping(case, reason, person, valid_from)
        message = (
            _overlap_message(clash)
            if clash
            else _("Someone has just changed this case's reasons; try again.")
        )
        raise ValidationError({"valid_from": message}) from error
    record_action(
        actor=actor,
        action=REASON_ADD,
        subjects=_subjects(case, person),
        details={
            "on": valid_from,
            "reason": reason.name,
            "reason_code": reason.code,
            "whom": _whom(person),
            "person_id": person.pk if person is not None else None,
            "case_reason_id": row.pk,
        },
    )
    return row


@transaction.atomic
def case_reason_end(*, actor: User, case_reason: CaseReason, valid_to: datetime.date) -> CaseReason:
    """The reason no longer holds after `valid_to`."""
    case = case_reason.case
    _require(actor, casework_policy.EDIT, case)
    _lock(case)
    case_reason.refresh_from_db()
    if case_reason.valid_to is not None:
        raise ValidationError(
            {
                "valid_to": _("This reason already ended on %(day)s.")
                % {"day": _day(case_reason.valid_to)}
            }
        )
    _not_future("valid_to", valid_to)
    if valid_to < case_reason.valid_from:
        raise ValidationError({"valid_to": _("The end cannot be before the start.")})
    case_reason.valid_to = valid_to
    case_reason.full_clean(exclude=["case"])
    _as_actor(case_reason, actor)
    case_reason.save()
    person = case_reason.person
    record_action(
        actor=actor,
        action=REASON_END,
        subjects=_subjects(case, person),
        details={
            "on": valid_to,
            "reason": case_reason.reason.name,
            "whom": _whom(person),
            "person_id": person.pk if person is not None else None,
            "case_reason_id": case_reason.pk,
        },
    )
    return case_reason


# ---------------------------------------------------------------------------------------------
# Help in a permanent form
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def case_set_permanent_help(
    *, actor: User, case: CaseFile, since: datetime.date | None
) -> CaseFile:
    """Record since when the family receives help in a permanent form (the interview is then
    updated at least every six months, art. 107 ust. 4 u.p.s.), or that it no longer does."""
    _require(actor, casework_policy.EDIT, case)
    if since is not None:
        _not_future("since", since)
    case.permanent_help_since = since
    case.full_clean(exclude=["household"])
    _as_actor(case, actor)
    case.save()
    record_action(
        actor=actor,
        action=PERMANENT_HELP,
        subjects=_subjects(case),
        details={"on": since, "ended": since is None},
    )
    return case
