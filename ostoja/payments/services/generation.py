"""One batch of a month's run: what each entitlement is owed against what it was given, and
the items, top-ups and overpayments that bring the two level.

For every month of an entitlement up to the run's month: `owed` is the schedule's amount,
`given` the items counted for it (all but those paid again by another item), `held` the
overpayments still to settle or under recovery (money the centre expects back). When
`owed − (given − held)` is positive, an open overpayment of the month is cancelled first (a
later decision gave back what an earlier one took) and the rest is paid: a regular item when
the month has none yet, else a top-up. When it is negative, the difference is an overpayment.
When all batches are done, the run sets what the payees owe of undue benefits off against the
month's items (`recovery.setoff`).

A batch locks its awards before it reads what was given, so two runs of one month at once
take turns per batch and the second finds the first's items; the unique items per month are
the database's guard all the same.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils.translation import gettext as _

from ostoja.benefits.catalogue import Benefit
from ostoja.benefits.models import Award
from ostoja.core.bulk import insert_many
from ostoja.core.workdays import is_working_day, next_working_day, previous_working_day
from ostoja.payments.bankfiles.titles import render_title
from ostoja.payments.models import (
    CHANNEL_OF_METHOD,
    NOT_COUNTED,
    OPEN_STATES,
    BenefitPayment,
    Channel,
    ItemKind,
    ListState,
    Overpayment,
    OverpaymentState,
    PaymentItem,
    PaymentList,
    PaymentRun,
    PaymentSettings,
)
from ostoja.payments.schedule import MonthDue, monthly_schedule, one_off_due
from ostoja.payments.services.entitlements import (
    AwardRow,
    Entitlement,
    Key,
    entitlements_of,
    segments_of,
)

ZERO = Decimal("0.00")
HELD_STATES = (OverpaymentState.OPEN, OverpaymentState.RECOVERY)


@dataclass
class Tally:
    """What a month of an entitlement was given so far."""

    given: Decimal = ZERO
    has_regular: bool = False
    held: Decimal = ZERO
    open_overpayments: list[Overpayment] = field(default_factory=list)


@dataclass
class BatchResult:
    items: int = 0
    overpayments: int = 0
    problems: list[dict[str, str]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Payment days and lists
# ---------------------------------------------------------------------------------------------


def payment_date(month: datetime.date, day: int, *, today: datetime.date) -> datetime.date:
    """The benefit's day of payment in `month`, moved off a Saturday, Sunday or holiday (to the
    working day before or after, as the centre chose); never before `today`: a list made after
    its day is paid on the next working day."""
    planned = month.replace(day=day)
    if settings.OSTOJA_PAY_BEFORE_HOLIDAY:
        planned = previous_working_day(planned)
    else:
        planned = next_working_day(planned)
    if planned < today:
        planned = today if is_working_day(today) else next_working_day(today)
    return planned


class ListBook:
    """The open lists of one run, by payment date and channel, created as first needed."""

    def __init__(self, month: datetime.date, *, state: str = ListState.GENERATING) -> None:
        self.month = month
        # A run's lists are `generating` until it ends; a payment made again goes straight to a
        # draft.
        self.state = state
        self._lists: dict[tuple[datetime.date, str], PaymentList] = {}

    def list_for(self, payment_day: datetime.date, channel: str) -> PaymentList:
        key = (payment_day, channel)
        if key not in self._lists:
            self._lists[key] = self._open_list(payment_day, channel)
        return self._lists[key]

    def _open_list(self, payment_day: datetime.date, channel: str) -> PaymentList:
        same_day = PaymentList.objects.filter(
            month=self.month, payment_date=payment_day, channel=channel
        )
        found = same_day.filter(state__in=OPEN_STATES).first()
        if found is not None:
            return found
        sequence = (same_day.aggregate(last=Max("sequence"))["last"] or 0) + 1
        try:
            with transaction.atomic():
                return PaymentList.objects.create(
                    month=self.month,
                    payment_date=payment_day,
                    channel=channel,
                    sequence=sequence,
                    state=self.state,
                    pay_until=_pay_until(payment_day, channel),
                )
        except IntegrityError:
            # Another run made it a moment ago (one open list per day and channel).
            return same_day.get(state__in=OPEN_STATES)


def _pay_until(payment_day: datetime.date, channel: str) -> datetime.date | None:
    if channel != Channel.CASH:
        return None
    return payment_day + datetime.timedelta(days=settings.OSTOJA_CASH_PAYOUT_DAYS)


# ---------------------------------------------------------------------------------------------
# What was given
# ---------------------------------------------------------------------------------------------


def _tallies(entitlements: Sequence[Entitlement]) -> dict[tuple[Key, datetime.date], Tally]:
    monthly = {(e.key[1], e.key[2]) for e in entitlements if not e.one_off}
    one_off = {e.key[1] for e in entitlements if e.one_off}
    tallies: dict[tuple[Key, datetime.date], Tally] = defaultdict(Tally)
    items = PaymentItem.objects.filter(
        Q(
            one_off=False,
            person_id__in={p for p, _b in monthly},
            benefit__in={b for _p, b in monthly},
        )
        | Q(one_off=True, award_id__in=one_off)
    ).values_list(
        "one_off", "award_id", "person_id", "benefit", "service_month", "kind", "state", "amount"
    )
    for is_one_off, award_id, person_id, benefit, month, kind, state, amount in items:
        key: Key = ("1", award_id, benefit) if is_one_off else ("m", person_id, benefit)
        if not is_one_off and (person_id, benefit) not in monthly:
            continue
        tally = tallies[(key, month)]
        tally.has_regular |= kind == ItemKind.REGULAR
        if state not in NOT_COUNTED:
            tally.given += amount
    held = Overpayment.objects.filter(
        person_id__in={p for p, _b in monthly}, state__in=HELD_STATES
    ).order_by("-created_at", "-pk")
    for overpayment in held:
        if (overpayment.person_id, overpayment.benefit) not in monthly:
            continue
        tally = tallies[
            (("m", overpayment.person_id, overpayment.benefit), overpayment.service_month)
        ]
        tally.held += overpayment.amount
        if overpayment.state == OverpaymentState.OPEN:
            tally.open_overpayments.append(overpayment)
    return tallies


# ---------------------------------------------------------------------------------------------
# The batch
# ---------------------------------------------------------------------------------------------


@dataclass
class RunContext:
    run: PaymentRun
    today: datetime.date
    book: ListBook
    payments: dict[str, BenefitPayment]
    settings_row: PaymentSettings
    # Worked out once per run: the benefits' names and days of payment.
    labels: dict[str, str] = field(default_factory=dict)
    days: dict[str, datetime.date] = field(default_factory=dict)

    def payment_day(self, payment: BenefitPayment) -> datetime.date:
        if payment.benefit not in self.days:
            self.days[payment.benefit] = payment_date(
                self.run.month, payment.payment_day, today=self.today
            )
        return self.days[payment.benefit]


def context_of(run: PaymentRun, *, today: datetime.date) -> RunContext:
    return RunContext(
        run=run,
        today=today,
        book=ListBook(run.month),
        payments={row.benefit: row for row in BenefitPayment.objects.all()},
        settings_row=PaymentSettings.objects.get(pk=1),
        labels={code: str(label) for code, label in Benefit.choices},
    )


def run_batch(context: RunContext, keys: Sequence[Key]) -> BatchResult:
    """Level the entitlements of `keys` up to the run's month, in one transaction."""
    with transaction.atomic():
        result = BatchResult()
        entitlements = entitlements_of(keys, context.run.month)
        award_ids = [award.pk for e in entitlements for award in e.awards]
        # Lock before reading what was given: a second run waits here for the first's batch.
        list(Award.objects.filter(pk__in=award_ids).select_for_update().order_by("pk").values("pk"))
        tallies = _tallies(entitlements)
        new_items: list[PaymentItem] = []
        new_overpayments: list[Overpayment] = []
        for entitlement in entitlements:
            for month, due, tally in _months_of(context, entitlement, tallies):
                level = _Level(context, entitlement, month, due, tally)
                level.apply(new_items, new_overpayments, result)
        add_items(new_items)
        Overpayment.objects.bulk_create(new_overpayments)
        result.items, result.overpayments = len(new_items), len(new_overpayments)
        PaymentRun.objects.filter(pk=context.run.pk).update(
            processed=F("processed") + len(keys),
            items_added=F("items_added") + result.items,
            overpayments_found=F("overpayments_found") + result.overpayments,
        )
        return result


