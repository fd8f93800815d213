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
  made again when the run is run again, like the list's items.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ostoja.benefits.catalogue import BENEFITS
from ostoja.benefits.models import Decision, DecisionState
from ostoja.payments.models import ItemKind, PaymentItem
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


def set_off(items: Sequence[PaymentItem]) -> None:
    """Sets off the debts of the items' payees against the items (their `setoff` and
    `setoff_debt`), before the items are written. The caller holds a transaction; the debts'
    decisions are locked so that two runs at once do not set one debt off twice."""
    percent, mode = setoff_percent(), setoff_from()
    candidates = [item for item in items if item.kind in SET_OFF_KINDS]
    if percent <= 0 or not candidates:
        return
    payees = {item.payee_id for item in candidates}
    decisions = list(
        for_ledgers(
            debt_decisions().filter(party_id__in=payees, state__in=list(FINAL_STATES))
        ).order_by("issued_on", "pk")
    )
    if not decisions:
        return
    ids = [decision.pk for decision in decisions]
    list(Decision.objects.filter(pk__in=ids).select_for_update().order_by("pk").values("pk"))
    by_payee: dict[int, list[Decision]] = defaultdict(list)
    for decision in decisions:
        assert decision.party_id is not None
        by_payee[decision.party_id].append(decision)
    # The set-offs already made (earlier runs, other lists): the ledger counts those dated up
    # to its day; those of a later payment day are taken off what is due here.
    made: dict[int, list[tuple[datetime.date, Decimal]]] = defaultdict(list)
    for decision_id, _item, day, amount in setoff_rows(ids):
        made[decision_id].append((day, amount))
    planned: dict[int, Decimal] = defaultdict(Decimal)
    ledgers: dict[datetime.date, dict[int, Debt]] = {}
    for item in sorted(candidates, key=_order):
        day = item.payment_list.payment_date
        if day not in ledgers:
            ledgers[day] = {debt.decision.pk: debt for debt in debts_on(decisions, day)}
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
                break


def _order(item: PaymentItem) -> tuple[datetime.date, int, datetime.date, str]:
    return (item.payment_list.payment_date, item.payee_id, item.service_month, item.benefit)
