"""Setting off an undue benefit against the payments the run makes to the debtor.

The law:
- art. 104 ust. 2 u.p.s. (for undue benefits by art. 98): where the person is entitled to cash
  benefits of social assistance, the amounts of undue cash benefits are set off against the
  current payments (wording as published before 2023; a later change of it is not confirmed in
  our sources);
- for family benefits the act sets the amounts of undue benefits fixed by a final decision,
  with the statutory interest, off against the family benefits paid (art. 30 u.ś.r.; the
  paragraph's number is not confirmed in our sources, the rule is, as centres apply it).

The choices the statutes leave (docs/legal/choices.md, "Undue benefits"):
- only a debt whose decision is final, and only what is overdue on the payment's day (the
  instalments whose day has passed, with the interest owed), is set off: a deadline, a
  deferral or instalments the decision gave are kept;
- a debt is set off only against benefits of its own act: u.p.s. against u.p.s., u.ś.r.
  against u.ś.r.;
- from each payment at most `OSTOJA_UNDUE_SETOFF_PERCENT` per cent (100 by default, as the
  statutes set no limit; 0 sets nothing off), rounded down to the grosz; one item repays one
  debt, the oldest first; the next item of the run takes the next debt;
- a set-off counts in the debt's ledger on the list's payment day; made on a draft list, it is
  made again when the run is run again, like the list's items. The run makes the month's
  set-offs once, after its last batch (one pass over the debtors' items costs less than one
  per batch, bench/README.md).
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from ostoja.benefits.catalogue import BENEFITS
from ostoja.benefits.models import Decision, DecisionState
from ostoja.payments.models import ItemKind, ListState, PaymentItem
from ostoja.payments.recovery.debts import (
    Debt,
    debt_decisions,
    debts_on,
    for_ledgers,
    setoff_rows,
)

ZERO = Decimal("0.00")
GROSZ = Decimal("0.01")
FINAL_STATES = (DecisionState.FINAL, DecisionState.REVIEWED)
SETOFF_OVERDUE = "po_terminie"
SETOFF_ONCE_FINAL = "od_ostatecznosci"
SET_OFF_KINDS = (ItemKind.REGULAR, ItemKind.TOP_UP)


def setoff_percent() -> Decimal:
    return Decimal(max(0, min(100, int(settings.OSTOJA_UNDUE_SETOFF_PERCENT))))


def most_set_off(amount: Decimal, percent: Decimal) -> Decimal:
    """The most of `amount` a set-off may take: `percent` of it, rounded down to the grosz."""
    return (amount * percent / 100).quantize(GROSZ, rounding=ROUND_DOWN)


def setoff_from() -> str:
    mode = settings.OSTOJA_UNDUE_SETOFF_FROM
    if mode not in (SETOFF_OVERDUE, SETOFF_ONCE_FINAL):
        raise ImproperlyConfigured(
            f"OSTOJA_UNDUE_SETOFF_FROM must be {SETOFF_OVERDUE} or {SETOFF_ONCE_FINAL}, "
            f"not {mode!r}"
        )
    return str(mode)


def due_on(debt: Debt, mode: str = SETOFF_OVERDUE) -> Decimal:
    """What is set off on the ledger's day: everything owed (`SETOFF_ONCE_FINAL`), or what
    the debtor should have repaid by then and has not (the instalments overdue and, with them,
    the interest owed; nothing while none is overdue)."""
    ledger = debt.ledger
    if mode == SETOFF_ONCE_FINAL:
        return ledger.owed
    overdue = ledger.overdue_principal
    return overdue + ledger.interest_outstanding if overdue > 0 else ZERO


def set_off_month(month: datetime.date) -> int:
    """Sets the debts of the payees of the month's lists being generated off against their
    items (`setoff`, `setoff_debt`), made again from nothing each time: the run calls it once,
    when all its items are in, in the transaction that then shows the lists. The debts'
    decisions are locked, so that two months' runs at once never set one debt off twice.
    Returns how many items repay a debt."""
    percent, mode = setoff_percent(), setoff_from()
    items = PaymentItem.objects.filter(
        payment_list__month=month,
        payment_list__state=ListState.GENERATING,
        kind__in=SET_OFF_KINDS,
    )
    items.filter(setoff__gt=0).update(setoff=ZERO, setoff_debt=None)
    if percent <= 0:
        return 0
    decisions = list(
        for_ledgers(
            debt_decisions().filter(
                party_id__in=items.values("payee_id"), state__in=list(FINAL_STATES)
            )
        ).order_by("issued_on", "pk")
    )
    if not decisions:
        return 0
    ids = [decision.pk for decision in decisions]
    list(Decision.objects.filter(pk__in=ids).select_for_update().order_by("pk").values("pk"))
    candidates = list(
        items.filter(payee_id__in={decision.party_id for decision in decisions})
        .select_related("payment_list")
        .only("pk", "payee_id", "benefit", "service_month", "amount", "payment_list__payment_date")
    )
    changed = set_off(candidates, decisions, percent=percent, mode=mode)
    _write(changed)
    return len(changed)


def _write(items: Sequence[PaymentItem]) -> None:
    """The items' set-offs in one UPDATE per thousand, from a table of values: `bulk_update`'s
    CASE expressions cost a city's run half a second to build (bench/README.md)."""
    table = PaymentItem._meta.db_table
    for start in range(0, len(items), 1000):
        chunk = items[start : start + 1000]
        values = ", ".join(["(%s, %s, %s)"] * len(chunk))
        params: list[int | Decimal | None] = []
        for item in chunk:
            params.extend([item.pk, item.setoff, item.setoff_debt_id])
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET setoff = v.setoff, setoff_debt_id = v.debt "  # noqa: S608
                # The columns of VALUES are column1… in both PostgreSQL and SQLite.
                "FROM (SELECT column1 AS id, column2 AS setoff, column3 AS debt "
                f"FROM (VALUES {values}) AS t) AS v WHERE {table}.id = v.id",
                params,
            )


