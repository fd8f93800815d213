"""The recovery's invariants in the database, on PostgreSQL with real transactions: an amount
repaid, a relief's amount and the instalments are refused by constraints whatever the code
does; a repayment cancelled twice at the same moment is cancelled once, and an overpayment
settled twice at once is settled once. Skipped on SQLite."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ostoja.benefits.models import Decision, DecisionKind, Relief
from ostoja.benefits.tests.decisions.factories import draft
from ostoja.core.models import ActionRecord
from ostoja.payments.models import Overpayment, OverpaymentState, Repayment, RepaymentWay
from ostoja.payments.recovery.debts import debt_on
from ostoja.payments.services import recovery
from ostoja.payments.tests.concurrency import at_once
from ostoja.payments.tests.factories import staff
from ostoja.payments.tests.recovery.factories import undue_debt

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
D = datetime.date


def _refused(constraint: str, model: Any, pk: int, **changes: Any) -> None:
    """The update is refused by the named constraint (not by a trigger, nor by the code)."""
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        model.objects.filter(pk=pk).update(**changes)


def test_the_database_refuses_a_repayment_of_nothing_and_a_cancel_without_reason() -> None:
    repayment = recovery.repayment_record(
        actor=staff(),
        decision=undue_debt(),
        paid_on=D(2026, 3, 20),
        amount=Decimal("100.00"),
        way=RepaymentWay.CASH,
    )
    _refused("repayment_amount_positive", Repayment, repayment.pk, amount=Decimal("0.00"))
    _refused("repayment_way_code", Repayment, repayment.pk, way="czek")
    _refused(
        "repayment_cancelled_with_reason",
        Repayment,
        repayment.pk,
        cancelled_at=datetime.datetime.now(datetime.UTC),
    )


def test_the_database_refuses_impossible_terms_of_repayment() -> None:
    clerk = staff(role="specjalista_swiadczen")
    debt = undue_debt()
    undue = draft(actor=clerk, household=debt.household, kind=DecisionKind.UNDUE)
    _refused("decision_instalments_in_range", Decision, undue.pk, instalments=0)
    _refused("decision_instalments_in_range", Decision, undue.pk, instalments=121)
    _refused("decision_relief_only_in_a_relief_decision", Decision, undue.pk, relief=Relief.WAIVER)
    waiver = draft(
        actor=clerk,
        household=debt.household,
        kind=DecisionKind.RELIEF,
        changes=debt,
        relief=Relief.WAIVER,
        relief_amount=Decimal("100.00"),
    )
    _refused("decision_relief_amount_positive", Decision, waiver.pk, relief_amount=Decimal(0))
    _refused("decision_relief_names_the_decision_and_the_relief", Decision, waiver.pk, relief="")


def test_a_repayment_cancelled_twice_at_once_is_cancelled_once() -> None:
    accountant = staff()
    repayment = recovery.repayment_record(
        actor=accountant,
        decision=undue_debt(),
        paid_on=D(2026, 3, 20),
        amount=Decimal("100.00"),
        way=RepaymentWay.CASH,
    )
    outcomes = at_once(
        [
            lambda: recovery.repayment_cancel(
                actor=accountant, repayment=repayment, reason="pomyłka"
            )
            for _ in range(5)
        ]
    )
    assert sum(isinstance(outcome, Repayment) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, ValidationError) for outcome in outcomes) == 4
    assert ActionRecord.objects.filter(action="payments.repayment_cancel").count() == 1


def test_an_overpayment_settled_twice_at_once_is_settled_once() -> None:
    clerk = staff(role="specjalista_swiadczen")
    debt = undue_debt()
    overpayment = Overpayment.objects.create(
        person=debt.party,
        household=debt.household,
        benefit="zasilek_okresowy",
        service_month=D(2025, 12, 1),
        amount=Decimal("300.00"),
    )
    jobs: list[Callable[[], Any]] = [
        lambda: recovery.overpayment_settle(actor=clerk, overpayment=overpayment, decision=debt),
        lambda: recovery.overpayment_not_undue(
            actor=clerk, overpayment=overpayment, note="zgłoszono w terminie"
        ),
    ] * 2
    outcomes = at_once(jobs)
    assert sum(isinstance(outcome, Overpayment) for outcome in outcomes) == 1
    overpayment.refresh_from_db()
    assert overpayment.state in (OverpaymentState.RECOVERY, OverpaymentState.NOT_UNDUE)
    settled = ActionRecord.objects.filter(action__startswith="payments.overpayment_").count()
    assert settled == 1


def test_repayments_recorded_at_once_all_count() -> None:
    accountant = staff()
    debt = undue_debt(amount="600.00")
    outcomes = at_once(
        [
            lambda: recovery.repayment_record(
                actor=accountant,
                decision=debt,
                paid_on=D(2026, 3, 20),
                amount=Decimal("50.00"),
                way=RepaymentWay.TRANSFER,
            )
            for _ in range(6)
        ]
    )
    assert all(isinstance(outcome, Repayment) for outcome in outcomes), outcomes
    # Six repayments of 50,00: 600,00 − 6 × 50,00 = 300,00 owed.
    assert debt_on(debt, D(2026, 3, 25)).ledger.owed == Decimal("300.00")
