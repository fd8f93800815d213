"""The run's items go in with `core.bulk.insert_many` (COPY on PostgreSQL): each column as
`save()` would write it, and the database's constraints hold for the rows copied."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from ostoja.accounts.roles import Role
from ostoja.core.bulk import insert_many
from ostoja.payments.models import ItemKind, ItemState, PaymentItem, PaymentList, PaymentSettings
from ostoja.payments.services import runs
from ostoja.payments.tests.factories import award, staff
from ostoja.registry.tests.factories import make_nrb

pytestmark = pytest.mark.django_db
DECEMBER = datetime.date(2026, 12, 1)


def _run_item() -> PaymentItem:
    PaymentSettings.objects.filter(pk=1).update(centre_account=make_nrb(900))
    award(amount="713.00", valid_from=DECEMBER)
    clerk = staff(username="urzedniczka", role=Role.BENEFITS_CLERK)
    runs.payment_run_execute(runs.payment_run_start(actor=clerk, month=DECEMBER).pk, today=DECEMBER)
    return PaymentItem.objects.get()


def test_an_item_copied_in_reads_back_as_saved() -> None:
    item = _run_item()
    # The defaults and the times `save()` fills, the JSON as JSON (not a string of it).
    assert item.state == ItemState.PLANNED
    assert item.kind == ItemKind.REGULAR
    assert item.setoff == Decimal("0.00")
    assert item.setoff_debt_id is None
    assert item.version == 1
    assert item.created_at is not None
    assert item.created_at.tzinfo is not None
    # December whole: 31 of its 31 days at 713,00 zł.
    (part,) = item.computation
    assert (part["days"], part["of_days"], part["amount"]) == (31, 31, "713.00")
    assert item.amount == Decimal("713.00")
    assert item.service_month == DECEMBER
    assert PaymentList.objects.get().item_count == 1


def test_a_copied_row_breaking_a_constraint_is_refused() -> None:
    item = _run_item()
    twin = PaymentItem.objects.get(pk=item.pk)
    twin.pk = None
    twin.kind = ItemKind.TOP_UP
    twin.amount = Decimal("0.00")  # payment_item_amount_positive
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_many(PaymentItem, [twin])
    assert PaymentItem.objects.count() == 1
