"""The recovery services: who may record, cancel and remind, what each refuses with a message
tied to the field, and the action record each writes."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ostoja.accounts.models import User
from ostoja.benefits.models import DecisionKind, DecisionState
from ostoja.core.models import ActionRecord
from ostoja.payments.models import Overpayment, OverpaymentState, Reminder, RepaymentWay
from ostoja.payments.recovery.debts import debt_on
from ostoja.payments.services import recovery
from ostoja.payments.tests.factories import decision, family
from ostoja.payments.tests.recovery.factories import undue_debt

pytestmark = pytest.mark.django_db
D = datetime.date


def _record(actor: User, debt: Any, amount: str = "100.00", **values: Any) -> Any:
    return recovery.repayment_record(
        actor=actor,
        decision=debt,
        paid_on=values.pop("paid_on", D(2026, 3, 20)),
        amount=Decimal(amount),
        way=values.pop("way", RepaymentWay.CASH),
        reference=values.pop("reference", "KP 12/2026"),
    )


def test_the_accountant_records_a_repayment_and_the_debt_goes_down(accountant: User) -> None:
    debt = undue_debt(amount="600.00")
    repayment = _record(accountant, debt, "250.00")
    assert repayment.debtor == debt.party
    assert repayment.reference == "KP 12/2026"
    # 600,00 − 250,00 = 350,00.
    assert debt_on(debt, D(2026, 3, 25)).ledger.owed == Decimal("350.00")
    action = ActionRecord.objects.get(action="payments.repayment_record")
    assert action.actor == accountant


@pytest.mark.parametrize("role", ["benefits_clerk", "director", "social_worker"])
def test_only_who_recovers_records_a_repayment(request: pytest.FixtureRequest, role: str) -> None:
    debt = undue_debt()
    with pytest.raises(PermissionDenied):
        _record(request.getfixturevalue(role), debt)


def test_a_repayment_of_tomorrow_is_refused_at_its_day(accountant: User) -> None:
    debt = undue_debt()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        _record(accountant, debt, paid_on=tomorrow)
    assert "paid_on" in refused.value.message_dict


@pytest.mark.parametrize("amount", ["0.00", "-5.00"])
def test_a_repayment_must_be_more_than_nothing(accountant: User, amount: str) -> None:
    debt = undue_debt()
    with pytest.raises(ValidationError) as refused:
        _record(accountant, debt, amount)
    assert "amount" in refused.value.message_dict


def test_only_an_issued_undue_decision_is_repaid(accountant: User) -> None:
    household, person = family()
    granting = decision(household, person, kind=DecisionKind.GRANT)
    with pytest.raises(ValidationError):
        _record(accountant, granting)
    draft = decision(household, person, kind=DecisionKind.UNDUE, state=DecisionState.DRAFT)
    with pytest.raises(ValidationError):
        _record(accountant, draft)


def test_a_cancelled_repayment_stays_with_its_reason_and_leaves_the_ledger(
    accountant: User,
) -> None:
    debt = undue_debt(amount="600.00")
    repayment = _record(accountant, debt, "250.00")
    recovery.repayment_cancel(actor=accountant, repayment=repayment, reason="  pomyłka kasjera ")
    repayment.refresh_from_db()
    assert repayment.cancelled
    assert repayment.cancel_reason == "pomyłka kasjera"
    assert debt_on(debt, D(2026, 3, 25)).ledger.owed == Decimal("600.00")
    with pytest.raises(ValidationError):
        recovery.repayment_cancel(actor=accountant, repayment=repayment, reason="znowu")


def test_cancelling_needs_a_reason(accountant: User) -> None:
    repayment = _record(accountant, undue_debt())
    with pytest.raises(ValidationError) as refused:
        recovery.repayment_cancel(actor=accountant, repayment=repayment, reason="   ")
    assert "cancel_reason" in refused.value.message_dict


def test_a_reminder_states_what_is_overdue_today(accountant: User) -> None:
    # Due on 1 April 2026, 100,00 repaid: 500,00 overdue on any later day.
    debt = undue_debt(amount="600.00", repay_by=D(2026, 4, 1))
    _record(accountant, debt, "100.00")
    reminder = recovery.reminder_write(actor=accountant, decision=debt)
    assert reminder.written_on == timezone.localdate()
    assert reminder.principal == Decimal("500.00")
    assert reminder.overdue == Decimal("500.00")
    assert reminder.interest == Decimal("0.00")
    assert reminder.pay_within_days == 7
    assert ActionRecord.objects.filter(action="payments.reminder_write").count() == 1


def test_no_reminder_before_anything_is_overdue(accountant: User) -> None:
    later = timezone.localdate() + datetime.timedelta(days=30)
    debt = undue_debt(issued_on=timezone.localdate(), repay_by=later)
    with pytest.raises(ValidationError):
        recovery.reminder_write(actor=accountant, decision=debt)
    assert not Reminder.objects.exists()


def _overpayment(debt: Any, benefit: str = "zasilek_okresowy") -> Overpayment:
    return Overpayment.objects.create(
        person=debt.party,
        household=debt.household,
        benefit=benefit,
        service_month=D(2025, 12, 1),
        amount=Decimal("300.00"),
    )


def test_an_overpayment_is_settled_by_the_family_s_undue_decision(benefits_clerk: User) -> None:
    debt = undue_debt()
    overpayment = recovery.overpayment_settle(
        actor=benefits_clerk, overpayment=_overpayment(debt), decision=debt
    )
    assert overpayment.state == OverpaymentState.RECOVERY
    assert overpayment.decision == debt
    with pytest.raises(ValidationError):
        recovery.overpayment_not_undue(actor=benefits_clerk, overpayment=overpayment, note="x")


def test_an_overpayment_is_not_settled_by_another_family_s_decision(
    benefits_clerk: User,
) -> None:
    overpayment = _overpayment(undue_debt())
    with pytest.raises(ValidationError) as refused:
        recovery.overpayment_settle(
            actor=benefits_clerk, overpayment=overpayment, decision=undue_debt()
        )
    assert "decision" in refused.value.message_dict
    overpayment.refresh_from_db()
    assert overpayment.state == OverpaymentState.OPEN


def test_an_overpayment_is_not_settled_by_a_decision_about_another_benefit(
    benefits_clerk: User,
) -> None:
    debt = undue_debt(benefit="zasilek_okresowy")
    with pytest.raises(ValidationError):
        recovery.overpayment_settle(
            actor=benefits_clerk, overpayment=_overpayment(debt, "zasilek_staly"), decision=debt
        )


def test_an_overpayment_found_not_undue_says_why(benefits_clerk: User) -> None:
    overpayment = _overpayment(undue_debt())
    with pytest.raises(ValidationError) as refused:
        recovery.overpayment_not_undue(actor=benefits_clerk, overpayment=overpayment, note=" ")
    assert "note" in refused.value.message_dict
    settled = recovery.overpayment_not_undue(
        actor=benefits_clerk, overpayment=overpayment, note="Rodzina zgłosiła zmianę w terminie."
    )
    assert settled.state == OverpaymentState.NOT_UNDUE
    assert ActionRecord.objects.filter(action="payments.overpayment_not_undue").count() == 1


@pytest.mark.parametrize("role", ["director", "social_worker"])
def test_only_who_settles_payments_settles_an_overpayment(
    request: pytest.FixtureRequest, role: str
) -> None:
    debt = undue_debt()
    with pytest.raises(PermissionDenied):
        recovery.overpayment_settle(
            actor=request.getfixturevalue(role), overpayment=_overpayment(debt), decision=debt
        )
