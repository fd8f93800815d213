"""The run sets off what a payee owes of undue benefits, overdue, against the benefits it pays
her (art. 104 ust. 2 u.p.s.; art. 30 u.ś.r.), within the settings' share; the bank file and
the cash list pay what is left, the debt's ledger counts the set-off on the payment day.
Amounts worked out by hand in the comments."""

import csv
import datetime
import io
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.benefits.models import Award, Decision, DecisionState, PaymentMethod
from ostoja.core.money import format_pln
from ostoja.payments.documents import cash_list_context
from ostoja.payments.models import (
    Channel,
    ItemState,
    ListState,
    PaymentItem,
    PaymentList,
    PaymentSettings,
    RunState,
)
from ostoja.payments.recovery.debts import debts_on
from ostoja.payments.recovery.ledger import STATE_PAID
from ostoja.payments.selectors import list_totals
from ostoja.payments.services import lists, marks, runs
from ostoja.payments.services.exports import batch_of
from ostoja.payments.tests.factories import award, staff
from ostoja.payments.tests.recovery.factories import undue_debt
from ostoja.registry.tests.factories import make_nrb

pytestmark = pytest.mark.django_db
D = datetime.date
DECEMBER, JANUARY = D(2026, 12, 1), D(2027, 1, 1)
# Zasiłek stały is paid on the 10th: Thursday 10 December 2026, Monday 11 January 2027.
DECEMBER_DAY, JANUARY_DAY = D(2026, 12, 10), D(2027, 1, 11)
APRIL_FIRST = D(2026, 4, 1)


def _run(month: datetime.date, *, today: datetime.date = DECEMBER) -> None:
    run = runs.payment_run_start(actor=staff(username=f"ksiegowa-{month:%m}"), month=month)
    run = runs.payment_run_execute(run.pk, today=today)
    assert run.state == RunState.DONE, run.error


@pytest.fixture(autouse=True)
def _centre_account() -> None:
    PaymentSettings.objects.filter(pk=1).update(centre_account=make_nrb(900))


def _only_item() -> PaymentItem:
    (item,) = PaymentItem.objects.all()
    return item


def _debtor_with_award(
    *,
    debt: str = "600.00",
    benefit: str = "zasilek_okresowy",
    repay_by: datetime.date = APRIL_FIRST,
    instalments: int = 1,
    interest_from: datetime.date | None = None,
    state: str = DecisionState.FINAL,
    paid: str = "713.00",
    paid_benefit: str = "zasilek_staly",
    method: str = PaymentMethod.BANK,
) -> tuple[Award, Decision]:
    """A benefit paid from December 2026 (zasiłek stały of 713,00 zł by transfer unless said
    otherwise) to a person who owes an undue benefit (600,00 zł of zasiłek okresowy, final,
    to repay by 1 April 2026, overdue since)."""
    granted = award(benefit=paid_benefit, amount=paid, valid_from=DECEMBER, method=method)
    owed = undue_debt(
        amount=debt,
        benefit=benefit,
        repay_by=repay_by,
        instalments=instalments,
        interest_from=interest_from,
        household=granted.household,
        person=granted.person,
        state=state,
    )
    return granted, owed


def test_an_overdue_debt_is_set_off_against_the_next_payment() -> None:
    _granted, debt = _debtor_with_award()
    _run(DECEMBER)
    item = _only_item()
    # 600,00 zł overdue since 1 April; the December zasiłek stały of 713,00 zł repays it
    # whole: 713,00 − 600,00 = 113,00 zł is transferred.
    assert (item.amount, item.setoff, item.payable) == (
        Decimal("713.00"),
        Decimal("600.00"),
        Decimal("113.00"),
    )
    assert item.setoff_debt == debt
    # The list counts the benefit given (713,00) and says what leaves (113,00).
    payment_list = item.payment_list
    assert payment_list.total == Decimal("713.00")
    totals = list_totals(payment_list)
    assert (totals.setoff, totals.payable) == (Decimal("600.00"), Decimal("113.00"))
    (transfer,) = batch_of(payment_list, created_at=timezone.now()).transfers
    assert transfer.amount == Decimal("113.00")
    # The ledger counts the set-off on the payment day, not before.
    before, on_the_day = (
        debts_on([debt], DECEMBER_DAY - datetime.timedelta(days=1))[0].ledger,
        debts_on([debt], DECEMBER_DAY)[0].ledger,
    )
    assert before.owed == Decimal("600.00")
    assert (on_the_day.owed, on_the_day.state) == (Decimal("0.00"), STATE_PAID)