def add_items(items: list[PaymentItem]) -> None:
    """Insert the batch's items (its own function: the crash tests stop a run inside it)."""
    insert_many(PaymentItem, items)


def _months_of(
    context: RunContext,
    entitlement: Entitlement,
    tallies: dict[tuple[Key, datetime.date], Tally],
) -> Iterable[tuple[datetime.date, MonthDue | None, Tally]]:
    """Every month of the entitlement to level: those owed, and those given or held for but
    no longer owed; a month that may not be paid yet is skipped whole."""
    settings_row = context.settings_row
    segments = segments_of(
        entitlement, first_month=settings_row.first_month, started=settings_row.first_run_at
    )
    through = context.run.month
    if entitlement.one_off:
        due = one_off_due(segments[0], through=through)
        if due is not None:
            yield due.month, due, tallies.get((entitlement.key, due.month), Tally())
        return
    schedule = monthly_schedule(segments, through=through)
    months = set(schedule.dues) | {
        month for key, month in tallies if key == entitlement.key and month <= through
    }
    for month in sorted(months - schedule.pending):
        yield month, schedule.dues.get(month), tallies.get((entitlement.key, month), Tally())


@dataclass
class _Level:
    context: RunContext
    entitlement: Entitlement
    month: datetime.date
    due: MonthDue | None
    tally: Tally

    def apply(
        self,
        new_items: list[PaymentItem],
        new_overpayments: list[Overpayment],
        result: BatchResult,
    ) -> None:
        owed = self.due.amount if self.due is not None else ZERO
        net = owed - (self.tally.given - self.tally.held)
        if net > 0:
            net = _cancel_open_overpayments(self.tally.open_overpayments, net)
        if net > 0 and self.due is not None:
            item = _item(
                self.context,
                self.entitlement,
                self.due,
                net,
                top_up=self.tally.has_regular,
                result=result,
            )
            if item is not None:
                new_items.append(item)
        elif net < 0:
            award = self.entitlement.awards[-1]
            new_overpayments.append(
                Overpayment(
                    person_id=award.person_id,
                    household_id=award.household_id,
                    benefit=award.benefit,
                    service_month=self.month,
                    amount=-net,
                    found_by=self.context.run,
                )
            )


