"""The instalments of an amount to repay: what an undue-benefit or a relief decision fixes
(`Decision.repay_by`, `Decision.instalments`) and the ledger of the debt follows.

The statute leaves the split to the decision (art. 104 ust. 3 and 4 u.p.s.; art. 30 ust. 9
u.ś.r.). The rule used here, and printed in the decision: equal monthly instalments rounded
down to the grosz, the last one taking what the rounding left, so that the instalments add up to
the amount exactly; the first falls due on the day the decision names, each next one on the same
day of the following month (the last day of a shorter month). 1 000,00 zł in 3 instalments:
333,33 + 333,33 + 333,34.
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from functools import lru_cache

GROSZ = Decimal("0.01")


@dataclass(frozen=True)
class Instalment:
    number: int
    due_on: datetime.date
    amount: Decimal


def instalment_plan(total: Decimal, count: int, first_due: datetime.date) -> list[Instalment]:
    """`total` in `count` monthly instalments from `first_due` (see the module's docstring).
    An amount smaller than the instalments' grosze is repaid in fewer instalments, so that none
    is zero: 0,02 zł in 3 instalments is two of 0,01 zł."""
    if total <= 0:
        return []
    count = max(1, min(count, int(total / GROSZ)))
    each = (total / count).quantize(GROSZ, rounding=ROUND_DOWN)
    amounts = [each] * (count - 1) + [total - each * (count - 1)]
    return [
        Instalment(number=index, due_on=months_after(first_due, index - 1), amount=amount)
        for index, amount in enumerate(amounts, start=1)
    ]


@lru_cache(maxsize=4096)
def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the last day of a shorter month: 31 January + 1 is 28
    (or 29) February. The arithmetic of dateutil's relativedelta, written out because the
    ledgers of a city's debts make tens of thousands of these (relativedelta took a third of
    their time, bench/README.md); cached, as the debts' instalments fall on few days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
