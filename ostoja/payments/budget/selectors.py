"""The year's budget against the payments made: what was planned per classification, what was
paid month by month, what approved lists still owe, and what is left.

Executed is the money that left and stayed out: items in state PAID, in the month of their
`paid_on`. An item returned by the bank or not collected at the desk after it was paid is no
longer executed at all, not even in the month it was paid (its money is back at the centre);
the item that pays it again counts when it is paid. So a month already shown may go down
when a return comes in: the figures are the payments as they stand today, not a ledger of
bookings.

Committed is what approved lists and lists sent for payment still owe (their items not yet
paid), in the year of the list's payment date. A list prepared for approval commits nothing
yet; `budget_warnings` asks what it would do to the plan.

A classification paid without a plan row shows with plan 0, so that nothing paid is hidden.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ostoja.core.money import NBSP, format_pln
from ostoja.payments.models import BudgetPlan, ItemState, ListState, PaymentItem, PaymentList
from ostoja.payments.models.common import Funding

ZERO = Decimal("0.00")
MONTHS = tuple(range(1, 13))
# Lists whose items are owed and approved: money bound to leave, but not yet left.
COMMITTED_LIST_STATES = (ListState.APPROVED, ListState.EXPORTED)
# Lists whose money has all left or come back: nothing of them is still to be checked.
SETTLED_LIST_STATES = (ListState.PAID, ListState.PARTLY_RETURNED)

# section, chapter, paragraph; and with the funding ("" for every source together).
Classification = tuple[str, str, str]
Key = tuple[str, str, str, str]


def format_percent(value: Decimal | None) -> str:
    """19.42 -> "19,42 %"; "—" where there is no plan to measure against."""
    if value is None:
        return "—"
    return f"{value:.2f}".replace(".", ",") + f"{NBSP}%"


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole <= 0:
        return None
    return (part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def funding_label(funding: str) -> str:
    return str(Funding(funding).label) if funding else _("all sources")


@dataclass
class Figures:
    """Plan against execution for one line of the budget or for their total."""

    plan: Decimal = ZERO
    months: list[Decimal] = field(default_factory=lambda: [ZERO] * 12)
    committed: Decimal = ZERO

    @property
    def executed(self) -> Decimal:
        return sum(self.months, start=ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.plan - self.executed - self.committed

    @property
    def percent(self) -> Decimal | None:
        """The share of the plan executed, in per cent to two places."""
        return _percent(self.executed, self.plan)

    @property
    def percent_text(self) -> str:
        return format_percent(self.percent)

    @property
    def over_plan(self) -> bool:
        return self.remaining < 0

    @property
    def month_columns(self) -> list[tuple[int, Decimal]]:
        return list(zip(MONTHS, self.months, strict=True))

    def add(self, other: "Figures") -> None:
        self.plan += other.plan
        self.committed += other.committed
        self.months = [
            mine + theirs for mine, theirs in zip(self.months, other.months, strict=True)
        ]


@dataclass
class BudgetLine(Figures):
    """One classification (and source, where the plan is split by source)."""

    section: str = ""
    chapter: str = ""
    paragraph: str = ""
    funding: str = ""
    # The plan row behind the line; None where the classification was paid without a plan.
    plan_row: BudgetPlan | None = None

    @property
    def classification(self) -> str:
        return f"{self.section}/{self.chapter}/{self.paragraph}"

    @property
    def funding_label(self) -> str:
        return funding_label(self.funding)

    @property
    def label(self) -> str:
        if not self.funding:
            return self.classification
        return f"{self.classification} ({self.funding_label})"

    @property
    def planned(self) -> bool:
        return self.plan_row is not None

    @property
    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.section, self.chapter, self.paragraph, self.funding)


@dataclass
class BudgetExecution:
    year: int
    lines: list[BudgetLine]
    total: Figures
    # Whether any plan row was entered for the year (the page says what to do when none was).
    has_plan: bool


class _Plan:
    """The year's plan rows and where each payment's classification and source belongs."""

    def __init__(self, rows: Iterable[BudgetPlan]) -> None:
        self.rows: dict[Key, BudgetPlan] = {}
        self.split: set[Classification] = set()
        for row in rows:
            self.rows[(row.section, row.chapter, row.paragraph, row.funding)] = row
            if row.funding:
                self.split.add((row.section, row.chapter, row.paragraph))

    def key_of(self, section: str, chapter: str, paragraph: str, funding: str) -> Key:
        """The line a payment counts in: its source's row where the plan is split by source
        (plan 0 for a source the split left out), else the classification's row for every
        source (plan 0 when there is none). The services never let a classification be
        planned both ways; should the rows say both, the source's own row wins."""
        classification = (section, chapter, paragraph)
        if (*classification, funding) in self.rows:
            return (*classification, funding)
        if (*classification, "") in self.rows:
            return (*classification, "")
        if classification in self.split:
            return (*classification, funding)
        return (*classification, "")


def _year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)


def _paid_in(year: int) -> QuerySet[PaymentItem]:
    first, after = _year_range(year)
    return PaymentItem.objects.filter(state=ItemState.PAID, paid_on__gte=first, paid_on__lt=after)


def _committed_in(year: int) -> QuerySet[PaymentItem]:
    first, after = _year_range(year)
    return PaymentItem.objects.filter(
        state=ItemState.PLANNED,
        payment_list__state__in=COMMITTED_LIST_STATES,
        payment_list__payment_date__gte=first,
        payment_list__payment_date__lt=after,
    )


CLASSIFICATION_FIELDS = ("section", "chapter", "paragraph", "funding")