@override_settings(OSTOJA_UNDUE_SETOFF_PERCENT=50)
def test_the_setting_limits_the_part_of_a_payment_set_off() -> None:
    _granted, debt = _debtor_with_award()
    _run(DECEMBER)
    item = _only_item()
    # 50 % of 713,00 = 356,50 zł set off; 600,00 − 356,50 = 243,50 zł still owed.
    assert (item.setoff, item.payable) == (Decimal("356.50"), Decimal("356.50"))
    assert debts_on([debt], DECEMBER_DAY)[0].ledger.owed == Decimal("243.50")


@override_settings(OSTOJA_UNDUE_SETOFF_PERCENT=0)
def test_a_share_of_nothing_sets_nothing_off() -> None:
    _debtor_with_award()
    _run(DECEMBER)
    assert _only_item().setoff == Decimal("0.00")


def test_only_the_overdue_instalments_are_set_off() -> None:
    # 600,00 zł in 3 instalments of 200,00 from 1 November 2026: on 10 December those of
    # 1 November and 1 December are overdue (400,00), that of 1 January 2027 is not.
    _debtor_with_award(repay_by=D(2026, 11, 1), instalments=3)
    _run(DECEMBER)
    assert _only_item().setoff == Decimal("400.00")


def test_a_debt_not_due_yet_is_not_set_off() -> None:
    _debtor_with_award(repay_by=D(2026, 12, 31))
    _run(DECEMBER)
    assert _only_item().setoff == Decimal("0.00")


@override_settings(OSTOJA_UNDUE_SETOFF_FROM="od_ostatecznosci")
def test_the_setting_may_set_off_everything_owed_once_the_decision_is_final() -> None:
    # 600,00 zł in 3 instalments from 1 January 2027, none due on 10 December: all 600,00 is
    # set off all the same, the decision being final.
    _debtor_with_award(repay_by=D(2027, 1, 1), instalments=3)
    _run(DECEMBER)
    assert _only_item().setoff == Decimal("600.00")


@override_settings(OSTOJA_UNDUE_SETOFF_FROM="zawsze")
def test_an_unknown_setting_stops_the_run_with_its_name() -> None:
    _debtor_with_award()
    run = runs.payment_run_start(actor=staff(username="ksiegowa"), month=DECEMBER)
    run = runs.payment_run_execute(run.pk, today=DECEMBER)
    assert run.state == RunState.FAILED
    assert "OSTOJA_UNDUE_SETOFF_FROM" in run.error


def test_a_decision_not_final_is_not_set_off() -> None:
    _debtor_with_award(state=DecisionState.DELIVERED)
    _run(DECEMBER)
    assert _only_item().setoff == Decimal("0.00")


def test_a_debt_is_set_off_only_against_benefits_of_its_own_act() -> None:
    # An undue zasiłek rodzinny (u.ś.r.) is not taken from a zasiłek stały (u.p.s.).
    _debtor_with_award(benefit="zasilek_rodzinny")
    _run(DECEMBER)
    assert _only_item().setoff == Decimal("0.00")


def test_a_family_benefit_repays_its_debt_with_the_interest() -> None:
    # 365,00 zł of zasiłek rodzinny to repay by 30 November 2026, interest from 1 December.
    # Zasiłek rodzinny is paid on the 20th: Sunday 20 December 2026 → Friday 18 December.
    # Interest 1–18 December, both days counted, at 9,75 % a year:
    # 365,00 × 9,75 % ÷ 365 × 18 = 0,0975 × 18 = 1,755 → 1,76 zł; due 365,00 + 1,76 = 366,76.
    # The December zasiłek rodzinny of 400,00 zł repays it: 400,00 − 366,76 = 33,24 paid out.
    _granted, debt = _debtor_with_award(
        benefit="zasilek_rodzinny",
        debt="365.00",
        repay_by=D(2026, 11, 30),
        interest_from=D(2026, 12, 1),
        paid="400.00",
        paid_benefit="zasilek_rodzinny",
    )
    _run(DECEMBER)
    item = _only_item()
    assert item.payment_list.payment_date == D(2026, 12, 18)
    assert (item.setoff, item.payable) == (Decimal("366.76"), Decimal("33.24"))
    ledger = debts_on([debt], D(2026, 12, 18))[0].ledger
    assert (ledger.owed, ledger.state) == (Decimal("0.00"), STATE_PAID)


