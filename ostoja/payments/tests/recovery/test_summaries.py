"""The figures kept of today's ledgers (`recovery.summaries`): equal to the ledgers computed,
reused while nothing the ledger reads has changed, computed again after each change a debt can
undergo (a repayment, its cancellation, a relief issued, a set-off by the run, a new day), and
never kept for another day."""

import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from ostoja.accounts.models import User
from ostoja.benefits import tasks as benefits_tasks
from ostoja.benefits.models import Decision, DecisionState, Relief
from ostoja.payments.models import DebtSummary, PaymentItem, PaymentSettings, RepaymentWay
from ostoja.payments.recovery import debts as recovery
from ostoja.payments.recovery import summaries
from ostoja.payments.recovery.debts import debt_decisions, debts_on, totals_of
from ostoja.payments.recovery.ledger import STATE_CURRENT, STATE_OVERDUE, STATE_PAID
from ostoja.payments.services import runs
from ostoja.payments.services.recovery import repayment_cancel, repayment_record
from ostoja.payments.tests.factories import award, staff
from ostoja.payments.tests.recovery.factories import relief, undue_debt
from ostoja.registry.tests.factories import make_nrb

pytestmark = pytest.mark.django_db
D = datetime.date


def _rows() -> dict[int, summaries.DebtRow]:
    today = timezone.localdate()
    return {row.decision_id: row for row in summaries.debt_rows(debt_decisions(), today)}


