"""The way of a list: prepared, approved by another accountant (never the preparer, in the
service and in the database), sent for payment with its checked bank file, paid; cash lines
paid with receipts, returns, paying again, and reversals."""

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.benefits.models import PaymentMethod
from ostoja.core.models import ActionRecord
from ostoja.payments.bankfiles import elixir, pain001
from ostoja.payments.models import (
    Channel,
    EventKind,
    ItemKind,
    ItemState,
    ListState,
    PaymentItem,
    PaymentList,
    PaymentSettings,
)
from ostoja.payments.services import exports, lists, marks, runs
from ostoja.payments.tests.factories import award, staff
from ostoja.registry.tests.factories import make_nrb

pytestmark = pytest.mark.django_db
D = datetime.date
DECEMBER = D(2026, 12, 1)
CENTRE_ACCOUNT = make_nrb(900)


@pytest.fixture
def clerk() -> User:
    return staff(username="urzedniczka", role=Role.BENEFITS_CLERK)


@pytest.fixture
def accountant() -> User:
    return staff(username="ksiegowa")


@pytest.fixture
def chief() -> User:
    return staff(username="glowna-ksiegowa")


def _draft(
    clerk: User,
    *,
    method: str = PaymentMethod.BANK,
    amounts: tuple[str, ...] = ("713.00", "1229.00"),
) -> PaymentList:
    PaymentSettings.objects.filter(pk=1).update(centre_account=CENTRE_ACCOUNT)
    for amount in amounts:
        award(amount=amount, valid_from=DECEMBER, method=method)
    run = runs.payment_run_start(actor=clerk, month=DECEMBER)
    runs.payment_run_execute(run.pk, today=DECEMBER)
    return PaymentList.objects.get()


def _approved(clerk: User, accountant: User, **kwargs: object) -> PaymentList:
    payment_list = lists.payment_list_prepare(actor=clerk, payment_list=_draft(clerk, **kwargs))  # type: ignore[arg-type]
    return lists.payment_list_approve(actor=accountant, payment_list=payment_list)


def test_the_preparer_never_approves_or_sends_the_list(accountant: User, chief: User) -> None:
    payment_list = lists.payment_list_prepare(actor=accountant, payment_list=_draft(accountant))
    with pytest.raises(PermissionDenied):
        lists.payment_list_approve(actor=accountant, payment_list=payment_list)
    approved = lists.payment_list_approve(actor=chief, payment_list=payment_list)
    assert (approved.state, approved.approved_by) == (ListState.APPROVED, chief)
    with pytest.raises(PermissionDenied):
        exports.payment_list_bank_file(
            actor=accountant, payment_list=approved, file_format="elixir"
        )


@pytest.mark.parametrize(
    ("role", "may_prepare", "may_approve"),
    [
        (Role.BENEFITS_CLERK, True, False),
        (Role.ACCOUNTING, True, True),
        (Role.DIRECTOR, False, False),
        (Role.SOCIAL_WORKER, False, False),
        (Role.ADMINISTRATOR, False, False),
        (Role.DATA_PROTECTION_OFFICER, False, False),
    ],
)
def test_who_may_prepare_and_approve(
    role: str, may_prepare: bool, may_approve: bool, clerk: User
) -> None:
    someone = staff(username=f"ktos-{role}", role=role)
    draft = _draft(clerk)
    if may_prepare:
        lists.payment_list_prepare(actor=someone, payment_list=draft)
    else:
        with pytest.raises(PermissionDenied):
            lists.payment_list_prepare(actor=someone, payment_list=draft)
        lists.payment_list_prepare(actor=clerk, payment_list=draft)
    prepared = PaymentList.objects.get()
    if may_approve and prepared.prepared_by != someone:
        lists.payment_list_approve(actor=someone, payment_list=prepared)
    elif not may_approve:
        with pytest.raises(PermissionDenied):
            lists.payment_list_approve(actor=someone, payment_list=prepared)


