"""The debts of undue benefits as the database holds them: the undue-benefit decisions issued,
the relief decisions granted on them, the repayments; each made into its ledger
(`recovery.ledger`) on a day.

A debt counts from the day its decision was issued (signed, or recorded from paper), until the
board of appeal quashes it (`QUASHED`): a decision quashed and decided again by the board is not
followed here, the clerk records the outcome as a new decision.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.benefits.catalogue import Act
from ostoja.benefits.models import (
    ISSUED_STATES,
    AppealOutcome,
    Decision,
    DecisionKind,
    DecisionLine,
)
from ostoja.core.policy import visible_to
from ostoja.payments.models import NOT_COUNTED, PaymentItem, Repayment, RepaymentWay
from ostoja.payments.models.items import reference_of
from ostoja.payments.policy import sees_debts
from ostoja.payments.recovery.ledger import (
    ORDERS,
    STATE_ABANDONED,
    STATE_CURRENT,
    STATE_OVERDUE,
    STATE_PAID,
    STATE_WAIVED,
    Ledger,
    PaymentEvent,
    ReliefEvent,
    Terms,
    build_ledger,
)
from ostoja.rules.parameters import Parameter, default_parameters

INTEREST = "kodeks_cywilny.odsetki_ustawowe_za_opoznienie"
QUASHED = (AppealOutcome.CHANGED, AppealOutcome.RETURNED)
OPEN_STATES = (STATE_CURRENT, STATE_OVERDUE)
STATE_LABELS = {
    STATE_CURRENT: gettext_lazy("being repaid"),
    STATE_OVERDUE: gettext_lazy("overdue"),
    STATE_PAID: gettext_lazy("repaid"),
    STATE_WAIVED: gettext_lazy("waived"),
    STATE_ABANDONED: gettext_lazy("demand abandoned"),
}


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


@cache
def interest_parameter() -> Parameter:
    return default_parameters().parameters[INTEREST]


def interest_rate_on(day: datetime.date) -> Decimal:
    value = interest_parameter().at(day).value
    assert value is not None
    return value


def repayment_order() -> str:
    order = settings.OSTOJA_UNDUE_REPAYMENT_ORDER
    if order not in ORDERS:
        raise ImproperlyConfigured(
            f"OSTOJA_UNDUE_REPAYMENT_ORDER must be one of {', '.join(ORDERS)}, not {order!r}"
        )
    return str(order)


# A debt's pages and lists never show the decision's text: it is left unread.
DECISION_TEXT = (
    "legal_basis",
    "operative",
    "justification_facts",
    "justification_law",
    "appeal_instruction",
    "distribution",
    "enforceability_reason",
    "document",
    "document_sha256",
)


# What a debt's ledger and a row of the debts' list read of its decision.
LEDGER_FIELDS = (
    "act",
    "number",
    "issued_on",
    "repay_by",
    "instalments",
    "interest_from",
    "party_id",
    "household_id",
)


def for_ledgers(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """The decisions with only what their ledgers read: a city's thousands of debts cost more
    to load as whole decisions, with their parties, than to compute (bench/README.md). The
    list's rows read their debtors with `summaries.with_debtors`."""
    return decisions.select_related(None).only(*LEDGER_FIELDS)


def debt_decisions() -> QuerySet[Decision]:
    """Every undue-benefit decision that is a debt (see the module's docstring)."""
    return (
        Decision.objects.filter(kind=DecisionKind.UNDUE, state__in=list(ISSUED_STATES))
        .exclude(Q(appeal__outcome__in=list(QUASHED)))
        .select_related("party", "household")
        .defer(*DECISION_TEXT)
    )


def visible_debts(user: User) -> QuerySet[Decision]:
    """The debts the user may see: for the roles that see the payments (`payments.policy`),
    the debts of the decisions in the user's scope."""
    if not sees_debts(user):
        return Decision.objects.none()
    return debt_decisions().filter(pk__in=visible_to(user, Decision).values("pk"))


