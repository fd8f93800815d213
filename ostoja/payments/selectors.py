"""Reads for the payment pages: every one starts from the policy's scope (`visible_to`), so a
list being generated, or anything for a user outside payments, does not exist."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from ostoja.accounts.models import User
from ostoja.benefits.catalogue import Benefit
from ostoja.benefits.models import Decision, DecisionKind
from ostoja.core.policy import can, visible_to
from ostoja.payments import policy as payments_policy
from ostoja.payments.models import (
    BACK_AT_CENTRE,
    Channel,
    ItemState,
    ListPrint,
    ListState,
    Overpayment,
    OverpaymentState,
    PaymentItem,
    PaymentList,
    PaymentRun,
)
from ostoja.payments.models.common import Funding, month_start
from ostoja.payments.recovery.debts import visible_debts
from ostoja.payments.recovery.ledger import STATE_OVERDUE
from ostoja.payments.recovery.summaries import debt_rows

ZERO = Decimal("0.00")


def lists_of_month(user: User, month: datetime.date) -> QuerySet[PaymentList]:
    return (
        visible_to(user, PaymentList)
        .filter(month=month_start(month))
        .select_related("prepared_by", "approved_by", "exported_by")
    )


def run_of_month(user: User, month: datetime.date) -> PaymentRun | None:
    run: PaymentRun | None = (
        visible_to(user, PaymentRun)
        .filter(month=month_start(month))
        .select_related("started_by")
        .first()
    )
    return run


def payment_list(user: User, list_id: int) -> PaymentList:
    found: PaymentList | None = (
        visible_to(user, PaymentList)
        .select_related("prepared_by", "approved_by", "exported_by")
        .filter(pk=list_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def list_prints(payment_list: PaymentList) -> list[ListPrint]:
    """The list's printouts, newest first, without their files."""
    return list(payment_list.prints.defer("data").select_related("requested_by"))


def list_print(user: User, list_id: int, print_id: int) -> ListPrint:
    """A printout of a list the user sees, with its file."""
    found: ListPrint | None = (
        payment_list(user, list_id)
        .prints.filter(pk=print_id)
        .select_related("payment_list")
        .first()
    )
    if found is None:
        raise Http404
    return found


