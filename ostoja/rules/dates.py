"""Choosing the formula in force on a day: a change of formula is a new function keyed by the
first day it applies, never an `if day >= …` inside a formula."""

import datetime
from bisect import bisect_right
from collections.abc import Mapping

from ostoja.rules.errors import RulesInputError

FIRST_DAY = datetime.date(2004, 5, 1)  # the Social Assistance Act and the Family Benefits Act


def in_force[T](versions: Mapping[datetime.date, T], day: datetime.date) -> T:
    """The version whose start is the latest one not after `day`."""
    starts = sorted(versions)
    index = bisect_right(starts, day) - 1
    if index < 0:
        raise RulesInputError("date", f"no rules before {starts[0].isoformat()}")
    return versions[starts[index]]
