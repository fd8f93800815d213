"""The ledger of one undue benefit to be repaid: what the decision fixed, what reliefs changed,
what was repaid, the interest, the instalments and what is owed on a day. Pure: the caller reads
the decisions and the repayments (`recovery.debts`) and the interest rates.

The law:
- art. 104 ust. 3 u.p.s. (for undue benefits by art. 98): the amount and the deadline are fixed
  by a decision; ust. 4: the authority may waive the amount in whole or in part, defer the
  deadline, spread it into instalments, or abandon the demand;
- art. 30 ust. 1 u.ś.r.: an undue family benefit is repaid with statutory interest for delay
  (art. 481 § 2 k.c., the parameter `kodeks_cywilny.odsetki_ustawowe_za_opoznienie`); for
  social assistance no interest is charged (none is confirmed in our sources).

The choices the statutes leave (docs/legal/choices.md, "Undue benefits"):
- interest is simple, per day at the yearly rate ÷ 365, on the principal still owed, from the
  day the decision names (`interest_from`) through the day of each repayment, both days counted;
  it keeps running through a deferral and the instalments, until the principal is repaid;
- a repayment pays the interest accrued to its day first, then the principal
  (`ORDER_INTEREST_FIRST`, art. 451 § 1 k.c.); or both in proportion to what is owed of each on
  that day (`ORDER_PROPORTIONAL`), as the setting `OSTOJA_UNDUE_REPAYMENT_ORDER` says;
- a partial waiver reduces the principal; a waiver of everything and an abandonment end the debt
  with its interest;
- a deferral or an instalment relief reschedules the principal still owed on the day of the
  relief decision; the instalments are the principal's, the interest is owed on top and paid
  first from each repayment;
- what is repaid above the debt is shown as an excess to refund, never as a negative debt.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_noop

from ostoja.benefits.models import Relief
from ostoja.benefits.repayment import Instalment, instalment_plan

# The first row's name, translated by the caller's `labels`.
FIXED = gettext_noop("Amount to repay fixed")
ZERO = Decimal("0.00")
GROSZ = Decimal("0.01")
DAYS_IN_YEAR = Decimal(365)
ORDER_INTEREST_FIRST = "odsetki_najpierw"
ORDER_PROPORTIONAL = "proporcjonalnie"
ORDERS = (ORDER_INTEREST_FIRST, ORDER_PROPORTIONAL)

# The ledger's states.
STATE_PAID = "splacona"
STATE_WAIVED = "umorzona"
STATE_ABANDONED = "odstapiono"
STATE_CURRENT = "w_terminie"
STATE_OVERDUE = "zalegla"


def grosze(amount: Decimal) -> Decimal:
    return amount.quantize(GROSZ, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Terms:
    """What the undue-benefit decision fixed."""

    principal: Decimal
    established_on: datetime.date
    repay_by: datetime.date
    instalments: int
    interest_from: datetime.date | None


@dataclass(frozen=True)
class ReliefEvent:
    """An issued relief decision."""

    on: datetime.date
    relief: str
    amount: Decimal | None
    repay_by: datetime.date | None
    instalments: int
    decision_id: int
    number: str


@dataclass(frozen=True)
class PaymentEvent:
    """A repayment (at the desk, to the account, or a set-off from a benefit paid)."""

    on: datetime.date
    amount: Decimal
    repayment_id: int | None  # None for a set-off made by a payment list
    label: str


@dataclass(frozen=True)
class Entry:
    """A row of the ledger: what happened and the balances after it."""

    on: datetime.date
    label: str
    principal: Decimal  # + fixed, − repaid or waived
    interest: Decimal  # + accrued, − repaid or waived
    principal_after: Decimal
    interest_after: Decimal
    repayment_id: int | None = None
    decision_id: int | None = None


@dataclass(frozen=True)
class ScheduledInstalment:
    number: int
    due_on: datetime.date
    amount: Decimal
    covered: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.covered

    def overdue_on(self, day: datetime.date) -> bool:
        return self.outstanding > 0 and self.due_on < day


@dataclass(frozen=True)
class Ledger:
    as_of: datetime.date
    principal_fixed: Decimal
    principal_outstanding: Decimal
    interest_accrued: Decimal  # all interest accrued to `as_of`, rounded
    interest_outstanding: Decimal
    repaid: Decimal
    waived: Decimal
    excess: Decimal
    state: str
    entries: tuple[Entry, ...]
    schedule: tuple[ScheduledInstalment, ...]

    @property
    def owed(self) -> Decimal:
        return self.principal_outstanding + self.interest_outstanding

    @property
    def overdue_principal(self) -> Decimal:
        return sum((i.outstanding for i in self.schedule if i.overdue_on(self.as_of)), ZERO)

    @property
    def next_instalment(self) -> ScheduledInstalment | None:
        return next((i for i in self.schedule if i.outstanding > 0), None)


# The yearly rate in percent on a day, and the days it changes (the interest's parameter).
RateOn = Callable[[datetime.date], Decimal]


@dataclass
class _Running:
    """The balances while the events are applied in order."""

    principal: Decimal
    rate_on: RateOn
    rate_changes: Sequence[datetime.date]
    accrues_from: datetime.date | None
    # Interest accrued and not yet rounded into the balance, and the rounded balance.
    exact_interest: Decimal = Decimal(0)
    interest: Decimal = ZERO
    accrued_total: Decimal = ZERO
    repaid: Decimal = ZERO
    waived: Decimal = ZERO
    excess: Decimal = ZERO
    ended: str = ""
    entries: list[Entry] = field(default_factory=list)

    def accrue_through(self, day: datetime.date) -> None:
        """Add the interest on the principal from `accrues_from` through `day`, both counted."""
        start = self.accrues_from
        if start is None or day < start or self.principal <= 0:
            if start is not None and day >= start:
                self.accrues_from = day + datetime.timedelta(days=1)
            return
        for part_start, part_end in _rate_periods(start, day, self.rate_changes):
            days = Decimal((part_end - part_start).days + 1)
            rate = self.rate_on(part_start) / Decimal(100)
            self.exact_interest += self.principal * rate * days / DAYS_IN_YEAR
        self.accrues_from = day + datetime.timedelta(days=1)
        rounded = grosze(self.exact_interest)
        self.interest += rounded
        self.accrued_total += rounded
        self.exact_interest = Decimal(0)

    def add(
        self,
        on: datetime.date,
        label: str,
        principal: Decimal,
        interest: Decimal,
        **ids: int | None,
    ) -> None:
        self.principal += principal
        self.interest += interest
        self.entries.append(
            Entry(
                on=on,
                label=label,
                principal=principal,
                interest=interest,
                principal_after=self.principal,
                interest_after=self.interest,
                **ids,
            )
        )


def _rate_periods(
    start: datetime.date, end: datetime.date, changes: Sequence[datetime.date]
) -> list[tuple[datetime.date, datetime.date]]:
    """[start, end] cut at the days the rate changes."""
    cuts = [day for day in changes if start < day <= end]
    periods = []
    begin = start
    for cut in cuts:
        periods.append((begin, cut - datetime.timedelta(days=1)))
        begin = cut
    periods.append((begin, end))
    return periods


def _split(
    amount: Decimal, principal: Decimal, interest: Decimal, order: str
) -> tuple[Decimal, Decimal]:
    """How much of a repayment goes to the interest and how much to the principal."""
    if order == ORDER_PROPORTIONAL and principal + interest > 0:
        share = grosze(amount * interest / (principal + interest))
        to_interest = min(share, interest)
    else:
        to_interest = min(amount, interest)
    to_principal = min(amount - to_interest, principal)
    return to_interest, to_principal


def build_ledger(
    *,
    terms: Terms,
    reliefs: Sequence[ReliefEvent],
    payments: Sequence[PaymentEvent],
    as_of: datetime.date,
    rate_on: RateOn,
    rate_changes: Sequence[datetime.date],
    order: str = ORDER_INTEREST_FIRST,
    labels: Callable[[str], str] = str,
) -> Ledger:
    """The ledger on `as_of`: events after it are left out. `labels` translates the rows'
    names (the caller's gettext)."""
    running = _Running(
        principal=ZERO,
        rate_on=rate_on,
        rate_changes=rate_changes,
        accrues_from=terms.interest_from,
    )
    start = min(terms.established_on, terms.interest_from or terms.established_on)
    running.add(start, labels(FIXED), terms.principal, ZERO)
    plan_total, plan_first_due, plan_count = terms.principal, terms.repay_by, terms.instalments
    repaid_since_plan = ZERO
    events: list[tuple[datetime.date, int, ReliefEvent | PaymentEvent]] = [
        (relief.on, 0, relief) for relief in reliefs
    ] + [(payment.on, 1, payment) for payment in payments]
    for on, _order, event in sorted(events, key=lambda row: (row[0], row[1])):
        if on > as_of:
            break
        if running.ended:
            if isinstance(event, PaymentEvent):
                running.excess += event.amount
                running.repaid += event.amount
                running.add(on, event.label, ZERO, ZERO, repayment_id=event.repayment_id)
            continue
        running.accrue_through(on)
        if isinstance(event, PaymentEvent):
            to_interest, to_principal = _split(
                event.amount, running.principal, running.interest, order
            )
            running.repaid += event.amount
            running.excess += event.amount - to_interest - to_principal
            repaid_since_plan += to_principal
            running.add(
                on, event.label, -to_principal, -to_interest, repayment_id=event.repayment_id
            )
            if running.principal == 0 and running.interest == 0:
                running.ended = STATE_PAID
            continue
        relief = event
        if relief.relief in (Relief.WAIVER, Relief.ABANDONMENT) and (
            relief.relief == Relief.ABANDONMENT or relief.amount is None
        ):
            running.waived += running.principal + running.interest
            running.add(
                on,
                labels(str(Relief(relief.relief).label)),
                -running.principal,
                -running.interest,
                decision_id=relief.decision_id,
            )
            running.accrues_from = None
            running.ended = STATE_ABANDONED if relief.relief == Relief.ABANDONMENT else STATE_WAIVED
        elif relief.relief == Relief.WAIVER:
            assert relief.amount is not None
            waived = min(relief.amount, running.principal)
            running.waived += waived
            running.add(
                on,
                labels(str(Relief(relief.relief).label)),
                -waived,
                ZERO,
                decision_id=relief.decision_id,
            )
            plan_total -= waived
        else:
            running.add(
                on,
                labels(str(Relief(relief.relief).label)),
                ZERO,
                ZERO,
                decision_id=relief.decision_id,
            )
            plan_total = running.principal
            plan_first_due = relief.repay_by or plan_first_due
            plan_count = relief.instalments if relief.relief == Relief.INSTALMENTS else 1
            repaid_since_plan = ZERO
    if not running.ended:
        running.accrue_through(as_of)
        if running.principal == 0 and running.interest == 0:
            running.ended = STATE_PAID
    schedule = _schedule(instalment_plan(plan_total, plan_count, plan_first_due), repaid_since_plan)
    if running.ended in (STATE_WAIVED, STATE_ABANDONED):
        schedule = ()
    state = running.ended or (
        STATE_OVERDUE if any(i.overdue_on(as_of) for i in schedule) else STATE_CURRENT
    )
    return Ledger(
        as_of=as_of,
        principal_fixed=terms.principal,
        principal_outstanding=running.principal,
        interest_accrued=running.accrued_total,
        interest_outstanding=running.interest,
        repaid=running.repaid,
        waived=running.waived,
        excess=running.excess,
        state=state,
        entries=tuple(running.entries),
        schedule=schedule,
    )


def _schedule(plan: list[Instalment], principal_repaid: Decimal) -> tuple[ScheduledInstalment, ...]:
    """The plan with the principal repaid since it was set covering the earliest instalments."""
    left = principal_repaid
    rows = []
    for instalment in plan:
        covered = min(left, instalment.amount)
        left -= covered
        rows.append(
            ScheduledInstalment(
                number=instalment.number,
                due_on=instalment.due_on,
                amount=instalment.amount,
                covered=covered,
            )
        )
    return tuple(rows)
