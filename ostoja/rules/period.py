"""The income period a calculation assesses (see `Household.income_month` and `base_year`).

Social assistance: the month before the application (art. 8 ust. 3 u.p.s.), the day of the
calculation standing for the day of the application. Family benefits: the base year, the
calendar year before the benefit period (art. 3 pkt 23 u.ś.r.); the benefit period starts on
the first day of a month set by a dated parameter (September in the act's first text, November
later), so the period containing a day is found from that parameter.
"""

import datetime

from ostoja.rules.household import Household
from ostoja.rules.parameters import Snapshot
from ostoja.rules.result import Period

PIERWSZY_MIESIAC_OKRESU = "swiadczenia_rodzinne.okres_zasilkowy.pierwszy_miesiac"
ONE_DAY = datetime.timedelta(days=1)


def month_before(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) - ONE_DAY).replace(day=1)


def month_after(day: datetime.date) -> datetime.date:
    """The first day of the month after `day`'s."""
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def income_month(household: Household, day: datetime.date) -> Period:
    start = household.income_month or month_before(day)
    return Period("miesiac", start, month_after(start) - ONE_DAY, household.income_month is None)


def default_base_year(day: datetime.date, params: Snapshot) -> int:
    """The calendar year before the benefit period that contains `day`."""
    first_month = int(params[PIERWSZY_MIESIAC_OKRESU])
    period_start_year = day.year if day.month >= first_month else day.year - 1
    return period_start_year - 1


def base_year(household: Household, day: datetime.date, params: Snapshot) -> Period:
    year = household.base_year or default_base_year(day, params)
    return Period(
        "rok_bazowy",
        datetime.date(year, 1, 1),
        datetime.date(year, 12, 31),
        household.base_year is None,
    )