def test_the_database_refuses_an_approval_by_the_preparer(accountant: User) -> None:
    payment_list = lists.payment_list_prepare(actor=accountant, payment_list=_draft(accountant))
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentList.objects.filter(pk=payment_list.pk).update(
            state=ListState.APPROVED, approved_by=accountant
        )


def test_approval_and_export_are_each_one_action(clerk: User, accountant: User) -> None:
    approved = _approved(clerk, accountant)
    assert ActionRecord.objects.filter(action="payments.list_approve").count() == 1
    exports.payment_list_bank_file(actor=accountant, payment_list=approved, file_format="elixir")
    exported = ActionRecord.objects.get(action="payments.list_export")
    assert exported.actor == accountant
    assert PaymentList.objects.get().state == ListState.EXPORTED


def test_the_elixir_file_parses_back_to_the_list(clerk: User, accountant: User) -> None:
    approved = _approved(clerk, accountant)
    bank_file = exports.payment_list_bank_file(
        actor=accountant, payment_list=approved, file_format="elixir"
    )
    records = elixir.read(bank_file.data, exports.elixir_profile(PaymentSettings.objects.get()))
    items = {item.reference: item for item in approved.items.all()}
    assert {record.reference for record in records} == set(items)
    # 713.00 + 1 229.00 = 1 942.00 zł = 194 200 grosze in two records.
    assert sum(record.amount for record in records) == Decimal("1942.00")
    for record in records:
        item = items[record.reference]
        assert record.payee_account == item.account
        assert record.payer_account == CENTRE_ACCOUNT
        assert record.execution_date == approved.payment_date
    assert bank_file.sha256 == hashlib.sha256(bank_file.data).hexdigest()
    details = ActionRecord.objects.get(action="payments.list_export").details
    assert details["sha256"] == bank_file.sha256


def test_the_pain_file_parses_back_to_the_list(clerk: User, accountant: User) -> None:
    approved = _approved(clerk, accountant)
    bank_file = exports.payment_list_bank_file(
        actor=accountant, payment_list=approved, file_format="pain001"
    )
    parsed = pain001.read(bank_file.data)
    assert parsed.number_of_transactions == 2
    assert parsed.control_sum == Decimal("1942.00")
    assert sum(t.amount for t in parsed.transactions) == Decimal("1942.00")
    assert {t.end_to_end_id for t in parsed.transactions} == {
        i.reference for i in approved.items.all()
    }
    assert parsed.debtor_account == CENTRE_ACCOUNT


def test_a_file_the_validator_refuses_is_never_handed_over(clerk: User, accountant: User) -> None:
    prepared = lists.payment_list_prepare(actor=clerk, payment_list=_draft(clerk))
    # An account number spoilt before the approval (its last digit changed): once the list is
    # approved the database would refuse the change.
    item = prepared.items.first()
    assert item is not None
    spoilt = item.account[:-1] + str((int(item.account[-1]) + 1) % 10)
    PaymentItem.objects.filter(pk=item.pk).update(account=spoilt)
    approved = lists.payment_list_approve(actor=accountant, payment_list=prepared)
    with pytest.raises(exports.BankFileRefused) as refused:
        exports.payment_list_bank_file(
            actor=accountant, payment_list=approved, file_format="elixir"
        )
    assert refused.value.problems
    assert not ActionRecord.objects.filter(action="payments.list_export").exists()
    assert PaymentList.objects.get().state == ListState.APPROVED