def _grouped(items: QuerySet[PaymentItem], *extra: str) -> QuerySet[Any]:
    grouped: QuerySet[Any] = (
        items.order_by().values(*CLASSIFICATION_FIELDS, *extra).annotate(total=Sum("amount"))
    )
    return grouped


def _key(row: Mapping[str, Any]) -> tuple[str, str, str, str]:
    return (row["section"], row["chapter"], row["paragraph"], row["funding"])


def budget_execution(year: int) -> BudgetExecution:
    """Every line of the year's budget with its figures, in the order of the classification,
    and their total: three queries (the plan, the payments grouped by month, the
    commitments grouped)."""
    plan = _Plan(BudgetPlan.objects.filter(year=year))
    lines: dict[Key, BudgetLine] = {}

    def line(key: Key) -> BudgetLine:
        if key not in lines:
            section, chapter, paragraph, funding = key
            lines[key] = BudgetLine(
                section=section, chapter=chapter, paragraph=paragraph, funding=funding
            )
        return lines[key]

    for key, row in plan.rows.items():
        entry = line(key)
        entry.plan, entry.plan_row = row.amount, row
    paid = _grouped(_paid_in(year).annotate(month=ExtractMonth("paid_on")), "month")
    for found in paid:
        entry = line(plan.key_of(*_key(found)))
        entry.months[found["month"] - 1] += found["total"]
    for found in _grouped(_committed_in(year)):
        line(plan.key_of(*_key(found))).committed += found["total"]
    ordered = sorted(lines.values(), key=lambda entry: entry.sort_key)
    total = Figures()
    for entry in ordered:
        total.add(entry)
    return BudgetExecution(year=year, lines=ordered, total=total, has_plan=bool(plan.rows))


@dataclass(frozen=True)
class BudgetWarning:
    """A classification a list would take past its plan, with the figures behind it."""

    year: int
    classification: str
    funding: str
    label: str
    planned: bool
    plan: Decimal
    executed: Decimal
    committed: Decimal
    this_list: Decimal

    @property
    def after(self) -> Decimal:
        return self.executed + self.committed + self.this_list

    @property
    def excess(self) -> Decimal:
        return self.after - self.plan

    @property
    def message(self) -> str:
        figures = {
            "line": self.label,
            "year": self.year,
            "plan": format_pln(self.plan),
            "executed": format_pln(self.executed),
            "committed": format_pln(self.committed),
            "this_list": format_pln(self.this_list),
            "excess": format_pln(self.excess),
        }
        if not self.planned:
            return (
                _(
                    "%(line)s has no plan for %(year)s: paid %(executed)s, committed "
                    "%(committed)s, this list %(this_list)s. Enter its plan or check the "
                    "classification of the benefit."
                )
                % figures
            )
        return (
            _(
                "%(line)s: the plan for %(year)s is %(plan)s; paid %(executed)s, committed "
                "%(committed)s, this list %(this_list)s: %(excess)s over the plan."
            )
            % figures
        )


def budget_warnings(payment_list: PaymentList) -> list[BudgetWarning]:
    """Where this list, paid, would take the year of its payment date past the plan: the
    payments made, the other lists committed and this list's items still to be paid
    together above the plan of their line. Nothing for a list already paid, nor for a year
    without any plan (a centre that keeps no plan in Ostoja is not warned on every list)."""
    if payment_list.state in SETTLED_LIST_STATES:
        return []
    year = payment_list.payment_date.year
    # The plan first: a year without one needs no sums of the list (a city's list of 15 000
    # items costs its page 15 ms to group).
    plan = _Plan(BudgetPlan.objects.filter(year=year))
    if not plan.rows:
        return []
    own = list(
        _grouped(PaymentItem.objects.filter(payment_list=payment_list, state=ItemState.PLANNED))
    )
    if not own:
        return []
    chapters = Q(chapter__in={row["chapter"] for row in own})
    this_list: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    executed: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    committed: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    for row in own:
        this_list[plan.key_of(*_key(row))] += row["total"]
    for row in _grouped(_paid_in(year).filter(chapters)):
        executed[plan.key_of(*_key(row))] += row["total"]
    others = _committed_in(year).filter(chapters).exclude(payment_list=payment_list)
    for row in _grouped(others):
        committed[plan.key_of(*_key(row))] += row["total"]
    warnings = []
    for key in sorted(this_list):
        section, chapter, paragraph, funding = key
        row = plan.rows.get(key)
        entry = BudgetLine(section=section, chapter=chapter, paragraph=paragraph, funding=funding)
        warning = BudgetWarning(
            year=year,
            classification=entry.classification,
            funding=funding,
            label=entry.label,
            planned=row is not None,
            plan=row.amount if row is not None else ZERO,
            executed=executed[key],
            committed=committed[key],
            this_list=this_list[key],
        )
        if warning.excess > 0:
            warnings.append(warning)
    return warnings


def budget_plan_row(plan_id: int) -> BudgetPlan:
    found = BudgetPlan.objects.filter(pk=plan_id).first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class PlanChange:
    """One version of a plan row: when, by whom, the amount and the note it had."""

    at: datetime.datetime
    user: Any
    kind: str
    amount: Decimal
    note: str


def budget_plan_history(plan: BudgetPlan) -> list[PlanChange]:
    """The row's versions, newest first: the plan as each resolution left it."""
    labels = {
        "+": pgettext("budget plan", "entered"),
        "~": pgettext("budget plan", "changed"),
        "-": pgettext("budget plan", "removed"),
    }
    versions = plan.history.select_related("history_user").order_by("-history_date", "-pk")
    return [
        PlanChange(
            at=version.history_date,
            user=version.history_user,
            kind=labels.get(version.history_type, version.history_type),
            amount=version.amount,
            note=version.note,
        )
        for version in versions
    ]