def _cancel_open_overpayments(open_overpayments: list[Overpayment], net: Decimal) -> Decimal:
    """A month owed more again (a later decision restores it): the open overpayments of it,
    newest first, are cancelled or reduced before anything is paid. Returns what is left."""
    for overpayment in list(open_overpayments):
        if net <= 0:
            break
        if overpayment.amount <= net:
            net -= overpayment.amount
            overpayment.state = OverpaymentState.CANCELLED
            overpayment.save(update_fields=["state", "updated_at"])
            open_overpayments.remove(overpayment)
        else:
            overpayment.amount -= net
            overpayment.save(update_fields=["amount", "updated_at"])
            net = ZERO
    return net


# ---------------------------------------------------------------------------------------------
# An item, with what it is paid with frozen on it
# ---------------------------------------------------------------------------------------------


def _item(
    context: RunContext,
    entitlement: Entitlement,
    due: MonthDue,
    amount: Decimal,
    *,
    top_up: bool,
    result: BatchResult,
) -> PaymentItem | None:
    award = entitlement.award(due.award_id)
    payment = context.payments.get(award.benefit)
    channel = CHANNEL_OF_METHOD[award.method]
    account = (award.payee.bank_account or award.account) if channel == Channel.BANK else ""
    problem = _problem(context, award, payment, channel, account)
    if problem:
        result.problems.append({"person": award.person_name, "message": problem})
        return None
    assert payment is not None
    day = context.payment_day(payment)
    return PaymentItem(
        payment_list=context.book.list_for(day, channel),
        kind=ItemKind.TOP_UP if top_up else ItemKind.REGULAR,
        award_id=award.pk,
        household_id=award.household_id,
        person_id=award.person_id,
        payee_id=award.payee_id,
        benefit=award.benefit,
        service_month=due.month,
        one_off=entitlement.one_off,
        amount=amount,
        computation=[part.as_dict() for part in due.parts],
        channel=channel,
        account=account,
        payee_name=award.payee.full_name[:201],
        payee_address=_address_of(award)[:300],
        payee_identity=award.payee.identity[:60],
        decision_number=award.decision.number,
        title=_title(context, payment, award, due.month)[:200],
        section=payment.section,
        chapter=payment.chapter,
        paragraph=payment.paragraph,
        funding=payment.funding,
    )


def _problem(
    context: RunContext,
    award: AwardRow,
    payment: BenefitPayment | None,
    channel: str,
    account: str,
) -> str:
    benefit = context.labels[award.benefit]
    if payment is None:
        return _("The budget classification of %(benefit)s is not set.") % {"benefit": benefit}
    if channel == Channel.BANK and len(account) != 26:
        return _("%(benefit)s is paid by transfer, but no account number is recorded.") % {
            "benefit": benefit
        }
    return ""


def _address_of(award: AwardRow) -> str:
    payee = award.payee
    for address in (payee.actual_address, payee.registered_address, award.household_address):
        if not address.is_empty:
            return str(address)
    return ""


def _title(
    context: RunContext, payment: BenefitPayment, award: AwardRow, month: datetime.date
) -> str:
    values = {
        "benefit": context.labels[award.benefit],
        "month": f"{month:%m/%Y}",
        "decision": award.decision.number,
        "person": award.person_name,
    }
    lines = render_title(payment.title_template, values, prefix=context.settings_row.title_prefix)
    return "|".join(lines)