def test_a_bank_list_is_paid_and_a_return_is_paid_again_on_a_new_account(
    clerk: User, accountant: User
) -> None:
    approved = _approved(clerk, accountant)
    exports.payment_list_bank_file(actor=accountant, payment_list=approved, file_format="elixir")
    paid = lists.payment_list_mark_paid(
        actor=accountant, payment_list=approved, paid_on=D(2026, 12, 10)
    )
    assert paid.state == ListState.PAID
    assert set(paid.items.values_list("state", flat=True)) == {ItemState.PAID}
    item = paid.items.order_by("pk").first()
    assert item is not None
    returned = marks.payment_item_mark_returned(
        actor=accountant, item=item, returned_on=D(2026, 12, 14)
    )
    assert returned.state == ItemState.RETURNED
    assert PaymentList.objects.get(pk=paid.pk).state == ListState.PARTLY_RETURNED
    new_account = make_nrb(4242)
    again = marks.payment_item_reissue(
        actor=accountant,
        item=returned,
        channel=Channel.BANK,
        account=new_account,
        today=D(2026, 12, 15),
    )
    assert (again.kind, again.reissues, again.amount, again.account) == (
        ItemKind.REISSUE,
        returned,
        returned.amount,
        new_account,
    )
    returned.refresh_from_db()
    assert returned.state == ItemState.REISSUED
    # The registry has the new number, with the change in the person's history.
    returned.payee.refresh_from_db()
    assert returned.payee.bank_account == new_account
    assert returned.payee.history.filter(bank_account=new_account).exists()
    # The new item waits on a draft list of the next working day, 15 December (a Tuesday).
    assert (again.payment_list.state, again.payment_list.payment_date) == (
        ListState.DRAFT,
        D(2026, 12, 15),
    )
    # The month's next run keeps it and pays nothing twice.
    runs.payment_run_execute(
        runs.payment_run_start(actor=clerk, month=DECEMBER).pk, today=D(2026, 12, 15)
    )
    assert PaymentItem.objects.filter(kind=ItemKind.REISSUE).count() == 1
    assert PaymentItem.objects.count() == 3


def test_a_cash_list_is_paid_line_by_line_and_closed(clerk: User, accountant: User) -> None:
    approved = _approved(clerk, accountant, method=PaymentMethod.CASH)
    exported = lists.payment_list_export(
        actor=accountant, payment_list=approved, document="lista.pdf", sha256="0" * 64
    )
    first, second = exported.items.order_by("pk")
    with pytest.raises(ValidationError):
        marks.payment_item_mark_paid(
            actor=accountant, item=first, paid_on=D(2026, 12, 10), receipt_number=" "
        )
    paid = marks.payment_item_mark_paid(
        actor=accountant, item=first, paid_on=D(2026, 12, 10), receipt_number="KW 12/2026"
    )
    assert (paid.state, paid.receipt_number, paid.paid_on) == (
        ItemState.PAID,
        "KW 12/2026",
        D(2026, 12, 10),
    )
    with pytest.raises(ValidationError):
        marks.payment_list_close(actor=accountant, payment_list=exported, on=D(2026, 12, 20))
    closed = marks.payment_list_close(actor=accountant, payment_list=exported, on=D(2026, 12, 28))
    assert closed.state == ListState.PARTLY_RETURNED
    second.refresh_from_db()
    assert second.state == ItemState.UNCOLLECTED


def test_a_mistaken_mark_is_reversed_by_another_event(clerk: User, accountant: User) -> None:
    approved = _approved(clerk, accountant, method=PaymentMethod.CASH)
    exported = lists.payment_list_export(
        actor=accountant, payment_list=approved, document="lista.pdf", sha256="0" * 64
    )
    item = exported.items.order_by("pk").first()
    assert item is not None
    marks.payment_item_mark_paid(
        actor=accountant, item=item, paid_on=D(2026, 12, 10), receipt_number="KW 1"
    )
    with pytest.raises(ValidationError):
        marks.payment_item_reverse_mark(actor=accountant, item=item, note="")
    back = marks.payment_item_reverse_mark(actor=accountant, item=item, note="pomyłka w wierszu")
    assert (back.state, back.receipt_number, back.paid_on) == (ItemState.PLANNED, "", None)
    assert list(back.events.values_list("kind", flat=True)) == [EventKind.PAID, EventKind.REVERSED]