def payment_item(user: User, item_id: int) -> PaymentItem:
    found: PaymentItem | None = (
        visible_to(user, PaymentItem)
        .select_related("payment_list", "award__decision", "payee", "person", "reissues")
        .filter(pk=item_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def list_items(
    payment_list: PaymentList, *, benefit: str = "", state: str = "", search: str = ""
) -> QuerySet[PaymentItem]:
    """The list's items, filtered; the columns a page shows, without a join."""
    items = PaymentItem.objects.filter(payment_list=payment_list)
    if benefit:
        items = items.filter(benefit=benefit)
    if state:
        items = items.filter(state=state)
    if search:
        items = items.filter(Q(payee_name__icontains=search) | Q(decision_number__icontains=search))
    return items.only(
        "pk",
        "payment_list_id",
        "kind",
        "state",
        "payee_id",
        "person_id",
        "benefit",
        "service_month",
        "amount",
        "setoff",
        "channel",
        "account",
        "payee_name",
        "decision_number",
        "receipt_number",
        "paid_on",
    )


@dataclass(frozen=True)
class TotalLine:
    """One line of a list's totals: what it groups by, how many items, how much."""

    label: str
    count: int
    total: Decimal


@dataclass
class Totals:
    """A list's sums by benefit, by budget classification, by funding source and by state."""

    by_benefit: list[TotalLine] = field(default_factory=list)
    by_classification: list[TotalLine] = field(default_factory=list)
    by_funding: list[TotalLine] = field(default_factory=list)
    by_state: list[TotalLine] = field(default_factory=list)
    # What the run set off against undue benefits, and what is then paid out.
    setoff: Decimal = ZERO
    payable: Decimal = ZERO


class _Bucket:
    def __init__(self) -> None:
        self.counts: dict[str, int] = defaultdict(int)
        self.totals: dict[str, Decimal] = defaultdict(lambda: ZERO)

    def add(self, label: str, count: int, total: Decimal) -> None:
        self.counts[label] += count
        self.totals[label] += total

    def sums(self) -> list[TotalLine]:
        return [
            TotalLine(label, self.counts[label], self.totals[label])
            for label in sorted(self.counts)
        ]


def list_totals(payment_list: PaymentList) -> Totals:
    """The sums computed in Python from one grouped query (a page never adds in a template)."""
    rows = (
        PaymentItem.objects.filter(payment_list=payment_list)
        .order_by()
        .values("benefit", "section", "chapter", "paragraph", "funding", "state")
        .annotate(count=Count("pk"), total=Sum("amount"), setoff=Sum("setoff"))
    )
    buckets = {name: _Bucket() for name in ("benefit", "classification", "funding", "state")}
    setoff = total = ZERO
    for row in rows:
        setoff += row["setoff"]
        total += row["total"]
        labels = {
            "benefit": str(Benefit(row["benefit"]).label),
            "classification": f"{row['section']}/{row['chapter']}/{row['paragraph']}",
            "funding": str(Funding(row["funding"]).label),
            "state": str(ItemState(row["state"]).label),
        }
        for name, label in labels.items():
            buckets[name].add(label, row["count"], row["total"])
    return Totals(
        by_benefit=buckets["benefit"].sums(),
        by_classification=buckets["classification"].sums(),
        by_funding=buckets["funding"].sums(),
        by_state=buckets["state"].sums(),
        setoff=setoff,
        payable=total - setoff,
    )


@dataclass(frozen=True)
class Waiting:
    """What waits for a member of staff who pays: the start page's panel."""

    to_approve: int
    to_send: int
    to_mark_paid: int
    to_close: int
    to_pay_again: int
    overpayments: int
    drafts: int
    overdue_debts: int = 0

    @property
    def anything(self) -> bool:
        return any(
            (
                self.to_approve,
                self.to_send,
                self.to_mark_paid,
                self.to_close,
                self.to_pay_again,
                self.overpayments,
                self.drafts,
                self.overdue_debts,
            )
        )


def waiting_for(user: User, *, today: datetime.date | None = None) -> Waiting:
    today = today or timezone.localdate()
    lists = visible_to(user, PaymentList)
    others = lists.exclude(prepared_by=user)
    return Waiting(
        to_approve=others.filter(state=ListState.PREPARED).count(),
        to_send=others.filter(state=ListState.APPROVED).count(),
        to_mark_paid=lists.filter(state=ListState.EXPORTED, channel=Channel.BANK).count(),
        to_close=lists.filter(
            state=ListState.EXPORTED,
            channel__in=(Channel.CASH, Channel.POSTAL),
            pay_until__lt=today,
        ).count(),
        to_pay_again=visible_to(user, PaymentItem).filter(state__in=BACK_AT_CENTRE).count(),
        overpayments=visible_to(user, Overpayment).filter(state=OverpaymentState.OPEN).count(),
        drafts=lists.filter(state=ListState.DRAFT).count(),
        overdue_debts=_overdue_debts(user, today),
    )


def _overdue_debts(user: User, today: datetime.date) -> int:
    """The debts past an instalment or the deadline, for whoever writes the reminders."""
    if not can(user, payments_policy.RECOVER):
        return 0
    # Only a debt with a day of payment before today can be overdue: the deadline, or that of
    # a relief granted on it; the others' ledgers are not computed.
    reliefs_due = Decision.objects.filter(
        kind=DecisionKind.RELIEF, changes=OuterRef("pk"), repay_by__lt=today
    )
    candidates = visible_debts(user).filter(Q(repay_by__lt=today) | Exists(reliefs_due))
    debts = debt_rows(candidates, today)
    return sum(1 for debt in debts if debt.ledger.state == STATE_OVERDUE)


def items_back_at_centre(user: User) -> QuerySet[PaymentItem]:
    """Returned transfers and uncollected cash lines waiting to be paid again."""
    return (
        visible_to(user, PaymentItem)
        .filter(state__in=BACK_AT_CENTRE)
        .select_related("payment_list")
        .order_by("payment_list__payment_date", "payee_name", "pk")
    )
