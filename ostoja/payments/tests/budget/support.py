# mypy: allow-untyped-calls
"""Payment lists taken along their way for the budget's tests: generated from awards,
prepared by a benefits clerk, approved and sent to the bank by an accountant, paid. The
bank file is made on the eve of the payment day, as the office does."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine

from ostoja.accounts.models import User
from ostoja.payments.models import BudgetPlan, ListState, PaymentList, PaymentSettings
from ostoja.payments.services import exports, lists, runs
from ostoja.registry.tests.factories import make_nrb

D = datetime.date
WARSAW = ZoneInfo("Europe/Warsaw")
NOVEMBER = D(2026, 11, 1)
DECEMBER = D(2026, 12, 1)
# The default classification of zasiłek stały (`ostoja.payments.defaults`).
PERMANENT = ("852", "85216", "3110")
# Zasiłek okresowy and celowy: one classification, two sources.
PERIODIC = ("852", "85214", "3110")


def generate(clerk: User, month: datetime.date) -> list[PaymentList]:
    """The month's draft lists, by payment date."""
    PaymentSettings.objects.filter(pk=1).update(centre_account=make_nrb(900))
    runs.payment_run_execute(runs.payment_run_start(actor=clerk, month=month).pk, today=month)
    drafts = PaymentList.objects.filter(month=month, state=ListState.DRAFT)
    return list(drafts.order_by("payment_date", "pk"))


def _eve(payment_list: PaymentList) -> time_machine.travel:
    eve = payment_list.payment_date - datetime.timedelta(days=1)
    return time_machine.travel(datetime.datetime.combine(eve, datetime.time(9), WARSAW), tick=False)


# The way of a transfer list, step by step.
WAY = (ListState.DRAFT, ListState.PREPARED, ListState.APPROVED, ListState.EXPORTED, ListState.PAID)


def advance(
    payment_list: PaymentList,
    *,
    to: ListState,
    clerk: User,
    accountant: User,
    paid_on: datetime.date | None = None,
) -> PaymentList:
    """Take the list from where it is to `to`: the clerk prepares, the accountant approves,
    sends the bank file on the eve of the payment day, and marks it paid (on its payment
    date unless `paid_on`)."""
    with _eve(payment_list):
        while payment_list.state != to:
            state = ListState(payment_list.state)
            if state == ListState.DRAFT:
                lists.payment_list_prepare(actor=clerk, payment_list=payment_list)
            elif state == ListState.PREPARED:
                lists.payment_list_approve(actor=accountant, payment_list=payment_list)
            elif state == ListState.APPROVED:
                exports.payment_list_bank_file(
                    actor=accountant, payment_list=payment_list, file_format="elixir"
                )
            elif state == ListState.EXPORTED:
                lists.payment_list_mark_paid(
                    actor=accountant,
                    payment_list=payment_list,
                    paid_on=paid_on or payment_list.payment_date,
                )
            else:
                raise ValueError(f"a list {state} goes no further")
            payment_list = PaymentList.objects.get(pk=payment_list.pk)
    return payment_list


def pay(
    payment_list: PaymentList,
    *,
    clerk: User,
    accountant: User,
    paid_on: datetime.date | None = None,
) -> PaymentList:
    return advance(
        payment_list, to=ListState.PAID, clerk=clerk, accountant=accountant, paid_on=paid_on
    )


def plan(
    classification: tuple[str, str, str],
    amount: str,
    *,
    year: int = 2026,
    funding: str = "",
) -> BudgetPlan:
    """A plan row written directly: the services have tests of their own."""
    section, chapter, paragraph = classification
    return BudgetPlan.objects.create(
        year=year,
        section=section,
        chapter=chapter,
        paragraph=paragraph,
        funding=funding,
        amount=Decimal(amount),
    )
