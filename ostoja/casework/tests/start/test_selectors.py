"""The deadlines in the scenario (see conftest.py for each due day's calendar walk)."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ostoja.accounts.models import Area, User
from ostoja.casework.deadlines import DeadlineStatus
from ostoja.casework.selectors import start
from ostoja.casework.tests.start.conftest import D, Scenario, completed, interview, new_case

pytestmark = pytest.mark.django_db


def test_horizons_on_monday_14_december_2026() -> None:
    horizons = start.Horizons.on(D(2026, 12, 14))
    assert horizons.week_end == D(2026, 12, 21)
    assert horizons.upcoming == D(2026, 12, 30)
    # 30.6.2026 + 6 months = Wed 30.12 (due on the horizon); 1.7 + 6 months = Fri 1.1.2027,
    # New Year, moved to Mon 4.1: the last interview day with its update due by 30.12 is 30.6.
    assert horizons.last_interview_by == D(2026, 6, 30)
    assert horizons.review_start_by == D(2026, 11, 30)
    assert horizons.referral_sent_before == D(2026, 11, 30)


def test_last_interview_due_by_walks_back_over_a_short_month() -> None:
    # By Sun 28.2.2027: 31.8 down to 28.8.2026 + 6 months all give Sun 28.2.2027 (February
    # has 28 days), moved to Mon 1.3: too late; 27.8.2026 -> Sat 27.2.2027 -> Mon 1.3;
    # 26.8.2026 -> Fri 26.2.2027: the last one due by 28.2.
    assert start._last_interview_due_by(D(2027, 2, 28)) == D(2026, 8, 26)


def test_last_interview_due_by_walks_forward_over_a_short_month() -> None:
    # By Thu 28.2.2030 (a working day): 28.8.2029 + 6 months = 28.2.2030, and so are 29.8,
    # 30.8 and 31.8.2029 (February has 28 days); 1.9.2029 -> 1.3.2030, too late.
    assert start._last_interview_due_by(D(2030, 2, 28)) == D(2029, 8, 31)


def test_the_workers_interviews(scenario: Scenario, social_worker: User, today: Any) -> None:
    mine = start.worker_deadlines(social_worker, today)
    assert mine.interviews_count == 4
    assert [row.record for row in mine.interviews[:3]] == [
        scenario.interviews["overdue"],
        scenario.interviews["soon"],
        scenario.interviews["ok"],
    ]
    assert [row.status for row in mine.interviews] == [
        DeadlineStatus.OVERDUE,
        DeadlineStatus.SOON,
        DeadlineStatus.OK,
        DeadlineStatus.OK,
    ]
    assert [row.days_left for row in mine.interviews[:3]] == [-1, 2, 9]
    assert mine.interviews[0].days_late == 1
    assert mine.interviews[0].overdue
    assert scenario.interviews["south"] not in [row.record for row in mine.interviews]


def test_the_workers_updates(scenario: Scenario, social_worker: User, today: Any) -> None:
    mine = start.worker_deadlines(social_worker, today)
    cases = scenario.cases
    assert [row.case for row in mine.updates] == [
        cases["no_interview"],
        cases["update_soon"],
        cases["update_horizon"],
    ]
    assert [row.due_on for row in mine.updates] == [None, D(2026, 12, 15), D(2026, 12, 30)]
    assert [row.status for row in mine.updates] == [
        DeadlineStatus.OVERDUE,
        DeadlineStatus.SOON,
        DeadlineStatus.OK,
    ]
    assert mine.updates[1].days_left == 1
    assert mine.updates[0].days_left is None
    assert mine.updates[0].days_late == 0
    assert all(row.worker == social_worker for row in mine.updates)


def test_the_workers_reviews(scenario: Scenario, social_worker: User, today: Any) -> None:
    mine = start.worker_deadlines(social_worker, today)
    assert [row.record for row in mine.reviews] == [
        scenario.contracts["first_overdue"],
        scenario.contracts["reviewed"],
    ]
    assert [row.due_on for row in mine.reviews] == [D(2026, 12, 10), D(2026, 12, 18)]
    assert [row.status for row in mine.reviews] == [DeadlineStatus.OVERDUE, DeadlineStatus.OK]
    assert mine.reviews[1].days_left == 4


def test_the_workers_referrals(scenario: Scenario, social_worker: User, today: Any) -> None:
    mine = start.worker_deadlines(social_worker, today)
    assert [row.record for row in mine.referrals] == [
        scenario.referrals["accepted"],
        scenario.referrals["waiting"],
    ]
    assert mine.referrals_count == 2
    # Feedback was expected two weeks after sending: 2.11 + 14 days = 16.11.
    assert mine.referrals[0].due_on == D(2026, 11, 16)


def test_the_workers_cases_with_last_contact(
    scenario: Scenario, social_worker: User, today: Any
) -> None:
    mine = start.worker_deadlines(social_worker, today)
    contact = {row.case: row.last_contact_on for row in mine.cases}
    cases = scenario.cases
    assert set(contact) == {
        cases[key]
        for key in (
            "interviews",
            "update_soon",
            "update_horizon",
            "update_later",
            "no_permanent_help",
            "no_interview",
            "update_planned",
        )
    }
    # The note of 10.12 is later than the interview conducted on 1.12.
    assert contact[cases["interviews"]] == D(2026, 12, 10)
    assert contact[cases["update_soon"]] == D(2026, 6, 15)
    assert contact[cases["no_interview"]] is None
    # Least recent contact first, no contact at all before everything.
    assert mine.cases[0].case == cases["no_interview"]
    assert mine.cases[-1].case == cases["interviews"]
    assert mine.cases_count == 7
    assert not mine.is_empty


def test_the_panel_shows_the_first_cases_and_counts_all(
    scenario: Scenario, social_worker: User, today: Any
) -> None:
    # Seven cases in the scenario: the panel of three shows the three longest without contact.
    mine = start.worker_deadlines(social_worker, today, limit=3)
    assert len(mine.cases) == 3
    assert mine.cases_count == 7
    assert mine.cases[0].case == scenario.cases["no_interview"]
    assert len(mine.open_cases) == 7


def test_a_correction_in_progress_is_no_deadline(
    scenario: Scenario, social_worker: User, today: Any
) -> None:
    case = scenario.cases["update_soon"]
    original = case.interviews.get()
    interview(
        case,
        social_worker,
        state="w_trakcie",
        supersedes=original,
        correction_reason="Pomyłka w dochodzie.",
        need_known_on=D(2026, 6, 1),
        due_on=D(2026, 6, 19),
    )
    mine = start.worker_deadlines(social_worker, today)
    assert mine.interviews_count == 4
    # Nor does it stand for the update still due.
    assert case in [row.case for row in mine.updates]


def test_a_worker_sees_only_her_own(
    scenario: Scenario, other_social_worker: User, today: Any
) -> None:
    theirs = start.worker_deadlines(other_social_worker, today)
    assert [row.record for row in theirs.interviews] == [scenario.interviews["south"]]
    assert [row.record for row in theirs.referrals] == [scenario.referrals["south"]]
    assert theirs.updates == []
    assert theirs.reviews == []
    assert [row.case for row in theirs.cases] == scenario.south


def test_nothing_due_is_empty(director: User, today: Any) -> None:
    assert start.worker_deadlines(director, today).is_empty


def test_the_directors_overview(
    scenario: Scenario,
    director: User,
    social_worker: User,
    other_social_worker: User,
    area_north: Area,
    area_south: Area,
    today: Any,
) -> None:
    overview = start.director_overview(director, today)
    rows = {line.worker: line for line in overview.workers}
    assert set(rows) == {social_worker, other_social_worker}
    north = rows[social_worker].counts
    assert (north.interviews_overdue, north.interviews_week) == (1, 1)
    assert (north.updates, north.reviews, north.referrals) == (3, 2, 2)
    assert north.total == 9
    assert rows[social_worker].areas == [area_north.name]
    south = rows[other_social_worker].counts
    assert (south.interviews_overdue, south.interviews_week, south.updates) == (1, 0, 0)
    assert (south.reviews, south.referrals) == (0, 1)
    areas = {line.area: line.counts for line in overview.areas}
    assert areas[area_north] == north
    assert areas[area_south] == south


def test_cases_without_a_worker_are_counted_apart(
    director: User, area_north: Area, today: Any
) -> None:
    new_case(area_north, None)  # no interview, no worker
    overview = start.director_overview(director, today)
    assert [(line.worker, line.counts.updates) for line in overview.workers] == [(None, 1)]


def test_a_social_worker_sees_the_overview_of_her_scope_only(
    scenario: Scenario, social_worker: User, other_social_worker: User, today: Any
) -> None:
    overview = start.director_overview(social_worker, today)
    rows = {line.worker: line.counts for line in overview.workers}
    assert rows[other_social_worker].total == 0
    assert rows[social_worker].total == 9


def test_persons_shown(scenario: Scenario, social_worker: User, today: Any) -> None:
    mine = start.worker_deadlines(social_worker, today)
    persons = start.persons_shown(mine.interviews[:3], today)
    household = scenario.cases["interviews"].household
    members = set(household.memberships.values_list("person_id", flat=True))
    assert persons == members
    assert start.persons_shown([], today) == set()


def _count_queries(function: Any, *args: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        function(*args)
    return len(queries)


def test_queries_do_not_grow_with_the_cases(
    scenario: Scenario,
    director: User,
    social_worker: User,
    other_social_worker: User,
    area_north: Area,
    today: Any,
) -> None:
    worker_before = _count_queries(start.worker_deadlines, social_worker, today)
    director_before = _count_queries(start.director_overview, director, today)
    for day in range(1, 8):
        case = new_case(area_north, social_worker, permanent_help_since=D(2026, 1, 5))
        completed(case, social_worker, D(2026, 6, day))
        interview(case, other_social_worker, need_known_on=D(2026, 12, 1), due_on=D(2026, 12, 1))
    assert _count_queries(start.worker_deadlines, social_worker, today) == worker_before
    assert _count_queries(start.director_overview, director, today) == director_before


def test_the_first_review_is_thirty_days_after_the_start() -> None:
    contract: Any = type("C", (), {"valid_from": datetime.date(2026, 1, 31), "has_reviews": False})
    # 31.1 + 30 days: 28 days to 28.2, 2 more: 2.3.2026.
    assert start.review_due(contract) == D(2026, 3, 2)
