"""The demo's payments: the centre's account, and two debts of undue benefits brought from
paper, so that the recovery's pages show one overdue and one in time, loaded once."""

import datetime
import io
from collections.abc import Iterator
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from pytest_django import DjangoDbBlocker

from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.payments.models import PaymentSettings
from ostoja.payments.recovery.debts import debts_on, visible_debts
from ostoja.payments.recovery.ledger import STATE_CURRENT, STATE_OVERDUE

TODAY = datetime.date(2026, 6, 17)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    """Seed once for the module on a fixed day, inside a transaction rolled back at the end."""
    output = io.StringIO()
    with (
        time_machine.travel(datetime.datetime(2026, 6, 17, 10, 0, tzinfo=datetime.UTC), tick=False),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


def test_the_demo_centre_has_its_account_and_two_debts(demo: str) -> None:
    assert PaymentSettings.objects.get().centre_account
    assert "2 należności z tytułu świadczeń nienależnych wprowadzone z dokumentów" in demo
    accountant = User.objects.filter(role=Role.ACCOUNTING).get()
    debts = {debt.decision.act: debt.ledger for debt in debts_on(visible_debts(accountant), TODAY)}
    assert set(debts) == {"ups", "usr"}
    pension = debts["ups"]
    # 900,00 in 6 instalments of 150,00 from 17 March; two repaid, the third (17 May) overdue.
    assert pension.owed == Decimal("600.00")
    assert pension.state == STATE_OVERDUE
    assert pension.overdue_principal == Decimal("150.00")
    family = debts["usr"]
    # 450,00 due on 17 July, with interest from 1 May: 48 days to 17 June (31 + 17) at the rate
    # of the day; the interest is only a few złoty and nothing is overdue.
    assert family.state == STATE_CURRENT
    assert family.principal_outstanding == Decimal("450.00")
    assert Decimal("0") < family.interest_outstanding < Decimal("10")
