"""A set-off in the database, on PostgreSQL with real transactions: its amount is refused
beyond the item's and without the debt it repays, it is frozen with the approved item, and two
months' runs setting one debtor's debt off at the same moment set it off once. Skipped on
SQLite."""

import datetime
from decimal import Decimal
from functools import partial

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from ostoja.accounts.roles import Role
from ostoja.benefits.models import PaymentMethod
from ostoja.payments.models import ListState, PaymentItem, PaymentList, PaymentRun
from ostoja.payments.recovery.setoff import set_off_month
from ostoja.payments.services import generation, lists
from ostoja.payments.services.entitlements import keys_of_month
from ostoja.payments.services.runs import finish_lists
from ostoja.payments.tests.concurrency import at_once
from ostoja.payments.tests.factories import award, staff
from ostoja.payments.tests.recovery.factories import undue_debt

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
D = datetime.date
DECEMBER, JANUARY = D(2026, 12, 1), D(2027, 1, 1)


def _refused(constraint: str, pk: int, **changes: object) -> None:
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        PaymentItem.objects.filter(pk=pk).update(**changes)


def _generate(month: datetime.date, *, today: datetime.date = DECEMBER) -> None:
    """The month's batches, its lists left being generated (no set-off yet)."""
    run = PaymentRun.objects.create(month=month, started_by=staff(username=f"r{month:%m}"))
    generation.run_batch(generation.context_of(run, today=today), keys_of_month(month))


def _set_off(month: datetime.date) -> int:
    with transaction.atomic():
        return set_off_month(month)


def _generated(month: datetime.date) -> None:
    _generate(month)
    _set_off(month)
    with transaction.atomic():
        finish_lists(month)


def test_two_months_set_off_at_once_set_one_debt_off_once() -> None:
    # December's and January's runs end at the same moment, each setting the debtor's
    # 600,00 zł off against her zasiłek stały of 713,00 zł of its month.
    payment = award(benefit="zasilek_staly", amount="713.00", valid_from=DECEMBER)
    debt = undue_debt(amount="600.00", household=payment.household, person=payment.person)
    _generate(DECEMBER)
    _generate(JANUARY)
    outcomes = at_once([partial(_set_off, DECEMBER), partial(_set_off, JANUARY)])
    assert all(isinstance(outcome, int) for outcome in outcomes), outcomes
    items = PaymentItem.objects.filter(person=payment.person)
    assert items.count() == 2
    # Set off once, whichever came first: by December's (Jan's then finds it repaid), or by
    # January's (December's then finds it taken by a later payment).
    assert sum(item.setoff for item in items) == Decimal("600.00")
    assert {item.setoff_debt_id for item in items if item.setoff} == {debt.pk}


def test_the_database_refuses_a_setoff_beyond_the_item_or_without_its_debt() -> None:
    payment = award(amount="713.00", valid_from=DECEMBER, method=PaymentMethod.CASH)
    debt = undue_debt(household=payment.household, person=payment.person)
    _generated(DECEMBER)
    item = PaymentItem.objects.get()
    assert item.setoff == Decimal("600.00")
    _refused("payment_item_setoff_within_amount", item.pk, setoff=Decimal("713.01"))
    _refused("payment_item_setoff_within_amount", item.pk, setoff_debt=None)
    _refused("payment_item_setoff_within_amount", item.pk, setoff=Decimal("-1.00"))
    _refused("payment_item_setoff_within_amount", item.pk, setoff=Decimal("0.00"), setoff_debt=debt)


def test_an_approved_item_keeps_its_setoff() -> None:
    payment = award(amount="713.00", valid_from=DECEMBER, method=PaymentMethod.CASH)
    undue_debt(household=payment.household, person=payment.person)
    _generated(DECEMBER)
    item = PaymentItem.objects.get()
    payment_list = item.payment_list
    lists.payment_list_prepare(
        actor=staff(username="przygotowala", role=Role.BENEFITS_CLERK), payment_list=payment_list
    )
    lists.payment_list_approve(actor=staff(username="zatwierdzila"), payment_list=payment_list)
    assert PaymentList.objects.get(pk=payment_list.pk).state == ListState.APPROVED
    with pytest.raises(DatabaseError, match="what it pays cannot change"), transaction.atomic():
        PaymentItem.objects.filter(pk=item.pk).update(setoff=Decimal("100.00"))
