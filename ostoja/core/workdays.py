"""Working days in Poland: Monday to Friday that is not a public holiday.

The public holidays are those of the ustawa z 18 stycznia 1951 r. o dniach wolnych od pracy as
the `holidays` package lists them for Poland, including Wigilia (24 December), a day free from
work from 2025 under the ustawa z 6 grudnia 2024 r. o zmianie ustawy o dniach wolnych od pracy
oraz niektórych innych ustaw (24 December 2024 was still a working day).
Saturdays and Sundays are never working days here: an office's deadlines count the days on
which the office works.
"""

import datetime
from functools import cache

from holidays import country_holidays


@cache
def _holidays_of(year: int) -> dict[datetime.date, str]:
    """The public holidays of one year, by date, with their Polish names (cached per year)."""
    return dict(country_holidays("PL", years=year, language="pl").items())


def holiday_name(day: datetime.date) -> str | None:
    """The Polish name of the public holiday on the day, or None when it is not one."""
    return _holidays_of(day.year).get(day)


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def next_working_day(day: datetime.date) -> datetime.date:
    """The day itself when it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def previous_working_day(day: datetime.date) -> datetime.date:
    """The day itself when it is a working day, otherwise the last working day before it."""
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The `count`-th working day after `start`; the start day itself is not counted.

    With count 0 the start day is returned as it is. A negative count walks backwards: the
    `-count`-th working day before `start`.
    """
    step = datetime.timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    day = start
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`.

    Negative when `end` is before `start`: minus the working days after `end` up to and
    including `start`, so that `working_days_between(a, b) == -working_days_between(b, a)`.
    """
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