def set_off(
    items: Sequence[PaymentItem], decisions: Sequence[Decision], *, percent: Decimal, mode: str
) -> list[PaymentItem]:
    """Sets `decisions` (the debts, oldest first) off against `items` of their debtors;
    returns the items that now repay one."""
    by_payee: dict[int, list[Decision]] = defaultdict(list)
    for decision in decisions:
        assert decision.party_id is not None
        by_payee[decision.party_id].append(decision)
    ids = [decision.pk for decision in decisions]
    # The set-offs already made (earlier months, other lists): the ledger counts those dated
    # up to its day; those of a later payment day are taken off what is due here.
    made: dict[int, list[tuple[datetime.date, Decimal]]] = defaultdict(list)
    setoffs = setoff_rows(ids)
    for decision_id, _item, day, amount in setoffs:
        made[decision_id].append((day, amount))
    planned: dict[int, Decimal] = defaultdict(Decimal)
    ledgers: dict[datetime.date, dict[int, Debt]] = {}
    changed = []
    for item in sorted(items, key=_order):
        day = item.payment_list.payment_date
        if day not in ledgers:
            ledgers[day] = {
                debt.decision.pk: debt for debt in debts_on(decisions, day, setoffs=setoffs)
            }
        act = BENEFITS[item.benefit].act
        room = most_set_off(item.amount, percent)
        for decision in by_payee.get(item.payee_id, []):
            if decision.act != act or room <= 0:
                continue
            later = sum((amount for on, amount in made[decision.pk] if on > day), ZERO)
            due = due_on(ledgers[day][decision.pk], mode) - later - planned[decision.pk]
            take = min(room, due)
            if take > 0:
                item.setoff, item.setoff_debt_id = take, decision.pk
                planned[decision.pk] += take
                changed.append(item)
                break
    return changed


def _order(item: PaymentItem) -> tuple[datetime.date, int, datetime.date, str]:
    return (item.payment_list.payment_date, item.payee_id, item.service_month, item.benefit)
