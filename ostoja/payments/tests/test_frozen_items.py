"""An item of an approved list is frozen by the database itself: a changed amount or account
is refused whatever asks (on PostgreSQL a deletion too); its marks still move. A draft's items
may change (the run makes them again)."""

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from conftest import on_postgres
from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.payments.models import ItemState, PaymentItem, PaymentList, PaymentSettings
from ostoja.payments.services import lists, runs
from ostoja.payments.tests.factories import award, staff
from ostoja.registry.tests.factories import make_nrb

pytestmark = pytest.mark.django_db
DECEMBER = datetime.date(2026, 12, 1)


def _list(clerk: User) -> PaymentList:
    PaymentSettings.objects.filter(pk=1).update(centre_account=make_nrb(900))
    award(amount="713.00", valid_from=DECEMBER)
    runs.payment_run_execute(runs.payment_run_start(actor=clerk, month=DECEMBER).pk, today=DECEMBER)
    return PaymentList.objects.get()


def test_a_drafts_items_may_change() -> None:
    payment_list = _list(staff(username="urzedniczka", role=Role.BENEFITS_CLERK))
    PaymentItem.objects.filter(payment_list=payment_list).update(amount=Decimal("700.00"))
    assert PaymentItem.objects.get().amount == Decimal("700.00")


def test_an_approved_lists_items_are_frozen_but_marked() -> None:
    clerk = staff(username="urzedniczka", role=Role.BENEFITS_CLERK)
    payment_list = lists.payment_list_prepare(actor=clerk, payment_list=_list(clerk))
    lists.payment_list_approve(actor=staff(username="ksiegowa"), payment_list=payment_list)
    items = PaymentItem.objects.filter(payment_list=payment_list)
    for change in ({"amount": Decimal("700.00")}, {"account": make_nrb(5)}, {"title": "x"}):
        with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
            items.update(**change)
    if on_postgres():
        with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
            PaymentItem.objects.filter(payment_list=payment_list).delete()
    items.update(state=ItemState.PAID, paid_on=datetime.date(2026, 12, 10))
    item = items.get()
    assert (item.state, item.amount) == (ItemState.PAID, Decimal("713.00"))
