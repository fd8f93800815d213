# mypy: allow-untyped-calls
"""A fixed day and a scenario of deadlines, each due day worked out by hand on the calendar.

Today is Monday 14.12.2026. Its horizons: within a week = the 5th working day after it,
Mon 21.12 (15, 16, 17, 18, 21); updates and reviews shown = the 10th, Wed 30.12 (15, 16, 17,
18, 21, 22, 23, [24 Wigilia, 25-26 Christmas, 27 Sunday], 28, 29, 30); referrals waiting =
sent before 30.11 (14 calendar days back).
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine

from ostoja.accounts.models import Area, User
from ostoja.casework.models import (
    CaseFile,
    CaseState,
    CloseReason,
    ContractReview,
    ContractState,
    Interview,
    InterviewState,
    Referral,
    ReferralKind,
    ReferralState,
    SocialContract,
)
from ostoja.casework.tests.factories import (
    CaseFileFactory,
    ContractFactory,
    InstitutionFactory,
    InterviewFactory,
    NoteFactory,
)
from ostoja.registry.models import Household, Person
from ostoja.registry.tests.factories import household_with_members

D = datetime.date
TODAY = D(2026, 12, 14)


@pytest.fixture
def today() -> Iterator[datetime.date]:
    with time_machine.travel(
        datetime.datetime(2026, 12, 14, 9, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield TODAY


def new_case(area: Area, worker: User | None, **kwargs: Any) -> CaseFile:
    household = household_with_members(area=area, members=2)
    kwargs.setdefault("opened_on", D(2026, 1, 5))
    return CaseFileFactory(household=household, worker=worker, **kwargs)


def head(case: CaseFile) -> Person:
    return case.household.memberships.order_by("pk").first().person  # type: ignore[union-attr]


def interview(case: CaseFile, worker: User, **kwargs: Any) -> Interview:
    kwargs.setdefault("need_known_on", D(2026, 1, 5))
    kwargs.setdefault("due_on", kwargs["need_known_on"])
    return InterviewFactory(case=case, worker=worker, **kwargs)


def completed(case: CaseFile, worker: User, conducted_on: datetime.date) -> Interview:
    return interview(
        case,
        worker,
        state=InterviewState.COMPLETED,
        need_known_on=conducted_on,
        due_on=conducted_on,
        conducted_on=conducted_on,
    )


def contract(case: CaseFile, worker: User, valid_from: datetime.date, **kwargs: Any) -> Any:
    kwargs.setdefault("state", ContractState.SIGNED)
    kwargs.setdefault("signed_on", valid_from)
    return ContractFactory(
        case=case,
        person=head(case),
        worker=worker,
        valid_from=valid_from,
        valid_to=valid_from + datetime.timedelta(days=180),
        **kwargs,
    )


def referral(case: CaseFile, worker: User, sent_on: datetime.date, **kwargs: Any) -> Referral:
    return Referral.objects.create(
        case=case,
        person=head(case),
        kind=ReferralKind.COUNSELLING,
        institution=kwargs.pop("institution", None) or InstitutionFactory(),
        purpose="Poradnictwo rodzinne.",
        sent_on=sent_on,
        sent_by=worker,
        **kwargs,
    )


@dataclass
class Scenario:
    north: list[CaseFile] = field(default_factory=list)
    south: list[CaseFile] = field(default_factory=list)
    interviews: dict[str, Interview] = field(default_factory=dict)
    contracts: dict[str, SocialContract] = field(default_factory=dict)
    referrals: dict[str, Referral] = field(default_factory=dict)
    cases: dict[str, CaseFile] = field(default_factory=dict)


@pytest.fixture
def scenario(
    today: datetime.date,
    social_worker: User,
    other_social_worker: User,
    area_north: Area,
    area_south: Area,
) -> Scenario:
    s = Scenario()
    worker, other = social_worker, other_social_worker

    # Interviews of the northern worker.
    c = s.cases["interviews"] = new_case(area_north, worker)
    # Known Mon 23.11.2026: 24 (1) ... 27 (4), 30 (5), 1.12 (6) ... 4 (9), 7 (10) ... 11 (14):
    # due Fri 11.12, on Mon 14.12 one working day late.
    s.interviews["overdue"] = interview(
        c, worker, need_known_on=D(2026, 11, 23), due_on=D(2026, 12, 11)
    )
    # Urgent, known Mon 14.12: Tue 15 (1), Wed 16 (2): 2 left, soon, within a week.
    s.interviews["soon"] = interview(
        c, worker, need_known_on=D(2026, 12, 14), urgent=True, due_on=D(2026, 12, 16)
    )
    # Known Mon 7.12: due Tue 29.12 (walked in the deadlines tests); from 14.12: 15, 16, 17,
    # 18, 21, 22, 23, 28, 29 = 9 left, ok, after the week.
    s.interviews["ok"] = interview(
        c,
        worker,
        need_known_on=D(2026, 12, 7),
        due_on=D(2026, 12, 29),
        state=InterviewState.IN_PROGRESS,
    )
    # Completed: no longer due.
    completed(c, worker, D(2026, 12, 1))

    # The southern worker: one interview overdue (due Thu 10.12).
    south = s.cases["south"] = new_case(area_south, other)
    s.interviews["south"] = interview(
        south, other, need_known_on=D(2026, 11, 20), due_on=D(2026, 12, 10)
    )

    # Updates (permanent help).
    # Interview 15.6.2026 + 6 months = Tue 15.12.2026: 1 working day left, soon.
    a = s.cases["update_soon"] = new_case(area_north, worker, permanent_help_since=D(2026, 1, 5))
    completed(a, worker, D(2026, 6, 15))
    # Interview 30.6.2026 + 6 months = Wed 30.12.2026, the horizon's last day: shown.
    b = s.cases["update_horizon"] = new_case(area_north, worker, permanent_help_since=D(2026, 1, 5))
    completed(b, worker, D(2026, 6, 30))
    # Interview 2.7.2026 + 6 months = Sat 2.1.2027 -> Mon 4.1.2027 (Fri 1.1 New Year): beyond.
    late = s.cases["update_later"] = new_case(
        area_north, worker, permanent_help_since=D(2026, 1, 5)
    )
    completed(late, worker, D(2026, 7, 2))
    # No permanent help: no six-month update.
    plain = s.cases["no_permanent_help"] = new_case(area_north, worker)
    completed(plain, worker, D(2026, 3, 2))
    # No interview at all: shown as needing one.
    s.cases["no_interview"] = new_case(area_north, worker)
    # Update overdue (1.5.2026 + 6 months = Sun 1.11 -> Mon 2.11) but an update is planned:
    # its own deadline stands for it. Known 14.12: 15 (1) ... 23 (7), 28 (8) ... 31 (11),
    # [Fri 1.1 New Year], Mon 4.1 (12), Tue 5.1 (13), [Wed 6.1 Epiphany], Thu 7.1.2027 (14).
    planned = s.cases["update_planned"] = new_case(
        area_north, worker, permanent_help_since=D(2026, 1, 5)
    )
    first = completed(planned, worker, D(2026, 5, 1))
    interview(
        planned,
        worker,
        kind="aktualizacja",
        based_on=first,
        need_known_on=D(2026, 12, 14),
        due_on=D(2027, 1, 7),
    )
    # A closed case with no interview is not listed.
    new_case(
        area_north,
        worker,
        state=CaseState.CLOSED,
        closed_on=D(2026, 6, 1),
        close_reason=CloseReason.MOVED_AWAY,
    )

    # Reviews of contracts, in the interviews' case.
    # Started 10.11.2026, never reviewed: 10.11 + 30 days = 10.12 (20 days to 30.11, 10 more):
    # overdue.
    s.contracts["first_overdue"] = contract(c, worker, D(2026, 11, 10))
    # Started 1.12.2026: 31.12.2026, after the horizon (30.12).
    s.contracts["first_later"] = contract(c, worker, D(2026, 12, 1))
    # Reviewed 1.12.2026, next review Fri 18.12: 15, 16, 17, 18 = 4 left.
    reviewed = s.contracts["reviewed"] = contract(c, worker, D(2026, 10, 1))
    ContractReview.objects.create(
        contract=reviewed,
        reviewed_on=D(2026, 12, 1),
        findings="Zadłużenie spłacane w terminie.",
        next_review_on=D(2026, 12, 18),
        reviewed_by=worker,
    )
    # Reviewed with no next review planned: nothing due.
    done = contract(c, worker, D(2026, 9, 1))
    ContractReview.objects.create(
        contract=done, reviewed_on=D(2026, 10, 1), findings="Cele osiągnięte.", reviewed_by=worker
    )
    # A draft is not reviewed.
    contract(c, worker, D(2026, 10, 1), state=ContractState.DRAFT, signed_on=None)

    # Referrals.
    # Sent 20.11.2026, before 30.11: waiting for feedback.
    s.referrals["waiting"] = referral(c, worker, D(2026, 11, 20))
    # Sent 30.11.2026: exactly 14 days ago, not yet more than 14.
    referral(c, worker, D(2026, 11, 30))
    # Accepted, sent 2.11: still waiting for feedback.
    s.referrals["accepted"] = referral(
        c, worker, D(2026, 11, 2), state=ReferralState.ACCEPTED, answered_on=D(2026, 11, 5)
    )
    # Feedback given, or completed: nothing to chase.
    referral(
        c, worker, D(2026, 11, 2), feedback="Rodzina uczestniczy.", feedback_on=D(2026, 11, 16)
    )
    referral(c, worker, D(2026, 11, 2), state=ReferralState.COMPLETED, completed_on=D(2026, 11, 20))
    # The southern worker's referral, waiting.
    s.referrals["south"] = referral(south, other, D(2026, 11, 2))

    # Contact: a note of 10.12 in the interviews' case (its interview was conducted 1.12).
    NoteFactory(case=c, author=worker, occurred_on=D(2026, 12, 10))
    s.north = [case for key, case in s.cases.items() if key != "south"]
    s.south = [south]
    return s


def household_of(case: CaseFile) -> Household:
    return case.household
