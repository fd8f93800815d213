"""The benefit period of family benefits (okres zasiłkowy): the one place that finds it.

The period runs from 1 November to 31 October of the next year (art. 3 pkt 9 u.ś.r., the
dates as the centres publish them, e.g. GOPS Wielka Wieś for 2011/2012; the wording of the
point was not read in a consolidated text) from the period begun on 1 November 2009. Before
it, periods ran from 1 September (the first from 1 May 2004), and the one begun on 1 September
2008 was prolonged to 31 October 2009 (docs/legal/swiadczenia_rodzinne.md § 3).

The month a period starts in is the rules' dated parameter
`swiadczenia_rodzinne.okres_zasilkowy.pierwszy_miesiac`, so a change of the calendar is a YAML
change, as for every other legal value; the functions here only read it. The assessment's input
(`assessment_input`) and the deadlines of the act (`deadlines`) both find the period here.

[Not confirmed, and not corrected here:] the parameter's value 9 from 1 September 2004 makes
1 September 2004 a period's start, so a day of September 2004 – April 2005 is found in a period
begun then, while the parameter's own reference says the first period ran from 1 May 2004 to
31 August 2005. Which is right is for the parameter's YAML to settle.
"""

import datetime

from ostoja.rules.errors import MissingParameterError, RulesInputError
from ostoja.rules.parameters import default_parameters
from ostoja.rules.period import PIERWSZY_MIESIAC_OKRESU, month_after

ONE_DAY = datetime.timedelta(days=1)

# The first period that began on 1 November, after the prolonged period of 2008/2009.
FIRST_NOVEMBER_PERIOD = datetime.date(2009, 11, 1)

# Longer than any benefit period so far: the longest were the first (1 May 2004 – 31 August
# 2005, 16 months) and the one begun on 1 September 2008 (to 31 October 2009, 14 months). A
# search for a period's start or end gives up after so many months rather than run on for ever
# on a day the parameter does not cover.
LONGEST_PERIOD_MONTHS = 24


def _first_month_of_period(day: datetime.date) -> int:
    """The month a benefit period starts in, as the law stands on `day` (a dated parameter:
    May for the first period of 2004, September until 2009, November since)."""
    try:
        entry = default_parameters().parameters[PIERWSZY_MIESIAC_OKRESU].at(day)
    except MissingParameterError as error:
        raise RulesInputError("date", error.explain()) from error
    assert entry.value is not None
    return int(entry.value)


def is_benefit_period_start(day: datetime.date) -> bool:
    """Whether a benefit period starts on `day`: the first day of the month the parameter
    names on that day."""
    return day.day == 1 and day.month == _first_month_of_period(day)


def benefit_period_start_on(day: datetime.date) -> datetime.date:
    """The first day of the benefit period of family benefits that contains `day`: the latest
    first of a month, not after `day`, on which a period starts.

    Raises RulesInputError ("date") for a day before the act applied (1 May 2004)."""
    candidate = day.replace(day=1)
    for _step in range(LONGEST_PERIOD_MONTHS):
        if is_benefit_period_start(candidate):
            return candidate
        candidate = (candidate - ONE_DAY).replace(day=1)
    raise RulesInputError("date", f"no benefit period starts before {day.isoformat()}")


def _next_benefit_period_start(start: datetime.date) -> datetime.date:
    """The first day of the period after the one beginning on `start`."""
    candidate = month_after(start)
    for _step in range(LONGEST_PERIOD_MONTHS):
        if is_benefit_period_start(candidate):
            return candidate
        candidate = month_after(candidate)
    raise RulesInputError("date", f"no benefit period starts after {start.isoformat()}")


def benefit_period_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The benefit period (okres zasiłkowy, art. 3 pkt 9 u.ś.r.) containing `day`, as its first
    and last day: from 1 November to 31 October of the next year. A period ends the day before
    the next one starts.

    Only from 1 November 2009: the deadlines of the act that need the period's end are known
    only for the November periods (see `deadlines.family_benefit_payment_due_on`), so earlier
    days raise ValueError; `benefit_period_start_on` finds the earlier September periods."""
    if day < FIRST_NOVEMBER_PERIOD:
        raise ValueError("Benefit periods began on 1 November only from 2009.")
    start = benefit_period_start_on(day)
    return start, _next_benefit_period_start(start) - ONE_DAY