@dataclass(frozen=True)
class Debt:
    decision: Decision
    ledger: Ledger
    reliefs: tuple[Decision, ...]
    repayments: tuple[Repayment, ...]  # on a debt's page only (`debts_on`)

    @property
    def debtor(self) -> object:
        return self.decision.party

    @property
    def state_label(self) -> str:
        return state_label(self.ledger.state)

    @property
    def with_interest(self) -> bool:
        return self.decision.act == Act.FAMILY_BENEFITS


def _terms(decision: Decision, principal: Decimal) -> Terms:
    assert decision.issued_on is not None
    interest_from = decision.interest_from if decision.act == Act.FAMILY_BENEFITS else None
    return Terms(
        principal=principal,
        established_on=decision.issued_on,
        repay_by=decision.repay_by or decision.issued_on,
        instalments=decision.instalments,
        interest_from=interest_from,
    )


def _relief_event(relief: Decision) -> ReliefEvent:
    assert relief.issued_on is not None
    return ReliefEvent(
        on=relief.issued_on,
        relief=relief.relief,
        amount=relief.relief_amount,
        repay_by=relief.repay_by,
        instalments=relief.instalments,
        decision_id=relief.pk,
        number=relief.number,
    )


SetoffRow = tuple[int, int, datetime.date, Decimal]


def _payment_events(ids: Any, setoffs: Sequence[SetoffRow] | None) -> dict[int, list[PaymentEvent]]:
    """The repayments not cancelled and the set-offs of the payment lists (`setoffs` when the
    caller has read them already), as the ledger's events, by decision, in the order of their
    days; read as plain rows (a city's thousands of model instances cost more than their
    ledgers)."""
    ways = {value: str(label) for value, label in RepaymentWay.choices}
    rows = (
        Repayment.objects.filter(decision_id__in=ids, cancelled_at__isnull=True)
        .order_by("paid_on", "pk")
        .values_list("decision_id", "pk", "paid_on", "amount", "way")
    )
    events: dict[int, list[PaymentEvent]] = defaultdict(list)
    for decision_id, pk, paid_on, amount, way in rows:
        events[decision_id].append(
            PaymentEvent(on=paid_on, amount=amount, repayment_id=pk, label=ways.get(way, way))
        )
    for decision_id, item_id, paid_on, amount in setoff_rows(ids) if setoffs is None else setoffs:
        label = _("Set off against payment %(reference)s") % {"reference": reference_of(item_id)}
        events[decision_id].append(
            PaymentEvent(on=paid_on, amount=amount, repayment_id=None, label=label)
        )
    for decision_events in events.values():
        decision_events.sort(key=lambda event: event.on)
    return events


def setoff_rows(ids: Any) -> list[SetoffRow]:
    """The set-offs against the debts of `ids`: (decision, item, payment day, amount). An item
    paid again by another counts no more: the new item carries its set-off
    (`payment_item_reissue`)."""
    return list(
        PaymentItem.objects.filter(setoff_debt_id__in=ids, setoff__gt=0)
        .exclude(state__in=NOT_COUNTED)
        .order_by("payment_list__payment_date", "pk")
        .values_list("setoff_debt_id", "pk", "payment_list__payment_date", "setoff")
    )


def setoff_items(decision: Decision) -> QuerySet[PaymentItem]:
    """The payments set off against the debt, by their day, with their lists (a debt's page)."""
    return (
        PaymentItem.objects.filter(setoff_debt=decision, setoff__gt=0)
        .exclude(state__in=NOT_COUNTED)
        .select_related("payment_list")
        .order_by("payment_list__payment_date", "pk")
    )


def _labels() -> Callable[[str], str]:
    """The ledger rows' names translated once per call of `debts_on`, not once per debt (a
    city's thousands of ledgers each name their first row)."""
    translated: dict[str, str] = {}

    def label(text: str) -> str:
        if text not in translated:
            translated[text] = _(text)
        return translated[text]

    return label


