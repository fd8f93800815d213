"""Working days on the Polish calendar; every expected day is walked by hand on the calendar.

Public holidays used below (ustawa o dniach wolnych od pracy): 2024: 1.11 Fri, 24.12 Tue was
still a working day, 25-26.12 Wed-Thu; 2025: 15.8 Fri, 24-26.12 Wed-Fri, 2026: 1.1 Thu, 6.1 Tue,
5-6.4 Sun-Mon (Easter), 1.5 Fri, 3.5 Sun, 4.6 Thu (Corpus Christi), 15.8 Sat, 1.11 Sun,
11.11 Wed, 24-26.12 Thu-Sat.
"""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ostoja.core.workdays import (
    add_working_days,
    holiday_name,
    is_working_day,
    next_working_day,
    previous_working_day,
    working_days_between,
)

D = datetime.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(D(2026, 12, 7), True, id="monday"),
        pytest.param(D(2026, 12, 12), False, id="saturday"),
        pytest.param(D(2026, 12, 13), False, id="sunday"),
        pytest.param(D(2024, 12, 24), True, id="wigilia-2024-still-working"),
        pytest.param(D(2025, 12, 24), False, id="wigilia-2025-holiday"),
        pytest.param(D(2026, 12, 24), False, id="wigilia-2026-holiday"),
        pytest.param(D(2026, 12, 25), False, id="christmas"),
        pytest.param(D(2026, 1, 1), False, id="new-year"),
        pytest.param(D(2026, 1, 6), False, id="epiphany"),
        pytest.param(D(2026, 4, 6), False, id="easter-monday"),
        pytest.param(D(2026, 4, 7), True, id="tuesday-after-easter"),
        pytest.param(D(2026, 5, 1), False, id="1-may"),
        pytest.param(D(2026, 6, 4), False, id="corpus-christi"),
        pytest.param(D(2025, 8, 15), False, id="assumption-friday"),
        pytest.param(D(2024, 11, 1), False, id="all-saints-friday"),
        pytest.param(D(2026, 11, 11), False, id="independence-day"),
    ],
)
def test_is_working_day(day: datetime.date, working: bool) -> None:
    assert is_working_day(day) is working


