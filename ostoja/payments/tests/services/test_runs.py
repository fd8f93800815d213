"""The run of a month: lists per day and channel from the awards, idempotent, levelled against
what was given when a decision changes the past. Amounts worked out by hand in the comments."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.benefits.models import PaymentMethod
from ostoja.core.models import ActionRecord
from ostoja.payments.models import (
    Channel,
    ItemKind,
    ItemState,
    ListState,
    Overpayment,
    PaymentItem,
    PaymentList,
    PaymentRun,
    PaymentSettings,
    RunState,
)
from ostoja.payments.services import runs
from ostoja.payments.tests.factories import award, change, staff

pytestmark = pytest.mark.django_db
D = datetime.date
DECEMBER = D(2026, 12, 1)
TODAY = D(2026, 12, 1)


def _run(
    month: datetime.date, *, actor: User | None = None, today: datetime.date = TODAY
) -> PaymentRun:
    """Start the month (the test backend runs the task at once, as of the real today) and run
    it again as of `today`, which is what the figures below are worked out for."""
    run = runs.payment_run_start(actor=actor or staff(username="ksiegowa"), month=month)
    return runs.payment_run_execute(run.pk, today=today)


def _paid(payment_list: PaymentList) -> None:
    """The list as a bank export leaves it: the items given, approved by someone."""
    payment_list.state = ListState.PAID
    payment_list.prepared_by = staff(username="przygotowala", role=Role.BENEFITS_CLERK)
    payment_list.approved_by = staff(username="zatwierdzila")
    payment_list.save()
    payment_list.items.update(state=ItemState.PAID)


def test_a_month_makes_one_list_per_channel_with_its_totals() -> None:
    award(amount="713.00", valid_from=D(2026, 12, 1))
    award(amount="1229.00", valid_from=D(2026, 12, 1))
    award(amount="400.00", valid_from=D(2026, 12, 1), method=PaymentMethod.CASH)
    run = _run(DECEMBER)
    assert run.state == RunState.DONE, run.error
    lists = {pl.channel: pl for pl in PaymentList.objects.all()}
    assert set(lists) == {Channel.BANK, Channel.CASH}
    bank, cash = lists[Channel.BANK], lists[Channel.CASH]
    assert bank.state == cash.state == ListState.DRAFT
    # 713.00 + 1 229.00 = 1 942.00 zł by transfer; 400.00 zł at the cash desk.
    assert (bank.item_count, bank.total) == (2, Decimal("1942.00"))
    assert (cash.item_count, cash.total) == (1, Decimal("400.00"))
    # Zasiłek stały is paid on the 10th; 10 December 2026 is a Thursday.
    assert bank.payment_date == D(2026, 12, 10)
    # The cash desk pays for 14 days.
    assert cash.pay_until == D(2026, 12, 24)
    assert bank.number == "LW/2026/12/10/P/1"


def test_running_the_month_again_gives_each_month_once() -> None:
    award(amount="713.00", valid_from=D(2026, 12, 1))
    _run(DECEMBER)
    # A draft is made again; a list prepared for approval is left as it is.
    _run(DECEMBER)
    assert PaymentItem.objects.count() == 1
    PaymentList.objects.update(state=ListState.PREPARED)
    again = _run(DECEMBER)
    assert again.items_added == 0
    assert PaymentItem.objects.count() == 1
    assert PaymentList.objects.count() == 1


def test_arrears_from_the_month_of_the_application_come_with_the_month() -> None:
    # Granted from 20 October 2026 (an application of that day), first run in December:
    # October 12 of 31 days of 713.00 = 8 556 / 31 = 276.0000 → 276.00; November and
    # December 713.00 each; together 1 702.00 zł on the December list.
    settings = PaymentSettings.objects.get(pk=1)
    settings.first_month = D(2026, 10, 1)
    settings.save()
    award(amount="713.00", valid_from=D(2026, 10, 20))
    _run(DECEMBER)
    items = PaymentItem.objects.order_by("service_month")
    assert [(i.service_month, i.amount) for i in items] == [
        (D(2026, 10, 1), Decimal("276.00")),
        (D(2026, 11, 1), Decimal("713.00")),
        (D(2026, 12, 1), Decimal("713.00")),
    ]
    assert PaymentList.objects.get().total == Decimal("1702.00")


def test_the_first_run_fixes_the_first_month_and_earlier_months_of_old_decisions_are_skipped() -> (
    None
):
    # Signed before the first run: its months before December were paid before Ostoja.
    award(amount="713.00", valid_from=D(2026, 6, 1))
    _run(DECEMBER)
    settings = PaymentSettings.objects.get(pk=1)
    assert settings.first_month == DECEMBER
    assert list(PaymentItem.objects.values_list("service_month", flat=True)) == [DECEMBER]
    with pytest.raises(ValidationError):
        runs.payment_run_start(actor=staff(username="ksiegowa"), month=D(2026, 11, 1))


def test_a_raise_backdated_into_a_paid_month_is_paid_as_a_top_up() -> None:
    # Granted from 15 October (paid before Ostoja); November paid 500.00; a change from
    # 1 November raises it to 600.00: November's top-up is 600.00 − 500.00 = 100.00 zł, and
    # December is 600.00 zł.
    first = award(amount="500.00", valid_from=D(2026, 10, 15))
    _run(D(2026, 11, 1), today=D(2026, 11, 2))
    _paid(PaymentList.objects.get())
    change(first, effective_from=D(2026, 11, 1), amount="600.00")
    _run(DECEMBER)
    december = PaymentList.objects.get(month=DECEMBER)
    items = {(i.service_month, i.kind): i.amount for i in december.items.all()}
    assert items == {
        (D(2026, 11, 1), ItemKind.TOP_UP): Decimal("100.00"),
        (DECEMBER, ItemKind.REGULAR): Decimal("600.00"),
    }


def test_a_revocation_backdated_into_a_paid_month_is_an_overpayment() -> None:
    # November and December paid 500.00 each; revoked from 16 November: November was owed
    # 15 of 30 days = 500 × 15 / 30 = 250.00, so 250.00 zł was overpaid; December 500.00.
    first = award(amount="500.00", valid_from=D(2026, 10, 15))
    _run(D(2026, 11, 1), today=D(2026, 11, 2))
    _paid(PaymentList.objects.get())
    _run(DECEMBER)
    _paid(PaymentList.objects.get(month=DECEMBER))
    change(first, effective_from=D(2026, 11, 16), revoked=True)
    run = _run(DECEMBER)
    found = {(o.service_month, o.amount) for o in Overpayment.objects.all()}
    assert found == {(D(2026, 11, 1), Decimal("250.00")), (DECEMBER, Decimal("500.00"))}
    assert run.overpayments_found == 2
    # Running again finds nothing new.
    assert _run(DECEMBER).overpayments_found == 0
    assert Overpayment.objects.count() == 2


def test_a_decision_not_yet_executable_waits() -> None:
    award(amount="713.00", valid_from=D(2026, 12, 1), executable=False)
    run = _run(DECEMBER)
    assert run.items_added == 0
    assert not PaymentList.objects.exists()


def test_a_one_off_benefit_is_paid_once() -> None:
    award(benefit="zasilek_celowy", amount="350.00", valid_from=D(2026, 12, 3))
    award(benefit="zasilek_celowy", amount="150.00", valid_from=D(2026, 12, 3))
    _run(DECEMBER)
    _run(DECEMBER)
    assert sorted(PaymentItem.objects.values_list("amount", flat=True)) == [
        Decimal("150.00"),
        Decimal("350.00"),
    ]


def test_a_transfer_without_an_account_is_reported_not_listed() -> None:
    missing = award(amount="713.00", valid_from=D(2026, 12, 1))
    missing.payee.bank_account = ""
    missing.payee.save()
    type(missing).objects.filter(pk=missing.pk).update(method=PaymentMethod.INSTITUTION, account="")
    run = _run(DECEMBER)
    assert run.items_added == 0
    assert len(run.problems) == 1
    assert "numeru rachunku" in run.problems[0]["message"]


def test_a_draft_is_made_again_by_the_next_run() -> None:
    first = award(amount="500.00", valid_from=D(2026, 11, 20))
    _run(DECEMBER)
    change(first, effective_from=D(2026, 12, 1), amount="650.00")
    _run(DECEMBER)
    payment_list = PaymentList.objects.get()
    # The draft's item of 500.00 was taken back; the month is owed 650.00 zł.
    assert list(payment_list.items.values_list("amount", "kind")) == [
        (Decimal("650.00"), ItemKind.REGULAR)
    ]
    assert payment_list.total == Decimal("650.00")


def test_a_prepared_list_is_closed_and_later_items_go_to_a_supplementary_list() -> None:
    award(amount="500.00", valid_from=D(2026, 12, 1))
    _run(DECEMBER)
    first = PaymentList.objects.get()
    PaymentList.objects.filter(pk=first.pk).update(state=ListState.PREPARED)
    award(amount="300.00", valid_from=D(2026, 12, 1))
    _run(DECEMBER)
    second = PaymentList.objects.exclude(pk=first.pk).get()
    assert (second.sequence, second.total, second.state) == (2, Decimal("300.00"), ListState.DRAFT)
    assert first.items.count() == 1


def test_only_staff_who_prepare_lists_may_start_a_run() -> None:
    with pytest.raises(PermissionDenied):
        runs.payment_run_start(
            actor=staff(username="pracownik", role=Role.SOCIAL_WORKER), month=DECEMBER
        )
    run = runs.payment_run_start(
        actor=staff(username="urzedniczka", role=Role.BENEFITS_CLERK), month=DECEMBER
    )
    assert ActionRecord.objects.filter(action="payments.run_start").count() == 1
    assert run.month == DECEMBER


def test_a_run_killed_half_way_shows_nothing_and_the_next_one_completes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ostoja.core import policy
    from ostoja.payments.services import generation

    for amount in ("100.00", "200.00", "300.00"):
        award(amount=amount, valid_from=D(2026, 12, 1))
    monkeypatch.setattr(runs, "BATCH_SIZE", 1)
    calls = {"n": 0}
    original = generation.add_items

    def dies_on_the_second_batch(items: list[PaymentItem]) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        original(items)

    monkeypatch.setattr(generation, "add_items", dies_on_the_second_batch)
    failed = _run(DECEMBER)
    assert failed.state == RunState.FAILED
    # The first batch is in, but its list is still being generated: nobody sees it.
    assert PaymentItem.objects.count() == 1
    assert PaymentList.objects.get().state == ListState.GENERATING
    assert not policy.visible_to(staff(username="ksiegowa"), PaymentList).exists()
    monkeypatch.setattr(generation, "add_items", original)
    done = _run(DECEMBER)
    assert done.state == RunState.DONE
    payment_list = PaymentList.objects.get()
    # 100.00 + 200.00 + 300.00 = 600.00 zł, each once.
    assert (payment_list.state, payment_list.item_count, payment_list.total) == (
        ListState.DRAFT,
        3,
        Decimal("600.00"),
    )