def debts_on(
    decisions: Iterable[Decision],
    as_of: datetime.date,
    *,
    with_repayments: bool = False,
    setoffs: Sequence[SetoffRow] | None = None,
) -> list[Debt]:
    """The debts of `decisions` on `as_of`, read in four queries whatever their number (a
    queryset is asked again as a subquery, not as a list of thousands of ids); each with its
    repayments, cancelled ones too, when `with_repayments` (a debt's page). `setoffs`: their
    `setoff_rows`, when the caller has them."""
    ids: Any = decisions.order_by().values("pk") if isinstance(decisions, QuerySet) else None
    decisions = list(decisions)
    if ids is None:
        ids = [decision.pk for decision in decisions]
    principal: dict[int, Decimal] = defaultdict(Decimal)
    lines = DecisionLine.objects.filter(decision_id__in=ids).values_list("decision_id", "amount")
    for decision_id, amount in lines:
        principal[decision_id] += amount or Decimal(0)
    reliefs: dict[int, list[Decision]] = defaultdict(list)
    for relief in (
        Decision.objects.filter(
            kind=DecisionKind.RELIEF,
            changes_id__in=ids,
            state__in=list(ISSUED_STATES),
            issued_on__isnull=False,
        )
        .defer(*DECISION_TEXT)
        .order_by("issued_on", "pk")
    ):
        assert relief.changes_id is not None
        reliefs[relief.changes_id].append(relief)
    payments = _payment_events(ids, setoffs)
    repayments: dict[int, list[Repayment]] = defaultdict(list)
    if with_repayments:
        for repayment in Repayment.objects.filter(decision_id__in=ids).order_by("paid_on", "pk"):
            repayments[repayment.decision_id].append(repayment)
    order = repayment_order()
    changes = interest_parameter().starts
    labels = _labels()
    debts = []
    for decision in decisions:
        ledger = build_ledger(
            terms=_terms(decision, principal[decision.pk]),
            reliefs=[_relief_event(r) for r in reliefs[decision.pk]],
            payments=payments[decision.pk],
            as_of=as_of,
            rate_on=interest_rate_on,
            rate_changes=changes,
            order=order,
            labels=labels,
        )
        debts.append(
            Debt(
                decision=decision,
                ledger=ledger,
                reliefs=tuple(reliefs[decision.pk]),
                repayments=tuple(repayments[decision.pk]),
            )
        )
    return debts


def debt_on(decision: Decision, as_of: datetime.date) -> Debt:
    return debts_on([decision], as_of, with_repayments=True)[0]


@dataclass(frozen=True)
class Totals:
    """What is owed to the centre on a day, over the debts given."""

    as_of: datetime.date
    count: int
    open_count: int
    overdue_count: int
    principal: Decimal
    interest: Decimal
    overdue: Decimal
    repaid: Decimal
    waived: Decimal

    @property
    def owed(self) -> Decimal:
        return self.principal + self.interest


class LedgerFigures(Protocol):
    """What the totals read of a ledger: a `Ledger`, or the figures kept of one
    (`recovery.summaries.Figures`)."""

    @property
    def state(self) -> str: ...
    @property
    def principal_outstanding(self) -> Decimal: ...
    @property
    def interest_outstanding(self) -> Decimal: ...
    @property
    def overdue_principal(self) -> Decimal: ...
    @property
    def repaid(self) -> Decimal: ...
    @property
    def excess(self) -> Decimal: ...
    @property
    def waived(self) -> Decimal: ...


class WithLedger(Protocol):
    @property
    def ledger(self) -> LedgerFigures: ...


def totals_of(debts: Sequence[WithLedger], as_of: datetime.date) -> Totals:
    ledgers = [debt.ledger for debt in debts]
    return Totals(
        as_of=as_of,
        count=len(ledgers),
        open_count=sum(1 for ledger in ledgers if ledger.state in OPEN_STATES),
        overdue_count=sum(1 for ledger in ledgers if ledger.state == STATE_OVERDUE),
        principal=sum((ledger.principal_outstanding for ledger in ledgers), Decimal("0.00")),
        interest=sum((ledger.interest_outstanding for ledger in ledgers), Decimal("0.00")),
        overdue=sum((ledger.overdue_principal for ledger in ledgers), Decimal("0.00")),
        repaid=sum((ledger.repaid - ledger.excess for ledger in ledgers), Decimal("0.00")),
        waived=sum((ledger.waived for ledger in ledgers), Decimal("0.00")),
    )
