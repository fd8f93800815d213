"""What is re-indexed, and on which days: the benefits a run goes through, and the days on
which parameters of the acts change (the start form lists them)."""

import datetime
from dataclasses import dataclass

from ostoja.benefits.catalogue import BENEFITS, Benefit
from ostoja.rules.parameters import default_parameters

# The trees of parameters whose changes the start form lists (the acts the benefits are under).
PARAMETER_TREES = ("pomoc_spoleczna.", "swiadczenia_rodzinne.")
# Zasiłek rodzinny is granted for a benefit period (art. 24 u.ś.r.) and its amounts change with
# a new period, for which the family applies again; the rules' amount is also the first month's
# total with the one-off supplements, which no monthly award equals. It is not re-indexed.
SET_FOR_A_BENEFIT_PERIOD = frozenset({Benefit.ZASILEK_RODZINNY.value})


# ---------------------------------------------------------------------------------------------
# What is re-indexed, and on which days
# ---------------------------------------------------------------------------------------------


def reindexed_benefits() -> tuple[str, ...]:
    """The benefits re-indexed: monthly cash benefits whose amount the rules compute (the
    catalogue's `rules` names a calculation, not "kryterium" nor None), but zasiłek rodzinny
    (`SET_FOR_A_BENEFIT_PERIOD`)."""
    return tuple(
        code
        for code, benefit in BENEFITS.items()
        if benefit.monthly
        and benefit.cash
        and benefit.rules not in (None, "kryterium")
        and code not in SET_FOR_A_BENEFIT_PERIOD
    )


@dataclass(frozen=True)
class ParameterChange:
    """A day on which parameters of the acts change, with what changes."""

    day: datetime.date
    descriptions: tuple[str, ...]


def parameter_changes(*, since: datetime.date | None = None) -> list[ParameterChange]:
    """The days on which a parameter of social assistance or family benefits takes a new value
    (or ends), latest first, from `since` on; each with the parameters' descriptions."""
    by_day: dict[datetime.date, list[str]] = {}
    for name, parameter in default_parameters().parameters.items():
        if not name.startswith(PARAMETER_TREES):
            continue
        for value in parameter.values[1:]:
            if since is None or value.start >= since:
                by_day.setdefault(value.start, []).append(parameter.description)
    return [
        ParameterChange(day, tuple(sorted(set(descriptions))))
        for day, descriptions in sorted(by_day.items(), reverse=True)
    ]


def is_change_day(day: datetime.date) -> bool:
    return any(change.day == day for change in parameter_changes(since=day))
