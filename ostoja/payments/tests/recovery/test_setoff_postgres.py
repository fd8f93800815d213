"""A set-off in the database, on PostgreSQL with real transactions: its amount is refused
beyond the item's and without the debt it repays, it is frozen with the approved item, and two
batches paying one debtor at the same moment set her debt off once. Skipped on SQLite."""

import datetime
from decimal import Decimal
from functools import partial

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from ostoja.accounts.roles import Role
from ostoja.benefits.models import PaymentMethod
from ostoja.payments.models import ListState, PaymentItem, PaymentList, PaymentRun
from ostoja.payments.services import generation, lists
from ostoja.payments.services.entitlements import keys_of_month
from ostoja.payments.services.runs import finish_lists
from ostoja.payments.tests.concurrency import at_once
from ostoja.payments.tests.factories import award, staff
from ostoja.payments.tests.recovery.factories import undue_debt

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
D = datetime.date
DECEMBER = D(2026, 12, 1)


def _refused(constraint: str, pk: int, **changes: object) -> None:
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        PaymentItem.objects.filter(pk=pk).update(**changes)


def _batches_at_once(run: PaymentRun, *, first: int | None = None) -> None:
    """Each entitlement of the month in its own batch, all at the same moment; the entitlements
    of the person `first` before the others, alone (so that the lists exist)."""
    context = generation.context_of(run, today=DECEMBER)
    keys = keys_of_month(DECEMBER)
    if first is not None:
        generation.run_batch(context, [key for key in keys if key[1] == first])
        keys = [key for key in keys if key[1] != first]
    outcomes = at_once([partial(generation.run_batch, context, [key]) for key in keys])
    assert all(isinstance(outcome, generation.BatchResult) for outcome in outcomes), outcomes
    with transaction.atomic():
        finish_lists(DECEMBER)


def test_two_batches_paying_one_debtor_at_once_set_her_debt_off_once() -> None:
    # Someone else paid the same two benefits first: the lists are there, and nothing but
    # the lock on the debt makes the two batches of the debtor wait for each other.
    other = award(benefit="zasilek_staly", amount="713.00", valid_from=DECEMBER)
    award(
        benefit="zasilek_okresowy",
        amount="500.00",
        valid_from=DECEMBER,
        household=other.household,
        person=other.person,
    )
    stały = award(benefit="zasilek_staly", amount="713.00", valid_from=DECEMBER)
    award(
        benefit="zasilek_okresowy",
        amount="500.00",
        valid_from=DECEMBER,
        household=stały.household,
        person=stały.person,
    )
    debt = undue_debt(amount="600.00", household=stały.household, person=stały.person)
    run = PaymentRun.objects.create(month=DECEMBER, started_by=staff())
    _batches_at_once(run, first=other.person_id)
    items = PaymentItem.objects.filter(person=stały.person)
    assert items.count() == 2
    # 600,00 zł overdue is set off once, whichever batch came first: by the zasiłek stały
    # whole (713,00 ≥ 600,00), or by the zasiłek okresowy's 500,00 and 100,00 of the other.
    assert sum(item.setoff for item in items) == Decimal("600.00")
    assert {item.setoff_debt_id for item in items if item.setoff} == {debt.pk}


def test_the_database_refuses_a_setoff_beyond_the_item_or_without_its_debt() -> None:
    payment = award(amount="713.00", valid_from=DECEMBER, method=PaymentMethod.CASH)
    debt = undue_debt(household=payment.household, person=payment.person)
    run = PaymentRun.objects.create(month=DECEMBER, started_by=staff())
    _batches_at_once(run)
    item = PaymentItem.objects.get()
    assert item.setoff == Decimal("600.00")
    _refused("payment_item_setoff_within_amount", item.pk, setoff=Decimal("713.01"))
    _refused("payment_item_setoff_within_amount", item.pk, setoff_debt=None)
    _refused("payment_item_setoff_within_amount", item.pk, setoff=Decimal("-1.00"))
    _refused("payment_item_setoff_within_amount", item.pk, setoff=Decimal("0.00"), setoff_debt=debt)


def test_an_approved_item_keeps_its_setoff() -> None:
    payment = award(amount="713.00", valid_from=DECEMBER, method=PaymentMethod.CASH)
    undue_debt(household=payment.household, person=payment.person)
    run = PaymentRun.objects.create(month=DECEMBER, started_by=staff())
    _batches_at_once(run)
    item = PaymentItem.objects.get()
    payment_list = item.payment_list
    lists.payment_list_prepare(
        actor=staff(username="przygotowala", role=Role.BENEFITS_CLERK), payment_list=payment_list
    )
    lists.payment_list_approve(actor=staff(username="zatwierdzila"), payment_list=payment_list)
    assert PaymentList.objects.get(pk=payment_list.pk).state == ListState.APPROVED
    with pytest.raises(DatabaseError, match="what it pays cannot change"), transaction.atomic():
        PaymentItem.objects.filter(pk=item.pk).update(setoff=Decimal("100.00"))
