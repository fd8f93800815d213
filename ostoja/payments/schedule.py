"""What each month is owed: the schedule of an entitlement from its award segments (pure).

A monthly benefit is paid for calendar months (art. 106 ust. 3 u.p.s.: "Świadczenia pieniężne
z pomocy społecznej przyznaje się i wypłaca za okres miesiąca kalendarzowego"); where the right
covers only part of a month, the amount is the full amount divided by the month's calendar days
and multiplied by the days covered (the same sentence), rounded half-up to the grosz. A month
covered by two segments (a change on the 15th) is owed the sum of both parts, each rounded on
its own, since each is "the benefit for an incomplete month" of its decision. The same
arithmetic is used for family benefits [not confirmed: u.ś.r. grants them for whole months from
the month of the application (art. 24 ust. 2); the rule for a change within a month was not
read there], see docs/legal/choices.md.

A suspended segment is owed nothing. A one-off benefit is owed once, its whole amount, in the
month of the day it is granted for.

A month in which some segment may not be paid yet (its decision is not executable) is left out
whole, so that the part that may be paid is never compared with what was given and taken for an
overpayment; it is owed once every segment of it may be paid.
"""

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

GROSZ = Decimal("0.01")


@dataclass(frozen=True)
class Segment:
    award_id: int
    amount: Decimal
    valid_from: datetime.date
    valid_to: datetime.date | None
    monthly: bool = True
    suspended: bool = False
    # The segment may be paid (its decision is executable).
    payable: bool = True
    # Months before this one were paid before the centre used Ostoja and are not looked at.
    counted_from: datetime.date | None = None


@dataclass(frozen=True)
class Part:
    award_id: int
    days: int
    of_days: int
    amount: Decimal

    def as_dict(self) -> dict[str, object]:
        return {
            "award": self.award_id,
            "days": self.days,
            "of_days": self.of_days,
            "amount": str(self.amount),
        }


@dataclass(frozen=True)
class MonthDue:
    month: datetime.date
    amount: Decimal
    # The segment whose terms (payee, channel, account) the month is paid with: the last one
    # in force in it.
    award_id: int
    parts: tuple[Part, ...]


def _first_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _last_of(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def part_of_month(segment: Segment, month: datetime.date) -> Part | None:
    """What `segment` is owed for `month` (first day), or None if it does not cover it."""
    first, last = month, _last_of(month)
    start = max(first, segment.valid_from)
    end = last if segment.valid_to is None else min(last, segment.valid_to)
    if start > end:
        return None
    days = (end - start).days + 1
    of_days = (last - first).days + 1
    if segment.suspended:
        amount = Decimal("0.00")
    elif days == of_days:
        amount = segment.amount
    else:
        amount = (segment.amount * days / of_days).quantize(GROSZ, rounding=ROUND_HALF_UP)
    return Part(segment.award_id, days, of_days, amount)


@dataclass(frozen=True)
class Schedule:
    dues: dict[datetime.date, MonthDue]
    # Months left out because a segment in them may not be paid yet.
    pending: frozenset[datetime.date]


def monthly_schedule(segments: Iterable[Segment], *, through: datetime.date) -> Schedule:
    """The months owed by the segments of one monthly entitlement (one benefit of one person),
    from the first month any segment covers through the month of `through`."""
    ordered = sorted(segments, key=lambda s: (s.valid_from, s.award_id))
    last_month = _first_of(through)
    parts: dict[datetime.date, list[Part]] = {}
    pending: set[datetime.date] = set()
    for segment in ordered:
        month = _first_of(segment.valid_from)
        if segment.counted_from is not None:
            month = max(month, _first_of(segment.counted_from))
        while month <= last_month and (segment.valid_to is None or month <= segment.valid_to):
            part = part_of_month(segment, month)
            if part is not None:
                if not segment.payable:
                    pending.add(month)
                parts.setdefault(month, []).append(part)
            month = _next_month(month)
    dues = {
        month: _month_due(month, month_parts)
        for month, month_parts in sorted(parts.items())
        if month not in pending
    }
    return Schedule(dues=dues, pending=frozenset(pending))


def _month_due(month: datetime.date, parts: Sequence[Part]) -> MonthDue:
    return MonthDue(
        month=month,
        amount=sum((part.amount for part in parts), Decimal("0.00")),
        award_id=parts[-1].award_id,
        parts=tuple(parts),
    )


def one_off_due(segment: Segment, *, through: datetime.date) -> MonthDue | None:
    """A one-off benefit: its whole amount in the month of its day, once that month has come
    and the decision may be paid."""
    month = _first_of(segment.valid_from)
    if month > _first_of(through) or not segment.payable:
        return None
    if segment.counted_from is not None and month < _first_of(segment.counted_from):
        return None
    part = Part(segment.award_id, 1, 1, segment.amount)
    return MonthDue(month=month, amount=segment.amount, award_id=segment.award_id, parts=(part,))
