"""Reads of social work's interviews for the screens; every query starts from the access policy."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.casework.deadlines import DeadlineStatus, deadline_status, working_days_left
from ostoja.casework.models import Interview, InterviewAttempt, InterviewState
from ostoja.casework.timeline import TimelineEntry
from ostoja.core.policy import visible_to

INTERVIEW_KIND = gettext_lazy("Environmental interview")
OPEN_STATES = (InterviewState.PLANNED, InterviewState.IN_PROGRESS)


def interviews_of(user: Any, case: Any) -> QuerySet[Interview]:
    """The case's interviews the user may see (every version), newest first."""
    interviews: QuerySet[Interview] = visible_to(user, Interview)
    return (
        interviews.filter(case_id=case.pk)
        .select_related("worker", "supersedes", "based_on")
        .order_by("-need_known_on", "-pk")
    )


def interview_get(user: Any, interview_id: int) -> Interview:
    """One interview the user may see (DoesNotExist otherwise)."""
    interviews: QuerySet[Interview] = visible_to(user, Interview)
    return interviews.select_related("case", "case__household", "worker").get(pk=interview_id)


@dataclass(frozen=True)
class Deadline:
    due_on: datetime.date
    days_left: int
    status: DeadlineStatus


def deadline_of(interview: Interview, today: datetime.date | None = None) -> Deadline | None:
    """The deadline of an interview still to be conducted (None once it is)."""
    if interview.state not in OPEN_STATES:
        return None
    today = today or timezone.localdate()
    return Deadline(
        due_on=interview.due_on,
        days_left=working_days_left(due_on=interview.due_on, today=today),
        status=deadline_status(due_on=interview.due_on, today=today),
    )


@dataclass
class InterviewChain:
    """An interview in its current version with the versions it corrected, newest first."""

    current: Interview
    earlier: list[Interview] = field(default_factory=list)
    deadline: Deadline | None = None


def interview_chains(user: Any, case: Any) -> list[InterviewChain]:
    """The case's interviews by their current versions (open ones first, then newest), each
    with its earlier versions."""
    interviews = list(interviews_of(user, case))
    by_pk = {i.pk: i for i in interviews}
    superseded = {i.supersedes_id for i in interviews if i.supersedes_id}
    chains = []
    for interview in interviews:
        if interview.pk in superseded:
            continue
        chain = InterviewChain(current=interview, deadline=deadline_of(interview))
        older = by_pk.get(interview.supersedes_id) if interview.supersedes_id else None
        while older is not None:
            chain.earlier.append(older)
            older = by_pk.get(older.supersedes_id) if older.supersedes_id else None
        chains.append(chain)
    chains.sort(key=lambda c: c.current.state not in OPEN_STATES)
    return chains


def versions_of(interview: Interview) -> list[Interview]:
    """Every version of the interview, the first one first (the user sees the whole chain
    once she sees one version: they belong to the same case)."""
    first = interview
    while first.supersedes_id is not None:
        first = Interview.objects.get(pk=first.supersedes_id)
    chain = [first]
    while True:
        following = Interview.objects.filter(supersedes=chain[-1]).first()
        if following is None:
            return chain
        chain.append(following)


def attempts_of(interview: Interview) -> list[InterviewAttempt]:
    return list(interview.attempts.select_related("recorded_by"))


def _url(interview: Interview) -> str:
    return reverse("casework:interview_detail", args=[interview.pk])


def timeline(case: Any, user: Any) -> list[TimelineEntry]:
    """This area's entries of the case's timeline that the user may see: each interview's
    planning, conduct, completion, signature or refusal, and the failed attempts."""
    entries: list[TimelineEntry] = []
    interviews = list(interviews_of(user, case).prefetch_related("attempts"))
    for interview in interviews:
        kind, url = str(interview.get_kind_display()), _url(interview)
        state = str(interview.get_state_display())
        if interview.supersedes_id:
            entries.append(
                TimelineEntry(
                    on=timezone.localdate(interview.created_at),
                    kind=str(INTERVIEW_KIND),
                    title=_("Correction: %(kind)s") % {"kind": kind},
                    summary=interview.correction_reason,
                    url=url,
                    at=interview.created_at,
                    state=state,
                )
            )
        elif interview.refused_on is None:
            entries.append(
                TimelineEntry(
                    on=timezone.localdate(interview.created_at),
                    kind=str(INTERVIEW_KIND),
                    title=_("Planned: %(kind)s") % {"kind": kind},
                    summary=_("due on %(day)s") % {"day": f"{interview.due_on:%d.%m.%Y}"},
                    url=url,
                    at=interview.created_at,
                    state=state,
                )
            )
        if interview.refused_on is not None:
            entries.append(
                TimelineEntry(
                    on=interview.refused_on,
                    kind=str(INTERVIEW_KIND),
                    title=_("Refusal of the interview"),
                    summary=interview.refusal_circumstances,
                    url=url,
                    at=interview.closed_at,
                    state=state,
                )
            )
        if interview.conducted_on is not None and interview.completed_at is not None:
            entries.append(
                TimelineEntry(
                    on=interview.conducted_on,
                    kind=str(INTERVIEW_KIND),
                    title=_("Conducted: %(kind)s") % {"kind": kind},
                    summary=interview.place,
                    url=url,
                    # Known only by its day, recorded with the completion: just before it.
                    at=interview.completed_at - datetime.timedelta(microseconds=1),
                    state=state,
                )
            )
            entries.append(
                TimelineEntry(
                    on=timezone.localdate(interview.completed_at),
                    kind=str(INTERVIEW_KIND),
                    title=_("Completed: %(kind)s") % {"kind": kind},
                    url=url,
                    at=interview.completed_at,
                    state=state,
                )
            )
        if interview.signed_on is not None:
            entries.append(
                TimelineEntry(
                    on=interview.signed_on,
                    kind=str(INTERVIEW_KIND),
                    title=_("Signed: %(kind)s") % {"kind": kind},
                    summary=interview.signed_place,
                    url=url,
                    at=interview.signed_at,
                    state=state,
                )
            )
        entries.extend(
            TimelineEntry(
                on=attempt.attempted_on,
                kind=str(INTERVIEW_KIND),
                title=_("Attempt at an interview"),
                summary=attempt.note,
                url=url,
                at=attempt.recorded_at,
                state=state,
            )
            for attempt in interview.attempts.all()
        )
    return entries
