"""The benefit period of family benefits (okres zasiłkowy), each expected day read off the act's
calendar: 1 November – 31 October since the period begun on 1 November 2009 (art. 3 pkt 9
u.ś.r.); 1 September – 31 August before it, the period begun on 1 September 2008 prolonged to
31 October 2009; the first period from 1 May 2004 (docs/legal/swiadczenia_rodzinne.md § 3)."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ostoja.benefits.periods import (
    benefit_period_of,
    benefit_period_start_on,
    is_benefit_period_start,
)
from ostoja.rules.errors import RulesInputError
from ostoja.rules.parameters import default_parameters
from ostoja.rules.period import default_base_year

D = datetime.date


@pytest.mark.parametrize(
    ("day", "start"),
    [
        # Since 2009: 1 November – 31 October (art. 3 pkt 9 u.ś.r. after the act of 17.10.2008).
        (D(2024, 10, 31), D(2023, 11, 1)),
        (D(2024, 11, 1), D(2024, 11, 1)),
        (D(2025, 2, 10), D(2024, 11, 1)),
        # The period begun on 1 September 2008 ran to 31 October 2009.
        (D(2009, 9, 15), D(2008, 9, 1)),
        (D(2009, 11, 1), D(2009, 11, 1)),
        # 2005–2008: from 1 September.
        (D(2007, 8, 31), D(2006, 9, 1)),
        # The first period began on 1 May 2004.
        (D(2004, 6, 1), D(2004, 5, 1)),
    ],
)
def test_the_benefit_period_containing_a_day(day: datetime.date, start: datetime.date) -> None:
    assert benefit_period_start_on(day) == start


def test_no_period_before_the_act() -> None:
    # The act applied from 1 May 2004: 30 April 2004 belongs to no period.
    with pytest.raises(RulesInputError, match="date"):
        benefit_period_start_on(D(2004, 4, 30))


@pytest.mark.parametrize(
    ("day", "starts"),
    [
        pytest.param(D(2024, 11, 1), True, id="1-november-2024"),
        pytest.param(D(2024, 11, 2), False, id="not-the-first-day"),
        # September is no longer a first month after 2009.
        pytest.param(D(2024, 9, 1), False, id="1-september-2024"),
        pytest.param(D(2007, 9, 1), True, id="1-september-2007"),
        # 1 September 2009: the 2008 period went on to 31 October 2009, nothing began.
        pytest.param(D(2009, 9, 1), False, id="1-september-2009"),
        pytest.param(D(2008, 11, 1), False, id="1-november-2008"),
        pytest.param(D(2004, 5, 1), True, id="the-first-period"),
    ],
)
def test_is_benefit_period_start(day: datetime.date, starts: bool) -> None:
    assert is_benefit_period_start(day) is starts


@pytest.mark.parametrize(
    ("day", "period"),
    [
        # Art. 3 pkt 9 u.ś.r.: 1 November - 31 October.
        pytest.param(D(2026, 10, 31), (D(2025, 11, 1), D(2026, 10, 31)), id="31-october"),
        pytest.param(D(2026, 11, 1), (D(2026, 11, 1), D(2027, 10, 31)), id="1-november"),
        pytest.param(D(2028, 2, 29), (D(2027, 11, 1), D(2028, 10, 31)), id="leap-day"),
        pytest.param(D(2009, 11, 1), (D(2009, 11, 1), D(2010, 10, 31)), id="first-november"),
    ],
)
def test_benefit_period_of(day: datetime.date, period: tuple[datetime.date, datetime.date]) -> None:
    assert benefit_period_of(day) == period


def test_benefit_periods_before_november_2009_are_not_computed() -> None:
    # 31.10.2009 was the last day of the period begun 1.09.2008 and prolonged.
    with pytest.raises(ValueError, match="2009"):
        benefit_period_of(D(2009, 10, 31))


NOVEMBER_DAYS = st.dates(min_value=D(2009, 11, 1), max_value=D(2040, 12, 31))


@settings(max_examples=300, deadline=None)
@given(day=NOVEMBER_DAYS)
def test_every_day_since_2009_is_in_one_period_from_1_november_to_31_october(
    day: datetime.date,
) -> None:
    first, last = benefit_period_of(day)
    # The statute's dates, whatever the parameter says: 1 November to 31 October next year.
    assert (first.month, first.day, last.month, last.day) == (11, 1, 10, 31)
    assert last.year == first.year + 1
    assert first <= day <= last
    assert benefit_period_start_on(day) == first
    # The periods follow each other without a gap: the day after the last is the next first.
    following = last + datetime.timedelta(days=1)
    assert benefit_period_of(following)[0] == following


@settings(max_examples=300, deadline=None)
@given(day=st.dates(min_value=D(2004, 5, 1), max_value=D(2040, 12, 31)))
def test_the_rules_base_year_is_the_year_before_the_period_found_here(day: datetime.date) -> None:
    """The rules engine finds the base year (art. 3 pkt 23 u.ś.r.: the calendar year before the
    period) from the same parameter on its own, as it may import nothing of the benefits app:
    the two must agree on every day, the prolonged period of 2008/2009 included."""
    snapshot = default_parameters().at(day)
    assert default_base_year(day, snapshot) == benefit_period_start_on(day).year - 1
