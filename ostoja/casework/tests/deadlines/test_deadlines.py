"""Interview deadlines, each expected day walked by hand on the calendar.

Holidays used: 2026: 6.4 Mon (Easter Monday), 1.5 Fri, 4.6 Thu, 11.11 Wed, 24-26.12 Thu-Sat;
2024: 24.12 Tue was still a working day, 25-26.12 Wed-Thu. 1.1.2027 is a Friday, so
1.2.2027 is a Monday and 28.2.2027 a Sunday; 1.1.2028 is a Saturday, 29.2.2028 a Tuesday.
"""

import datetime

import pytest
from django.test import override_settings
from django.utils import translation

from ostoja.casework.deadlines import (
    INTERVIEW_WORKING_DAYS,
    URGENT_WORKING_DAYS,
    DeadlineStatus,
    deadline_status,
    interview_due_on,
    update_due_on,
    working_days_left,
)

D = datetime.date


def test_the_terms_of_the_regulation() -> None:
    assert INTERVIEW_WORKING_DAYS == 14
    assert URGENT_WORKING_DAYS == 2


@pytest.mark.parametrize(
    ("known", "urgent", "due"),
    [
        # Known Mon 7.12.2026 (not counted): Tue 8 (1) ... Wed 23 (12), Thu 24 Wigilia,
        # Fri 25 and Sat 26 Christmas, Sun 27, Mon 28 (13), Tue 29 (14).
        pytest.param(D(2026, 12, 7), False, D(2026, 12, 29), id="over-christmas-2026"),
        # Known Fri 6.12.2024: Mon 9 (1) ... Mon 23 (11), Tue 24 (12, a working day in 2024),
        # Wed 25, Thu 26 Christmas, Fri 27 (13), Mon 30 (14).
        pytest.param(D(2024, 12, 6), False, D(2024, 12, 30), id="over-christmas-2024"),
        # Known Fri 11.12.2026, urgent: Sat 12, Sun 13, Mon 14 (1), Tue 15 (2).
        pytest.param(D(2026, 12, 11), True, D(2026, 12, 15), id="urgent-over-a-weekend"),
        # Known Wed 23.12.2026, urgent: Thu 24, Fri 25, Sat 26, Sun 27, Mon 28 (1), Tue 29 (2).
        pytest.param(D(2026, 12, 23), True, D(2026, 12, 29), id="urgent-over-christmas"),
        # Known on a holiday, Mon 6.4.2026: Tue 7 (1) ... Fri 24 (14).
        pytest.param(D(2026, 4, 6), False, D(2026, 4, 24), id="known-on-easter-monday"),
        # Known Thu 30.4.2026, urgent: Fri 1.5 holiday, Sat 2, Sun 3, Mon 4 (1), Tue 5 (2).
        pytest.param(D(2026, 4, 30), True, D(2026, 5, 5), id="urgent-over-may"),
    ],
)
def test_interview_due_on(known: datetime.date, urgent: bool, due: datetime.date) -> None:
    assert interview_due_on(need_known_on=known, urgent=urgent) == due


@pytest.mark.parametrize(
    ("conducted", "due", "calendar_due"),
    [
        # 15.6.2026 + 6 months = Tue 15.12.2026, a working day.
        pytest.param(D(2026, 6, 15), D(2026, 12, 15), D(2026, 12, 15), id="plain"),
        # 31.8.2026 + 6 months: February 2027 has 28 days, so Sun 28.2.2027, moved to
        # Mon 1.3.2027.
        pytest.param(D(2026, 8, 31), D(2027, 3, 1), D(2027, 2, 28), id="short-month-sunday"),
        # 31.8.2027 + 6 months: 2028 is a leap year, Tue 29.2.2028.
        pytest.param(D(2027, 8, 31), D(2028, 2, 29), D(2028, 2, 29), id="leap-year"),
        # 24.6.2026 + 6 months = Thu 24.12.2026 Wigilia; Fri 25, Sat 26 Christmas, Sun 27,
        # Mon 28.12.2026.
        pytest.param(D(2026, 6, 24), D(2026, 12, 28), D(2026, 12, 24), id="wigilia"),
        # 11.5.2026 + 6 months = Wed 11.11.2026 Independence Day; Thu 12.11.2026.
        pytest.param(D(2026, 5, 11), D(2026, 11, 12), D(2026, 11, 11), id="11-november"),
        # 24.6.2024 + 6 months = Tue 24.12.2024, still a working day.
        pytest.param(D(2024, 6, 24), D(2024, 12, 24), D(2024, 12, 24), id="wigilia-2024"),
    ],
)
def test_update_due_on(
    conducted: datetime.date, due: datetime.date, calendar_due: datetime.date
) -> None:
    assert update_due_on(conducted_on=conducted) == due
    with override_settings(OSTOJA_UPDATE_DUE_MOVES_TO_WORKING_DAY=False):
        assert update_due_on(conducted_on=conducted) == calendar_due


@pytest.mark.parametrize(
    ("due", "today", "left", "status"),
    [
        # Due Tue 29.12.2026. From Fri 18.12: Mon 21 (1), Tue 22 (2), Wed 23 (3), [24-27 off],
        # Mon 28 (4), Tue 29 (5).
        pytest.param(D(2026, 12, 29), D(2026, 12, 18), 5, DeadlineStatus.OK, id="ok"),
        # From Mon 21.12: Tue 22, Wed 23, Mon 28, Tue 29: 4 left.
        pytest.param(D(2026, 12, 29), D(2026, 12, 21), 4, DeadlineStatus.OK, id="ok-4"),
        # From Tue 22.12: Wed 23, Mon 28, Tue 29: 3 left, soon.
        pytest.param(D(2026, 12, 29), D(2026, 12, 22), 3, DeadlineStatus.SOON, id="soon-3"),
        # From Thu 24.12 (a holiday): Mon 28, Tue 29: 2 left.
        pytest.param(D(2026, 12, 29), D(2026, 12, 24), 2, DeadlineStatus.SOON, id="soon-2"),
        # From Mon 28.12: Tue 29: 1 left.
        pytest.param(D(2026, 12, 29), D(2026, 12, 28), 1, DeadlineStatus.SOON, id="soon-1"),
        pytest.param(D(2026, 12, 29), D(2026, 12, 29), 0, DeadlineStatus.TODAY, id="today"),
        # Wed 30.12 is one working day after the due day.
        pytest.param(D(2026, 12, 29), D(2026, 12, 30), -1, DeadlineStatus.OVERDUE, id="late-1"),
        # Due Fri 11.12.2026, looked at on Sat 12.12: no working day has passed, still -1.
        pytest.param(D(2026, 12, 11), D(2026, 12, 12), -1, DeadlineStatus.OVERDUE, id="sat"),
        # Due Fri 11.12.2026, on Tue 15.12: Mon 14 (1), Tue 15 (2) working days late.
        pytest.param(D(2026, 12, 11), D(2026, 12, 15), -2, DeadlineStatus.OVERDUE, id="late-2"),
        # Due Wed 23.12.2026, on Mon 28.12: Thu 24, Fri 25 off, Mon 28 (1) late.
        pytest.param(D(2026, 12, 23), D(2026, 12, 28), -1, DeadlineStatus.OVERDUE, id="xmas"),
        # A calendar due day on a Saturday (setting off), looked at on the Friday before:
        # no working day left, but not yet due.
        pytest.param(D(2027, 2, 27), D(2027, 2, 26), 0, DeadlineStatus.SOON, id="due-sat"),
    ],
)
def test_working_days_left_and_status(
    due: datetime.date, today: datetime.date, left: int, status: DeadlineStatus
) -> None:
    assert working_days_left(due_on=due, today=today) == left
    assert deadline_status(due_on=due, today=today) is status


def test_status_labels_and_badges() -> None:
    assert str(DeadlineStatus.OVERDUE) == "overdue"
    assert {s.badge_class for s in DeadlineStatus} <= {
        "text-bg-success",
        "text-bg-warning",
        "text-bg-danger",
    }
    assert DeadlineStatus.OVERDUE.badge_class == "text-bg-danger"
    assert DeadlineStatus.OK.badge_class == "text-bg-success"
    with translation.override("en"):
        assert str(DeadlineStatus.OVERDUE.label) == "overdue"
        assert str(DeadlineStatus.SOON.label) == "due soon"