def test_holiday_name() -> None:
    assert holiday_name(D(2026, 12, 24)) == "Wigilia Bożego Narodzenia"
    assert holiday_name(D(2026, 11, 11)) == "Narodowe Święto Niepodległości"
    assert holiday_name(D(2026, 5, 3)) == "Święto Narodowe Trzeciego Maja"
    assert holiday_name(D(2024, 12, 24)) is None
    # A plain Saturday is not a holiday, only a day off.
    assert holiday_name(D(2026, 12, 12)) is None


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        # Mon 7.12.2026 not counted; Tue 8 (1) ... Fri 11 (4), Mon 14 (5) ... Fri 18 (9),
        # Mon 21 (10), Tue 22 (11), Wed 23 (12), Thu 24 Wigilia, Fri 25 Christmas, Sat 26
        # second day of Christmas, Sun 27, Mon 28 (13), Tue 29 (14).
        pytest.param(D(2026, 12, 7), 14, D(2026, 12, 29), id="christmas-2026"),
        # Fri 6.12.2024; Mon 9 (1) ... Fri 13 (5), Mon 16 (6) ... Fri 20 (10), Mon 23 (11),
        # Tue 24 (12: still a working day in 2024), Wed 25 and Thu 26 holidays, Fri 27 (13),
        # Sat 28, Sun 29, Mon 30 (14).
        pytest.param(D(2024, 12, 6), 14, D(2024, 12, 30), id="christmas-2024-wigilia-working"),
        # Tue 30.12.2025; Wed 31 (1), Thu 1.1 New Year, Fri 2 (2), Sat 3, Sun 4, Mon 5 (3),
        # Tue 6 Epiphany, Wed 7 (4), Thu 8 (5), Fri 9 (6), Mon 12 (7) ... Fri 16 (11),
        # Mon 19 (12), Tue 20 (13), Wed 21 (14).
        pytest.param(D(2025, 12, 30), 14, D(2026, 1, 21), id="new-year-and-epiphany"),
        # Thu 2.4.2026; Fri 3 (1), Sat 4, Sun 5 Easter, Mon 6 Easter Monday, Tue 7 (2).
        pytest.param(D(2026, 4, 2), 2, D(2026, 4, 7), id="easter"),
        # Thu 30.4.2026; Fri 1.5 holiday, Sat 2, Sun 3 (3 May on a Sunday), Mon 4 (1), Tue 5 (2).
        pytest.param(D(2026, 4, 30), 2, D(2026, 5, 5), id="1-and-3-may"),
        # Wed 3.6.2026; Thu 4 Corpus Christi, Fri 5 (1), Sat 6, Sun 7, Mon 8 (2).
        pytest.param(D(2026, 6, 3), 2, D(2026, 6, 8), id="corpus-christi"),
        # Thu 14.8.2025; Fri 15 Assumption, Sat 16, Sun 17, Mon 18 (1), Tue 19 (2).
        pytest.param(D(2025, 8, 14), 2, D(2025, 8, 19), id="15-august"),
        # Thu 31.10.2024; Fri 1.11 All Saints, Sat 2, Sun 3, Mon 4 (1), Tue 5 (2).
        pytest.param(D(2024, 10, 31), 2, D(2024, 11, 5), id="1-november"),
        # Mon 9.11.2026; Tue 10 (1), Wed 11 Independence Day, Thu 12 (2).
        pytest.param(D(2026, 11, 9), 2, D(2026, 11, 12), id="11-november"),
        # Fri 11.12.2026; Sat 12, Sun 13, Mon 14 (1), Tue 15 (2).
        pytest.param(D(2026, 12, 11), 2, D(2026, 12, 15), id="over-a-weekend"),
        # Starts on a holiday, Fri 25.12.2026 (not counted); Sat 26, Sun 27, Mon 28 (1),
        # Tue 29 (2).
        pytest.param(D(2026, 12, 25), 2, D(2026, 12, 29), id="starts-on-christmas"),
        # Starts on Easter Monday 6.4.2026; Tue 7 (1) ... Fri 10 (4), Mon 13 (5) ... Fri 17 (9),
        # Mon 20 (10) ... Fri 24 (14).
        pytest.param(D(2026, 4, 6), 14, D(2026, 4, 24), id="starts-on-easter-monday"),
        # Count 0: the start day as it is, even a holiday.
        pytest.param(D(2026, 12, 25), 0, D(2026, 12, 25), id="zero"),
        # Backwards from Tue 29.12.2026: Mon 28 (1), Sun 27 to Thu 24 skipped, Wed 23 (2),
        # Tue 22 (3), Mon 21 (4), Fri 18 (5) ... Mon 14 (9), Fri 11 (10) ... Mon 7 (14).
        pytest.param(D(2026, 12, 29), -14, D(2026, 12, 7), id="backwards"),
    ],
)
def test_add_working_days(start: datetime.date, count: int, expected: datetime.date) -> None:
    assert add_working_days(start, count) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # The walk of christmas-2026 above: 14 working days after Mon 7.12 to Tue 29.12.
        pytest.param(D(2026, 12, 7), D(2026, 12, 29), 14, id="christmas-2026"),
        pytest.param(D(2026, 12, 29), D(2026, 12, 7), -14, id="negative"),
        pytest.param(D(2026, 12, 7), D(2026, 12, 7), 0, id="same-day"),
        # Wed 23.12.2026 to Mon 28.12: Thu 24, Fri 25 holidays, Sat 26, Sun 27, Mon 28 (1).
        pytest.param(D(2026, 12, 23), D(2026, 12, 28), 1, id="over-christmas"),
        pytest.param(D(2026, 12, 28), D(2026, 12, 23), -1, id="over-christmas-negative"),
        # Thu 24.12.2026 to Sun 27.12: no working day after the start up to the end.
        pytest.param(D(2026, 12, 24), D(2026, 12, 27), 0, id="only-days-off"),
        # Fri 11.12.2026 to Sat 12.12: the end is not a working day.
        pytest.param(D(2026, 12, 11), D(2026, 12, 12), 0, id="to-a-saturday"),
        # Sat 12.12.2026 to Mon 14.12: Sun 13, Mon 14 (1).
        pytest.param(D(2026, 12, 12), D(2026, 12, 14), 1, id="from-a-saturday"),
    ],
)
def test_working_days_between(start: datetime.date, end: datetime.date, expected: int) -> None:
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2026, 12, 7), D(2026, 12, 7), id="a-working-day-itself"),
        # Thu 24.12.2026 Wigilia, Fri 25, Sat 26 Christmas, Sun 27, Mon 28.
        pytest.param(D(2026, 12, 24), D(2026, 12, 28), id="christmas"),
        # Fri 1.5.2026 holiday, Sat 2, Sun 3 (3 May), Mon 4.
        pytest.param(D(2026, 5, 1), D(2026, 5, 4), id="may"),
        # Sat 12.12.2026, Sun 13, Mon 14.
        pytest.param(D(2026, 12, 12), D(2026, 12, 14), id="weekend"),
        # Tue 24.12.2024 was a working day.
        pytest.param(D(2024, 12, 24), D(2024, 12, 24), id="wigilia-2024"),
    ],
)
def test_next_working_day(day: datetime.date, expected: datetime.date) -> None:
    assert next_working_day(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2026, 12, 7), D(2026, 12, 7), id="a-working-day-itself"),
        # Sun 27.12.2026, Sat 26 and Fri 25 Christmas, Thu 24 Wigilia: Wed 23.
        pytest.param(D(2026, 12, 27), D(2026, 12, 23), id="christmas"),
        # Sun 3.5.2026 (3 May), Sat 2, Fri 1 May: Thu 30 April.
        pytest.param(D(2026, 5, 3), D(2026, 4, 30), id="may"),
        # Sun 13.12.2026, Sat 12: Fri 11.
        pytest.param(D(2026, 12, 13), D(2026, 12, 11), id="weekend"),
    ],
)
def test_previous_working_day(day: datetime.date, expected: datetime.date) -> None:
    assert previous_working_day(day) == expected


days = st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31))


@given(start=days, count=st.integers(min_value=1, max_value=400))
def test_add_working_days_lands_on_a_working_day(start: datetime.date, count: int) -> None:
    assert is_working_day(add_working_days(start, count))


@given(start=days, count=st.integers(min_value=-400, max_value=400))
def test_working_days_between_inverts_add_working_days(start: datetime.date, count: int) -> None:
    end = add_working_days(start, count)
    if count >= 0:
        assert working_days_between(start, end) == count
    else:
        # Backwards, the walk lands on a working day and the start may not be one: counted
        # from the end, the start is reached after exactly -count working days when the
        # start is a working day, one fewer when it is not.
        expected = -count if is_working_day(start) else -count - 1
        assert working_days_between(end, start) == expected


@given(a=days, b=days)
def test_working_days_between_is_antisymmetric(a: datetime.date, b: datetime.date) -> None:
    assert working_days_between(a, b) == -working_days_between(b, a)


@given(day=days)
def test_next_working_day_is_the_first_working_day(day: datetime.date) -> None:
    found = next_working_day(day)
    assert is_working_day(found)
    assert found >= day
    assert working_days_between(day, found) == (0 if found == day else 1)