def _computed_ledgers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of ledgers each later `debt_rows` computes, in order."""
    counts: list[int] = []
    original = recovery.debts_on

    def counting(decisions: Any, as_of: datetime.date, **options: Any) -> Any:
        debts = original(decisions, as_of, **options)
        counts.append(len(debts))
        return debts

    monkeypatch.setattr(recovery, "debts_on", counting)
    return counts


def _recorded(accountant: User, debt: Decision, amount: str) -> Any:
    return repayment_record(
        actor=accountant,
        decision=debt,
        paid_on=timezone.localdate(),
        amount=Decimal(amount),
        way=RepaymentWay.CASH,
    )


def test_the_figures_kept_are_the_ledgers_computed(accountant: User) -> None:
    today = timezone.localdate()
    # A debt of 600,00 past its deadline, one of 900,00 in three instalments from next
    # month, one of 300,00 repaid whole today.
    overdue = undue_debt(amount="600.00", repay_by=D(2026, 4, 1))
    later = today + datetime.timedelta(days=40)
    spread = undue_debt(amount="900.00", repay_by=later, instalments=3)
    repaid = undue_debt(amount="300.00", repay_by=D(2026, 4, 1))
    _recorded(accountant, repaid, "300.00")
    rows = _rows()
    assert DebtSummary.objects.count() == 3
    again = _rows()
    for debt in debts_on(debt_decisions(), today):
        kept, read = rows[debt.decision.pk].ledger, again[debt.decision.pk].ledger
        assert kept == read == summaries.figures_of(debt.ledger)
    assert rows[overdue.pk].ledger.state == STATE_OVERDUE
    assert rows[overdue.pk].ledger.overdue_principal == Decimal("600.00")
    # 900,00 in three instalments of 300,00, the first due in 40 days.
    assert rows[spread.pk].ledger.state == STATE_CURRENT
    next_instalment = rows[spread.pk].ledger.next_instalment
    assert next_instalment is not None
    assert (next_instalment.due_on, next_instalment.outstanding) == (later, Decimal("300.00"))
    assert rows[repaid.pk].ledger.state == STATE_PAID
    assert rows[repaid.pk].ledger.owed == Decimal("0.00")
    # The totals read either: 600,00 + 900,00 + 0,00 owed.
    assert totals_of(list(again.values()), today).owed == Decimal("1500.00")


def test_nothing_changed_nothing_is_computed(
    accountant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    undue_debt(amount="600.00")
    undue_debt(amount="400.00")
    computed = _computed_ledgers(monkeypatch)
    _rows()
    _rows()
    assert computed == [2]


def test_a_repayment_and_its_cancellation_are_each_computed_again(
    accountant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    debt = undue_debt(amount="600.00")
    undue_debt(amount="400.00")
    computed = _computed_ledgers(monkeypatch)
    assert _rows()[debt.pk].ledger.owed == Decimal("600.00")
    repayment = _recorded(accountant, debt, "250.00")
    # 600,00 − 250,00 = 350,00; the other debt is not computed again.
    assert _rows()[debt.pk].ledger.owed == Decimal("350.00")
    repayment_cancel(actor=accountant, repayment=repayment, reason="wpisana omyłkowo")
    assert _rows()[debt.pk].ledger.owed == Decimal("600.00")
    assert computed == [2, 1, 1]


def test_a_relief_issued_is_computed_again(
    accountant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    debt = undue_debt(amount="600.00")
    waiver = relief(
        debt, kind=Relief.WAIVER, issued_on=D(2026, 5, 4), amount="200.00", issued=False
    )
    computed = _computed_ledgers(monkeypatch)
    # The draft waives nothing; issued, it waives 200,00 of 600,00.
    assert _rows()[debt.pk].ledger.owed == Decimal("600.00")
    Decision.objects.filter(pk=waiver.pk).update(state=DecisionState.FINAL)
    assert _rows()[debt.pk].ledger.owed == Decimal("400.00")
    assert computed == [1, 1]


def test_figures_kept_on_another_day_are_computed_again(
    accountant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    debt = undue_debt(amount="600.00")
    _rows()
    DebtSummary.objects.filter(pk=debt.pk).update(
        as_of=timezone.localdate() - datetime.timedelta(1)
    )
    computed = _computed_ledgers(monkeypatch)
    _rows()
    assert computed == [1]
    assert DebtSummary.objects.get().as_of == timezone.localdate()


def test_figures_kept_by_other_code_or_rates_are_computed_again(
    accountant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    undue_debt(amount="600.00")
    _rows()
    DebtSummary.objects.update(basis="0" * 32)
    computed = _computed_ledgers(monkeypatch)
    _rows()
    assert computed == [1]


def test_another_day_is_computed_and_not_kept(accountant: User) -> None:
    debt = undue_debt(amount="600.00")
    (row,) = summaries.debt_rows(debt_decisions(), D(2026, 3, 31))
    # The day before the deadline of 1 April: owed, not overdue.
    assert row.decision_id == debt.pk
    assert row.ledger.state == STATE_CURRENT
    assert not DebtSummary.objects.exists()


def test_a_change_between_the_fingerprint_and_the_ledger_is_caught_next_time(
    accountant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    debt = undue_debt(amount="600.00")
    original = summaries._fingerprints

    def then_a_repayment(ids: Any) -> Any:
        parts = original(ids)
        _recorded(accountant, debt, "100.00")
        monkeypatch.setattr(summaries, "_fingerprints", original)
        return parts

    monkeypatch.setattr(summaries, "_fingerprints", then_a_repayment)
    # The ledger computed already sees the repayment (600,00 − 100,00), under the
    # fingerprint read before it: the next page computes it again, and keeps the new one.
    assert _rows()[debt.pk].ledger.owed == Decimal("500.00")
    computed = _computed_ledgers(monkeypatch)
    assert _rows()[debt.pk].ledger.owed == Decimal("500.00")
    assert computed == [1]
    assert _rows()[debt.pk].ledger.owed == Decimal("500.00")
    assert computed == [1]


@time_machine.travel(datetime.datetime(2026, 12, 15, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw")))
def test_a_set_off_by_the_run_is_computed_again(
    accountant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Zasiłek stały of 713,00 zł paid on 10 December to a payee who owes 600,00 zł overdue
    # since 1 April: the run sets part of it off, which counts on the payment day.
    PaymentSettings.objects.filter(pk=1).update(centre_account=make_nrb(900))
    paid = award(amount="713.00", valid_from=D(2026, 12, 1))
    debt = undue_debt(amount="600.00", household=paid.household, person=paid.person)
    assert _rows()[debt.pk].ledger.owed == Decimal("600.00")
    run = runs.payment_run_start(actor=staff(username="ksiegowa-12"), month=D(2026, 12, 1))
    runs.payment_run_execute(run.pk, today=D(2026, 12, 1))
    setoff = PaymentItem.objects.get().setoff
    assert setoff > 0
    computed = _computed_ledgers(monkeypatch)
    assert _rows()[debt.pk].ledger.owed == Decimal("600.00") - setoff
    assert computed == [1]


def test_the_daily_run_keeps_the_new_days_figures(accountant: User) -> None:
    debt = undue_debt(amount="600.00")
    benefits_tasks.make_decisions_final.enqueue()
    kept = DebtSummary.objects.get()
    assert (kept.decision_id, kept.as_of) == (debt.pk, timezone.localdate())
    assert kept.principal_outstanding == Decimal("600.00")