def test_what_one_payment_cannot_cover_the_next_months_take() -> None:
    # 900,00 zł overdue: December's 713,00 is set off whole (nothing is transferred), and
    # January's repays the rest, 900,00 − 713,00 = 187,00 zł.
    _granted, debt = _debtor_with_award(debt="900.00")
    _run(DECEMBER)
    december = _only_item()
    assert (december.setoff, december.payable) == (Decimal("713.00"), Decimal("0.00"))
    payment_list = december.payment_list
    assert batch_of(payment_list, created_at=timezone.now()).transfers == ()
    _approve(payment_list)
    december.refresh_from_db()
    # Nothing is left to pay: the item is paid on its day, and the list with it.
    assert (december.state, december.paid_on) == (ItemState.PAID, DECEMBER_DAY)
    payment_list.refresh_from_db()
    assert payment_list.state == ListState.PAID
    _run(JANUARY, today=D(2027, 1, 4))
    january = PaymentItem.objects.get(service_month=JANUARY)
    assert (january.setoff, january.payable) == (Decimal("187.00"), Decimal("526.00"))
    assert debts_on([debt], JANUARY_DAY)[0].ledger.state == STATE_PAID


def test_the_cash_list_pays_what_is_left_and_omits_a_line_set_off_whole() -> None:
    _debtor_with_award(method=PaymentMethod.CASH)
    _debtor_with_award(debt="900.00", method=PaymentMethod.CASH)
    _run(DECEMBER)
    payment_list = PaymentList.objects.get()
    context = cash_list_context(payment_list)
    # 713,00 − 600,00 = 113,00 zł on the one line left; the other is set off whole.
    assert [row.amount for row in context["rows"]] == ["113,00\xa0zł"]
    assert "potrącone" in context["rows"][0].kind_note
    assert context["total"] == "113,00\xa0zł"


def test_a_run_again_sets_off_again_and_never_twice() -> None:
    _granted, debt = _debtor_with_award()
    _run(DECEMBER)
    _run(DECEMBER)
    assert _only_item().setoff == Decimal("600.00")
    assert debts_on([debt], DECEMBER_DAY)[0].ledger.owed == Decimal("0.00")


def _approve(payment_list: PaymentList) -> None:
    preparer = staff(username="przygotowala", role=Role.BENEFITS_CLERK)
    lists.payment_list_prepare(actor=preparer, payment_list=payment_list)
    approver: User = staff(username="zatwierdzila")
    lists.payment_list_approve(actor=approver, payment_list=payment_list)


@time_machine.travel(datetime.datetime(2026, 12, 10, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw")))
def test_the_list_and_the_debt_show_the_setoff(login: Any, accountant: User) -> None:
    _granted, debt = _debtor_with_award()
    _run(DECEMBER)
    item = _only_item()
    client = login(accountant)
    url = reverse("payments:list_detail", args=[item.payment_list_id])
    page = client.get(url).content.decode()
    assert f"potrącono {format_pln(Decimal('600.00'))}" in page
    assert f"do wypłaty pozostaje {format_pln(Decimal('113.00'))}" in page
    export = client.get(url, {"format": "csv"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, (row,) = rows[0], rows[1:]
    columns = dict(zip(header, row, strict=True))
    assert (columns["Kwota"], columns["Potrącenie"], columns["Do wypłaty"]) == (
        "713.00",
        "600.00",
        "113.00",
    )
    # The debt's ledger names the payment, from its day on.
    ledger = client.get(reverse("payments:debt_detail", args=[debt.pk]), {"na_dzien": "2026-12-10"})
    debt_page = ledger.content.decode()
    assert f"Potrącenie z wypłaty {item.reference}" in debt_page
    # And the payments set off, with the list not approved yet.
    assert "Potrącenia z wypłacanych świadczeń" in debt_page
    assert item.payment_list.number in debt_page
    assert "lista jeszcze niezatwierdzona" in debt_page


def test_a_returned_transfer_paid_again_keeps_its_setoff_counted_once() -> None:
    _granted, debt = _debtor_with_award()
    _run(DECEMBER)
    returned = _only_item()
    # The bank returned the 113,00 zł transferred; it is paid again at the cash desk. (The list's
    # way to "paid" is the lists' tests'; here it is put there directly.)
    PaymentList.objects.filter(pk=returned.payment_list_id).update(
        state=ListState.PAID,
        prepared_by=staff(username="przygotowala", role=Role.BENEFITS_CLERK),
        approved_by=staff(username="zatwierdzila"),
    )
    PaymentItem.objects.filter(pk=returned.pk).update(state=ItemState.RETURNED)
    again = marks.payment_item_reissue(
        actor=staff(username="kasjerka"),
        item=returned,
        channel=Channel.CASH,
        today=D(2026, 12, 14),
    )
    assert (again.amount, again.setoff, again.setoff_debt_id) == (
        Decimal("713.00"),
        Decimal("600.00"),
        debt.pk,
    )
    assert again.payable == Decimal("113.00")
    # The 600,00 zł set off is counted once (by the new item): repaid 600,00, no excess.
    ledger = debts_on([debt], D(2026, 12, 31))[0].ledger
    assert (ledger.repaid, ledger.excess, ledger.owed) == (
        Decimal("600.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )
