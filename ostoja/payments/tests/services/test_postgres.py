"""The run under pressure, on PostgreSQL with real transactions: twenty runs of one month at
the same moment make one list per channel with each entitlement once; a worker process killed
at a random item (twenty times) leaves no list visible, and the next run completes the lists
with nothing twice. Skipped on SQLite."""

import datetime
import os
import random
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

from ostoja.benefits.models import PaymentMethod
from ostoja.core import policy
from ostoja.payments.models import (
    ListState,
    Overpayment,
    PaymentItem,
    PaymentList,
    PaymentRun,
    PaymentSettings,
    RunState,
)
from ostoja.payments.services import runs
from ostoja.payments.tests.concurrency import at_once
from ostoja.payments.tests.factories import award, staff

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
D = datetime.date
DECEMBER = D(2026, 12, 1)
ENTITLEMENTS = 30
BASE_DIR = Path(settings.BASE_DIR)


def _awards() -> Decimal:
    """ENTITLEMENTS awards of 100.00, 101.00, … zł, two in three by transfer; their sum."""
    total = Decimal(0)
    for index in range(ENTITLEMENTS):
        amount = Decimal(100 + index)
        method = PaymentMethod.CASH if index % 3 == 0 else PaymentMethod.BANK
        award(amount=f"{amount:.2f}", valid_from=DECEMBER, method=method)
        total += amount
    return total


def _check_lists(expected_total: Decimal) -> None:
    lists = list(PaymentList.objects.all())
    # One list per channel: transfers and the cash desk.
    assert sorted(pl.channel for pl in lists) == ["kasa", "przelew"]
    assert {pl.state for pl in lists} == {ListState.DRAFT}
    items = PaymentItem.objects.all()
    assert items.count() == ENTITLEMENTS
    assert items.values("person", "benefit", "service_month").distinct().count() == ENTITLEMENTS
    assert sum(pl.total for pl in lists) == expected_total
    for payment_list in lists:
        own = list(payment_list.items.values_list("amount", flat=True))
        assert payment_list.item_count == len(own)
        assert payment_list.total == sum(own)


def test_twenty_runs_of_one_month_at_once_make_each_item_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = _awards()
    monkeypatch.setattr(runs, "BATCH_SIZE", 4)
    run = runs.payment_run_start(actor=staff(username="ksiegowa"), month=DECEMBER)
    outcomes = at_once(
        [lambda: runs.payment_run_execute(run.pk, today=DECEMBER) for _ in range(20)]
    )
    assert all(isinstance(outcome, PaymentRun) for outcome in outcomes), outcomes
    _check_lists(expected)
    assert PaymentRun.objects.get().state == RunState.DONE


_KILLER = textwrap.dedent(
    """
    import os, sys
    import django
    django.setup()
    from ostoja.payments.services import generation, runs

    kill_at = int(sys.argv[1])
    runs.BATCH_SIZE = int(sys.argv[2])
    added = {"n": 0}
    original = generation.add_items

    def add_then_die(items):
        if added["n"] + len(items) >= kill_at:
            # Part of this batch goes in, then the process dies inside the transaction.
            original(items[: kill_at - added["n"]])
            os._exit(9)
        added["n"] += len(items)
        original(items)

    generation.add_items = add_then_die
    runs.payment_run_execute(int(sys.argv[3]))
    """
)


def _database_url() -> str:
    """The test database, in the form the settings read: the URL the tests were started with,
    naming the test database instead of the real one."""
    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path=f"/{connection.settings_dict['NAME']}"))


def _kill_run_at(item: int, run_id: int) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
    }
    done = subprocess.run(
        [sys.executable, "-c", _KILLER, str(item), "7", str(run_id)],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done


def _forget_payments() -> None:
    PaymentItem.objects.all().delete()
    Overpayment.objects.all().delete()
    PaymentList.objects.all().delete()
    PaymentRun.objects.all().delete()
    PaymentSettings.objects.filter(pk=1).update(first_month=None, first_run_at=None)


def test_a_worker_killed_at_a_random_item_leaves_nothing_half_made() -> None:
    expected = _awards()
    accountant = staff(username="ksiegowa")
    chooser = random.Random(2026)
    for _attempt in range(20):
        _forget_payments()
        run = runs.payment_run_start(actor=accountant, month=DECEMBER)
        # The immediate backend ran the month at once; start from nothing again, with the
        # run queued, as a worker would find it.
        PaymentItem.objects.all().delete()
        PaymentList.objects.all().delete()
        PaymentRun.objects.filter(pk=run.pk).update(state=RunState.QUEUED)
        kill_at = chooser.randint(1, ENTITLEMENTS)
        killed = _kill_run_at(kill_at, run.pk)
        assert killed.returncode == 9, killed.stderr[-2000:]
        # Whatever the worker left, no page shows a list.
        assert not policy.visible_to(accountant, PaymentList).exists()
        assert not PaymentList.objects.exclude(state=ListState.GENERATING).exists()
        assert PaymentItem.objects.count() < ENTITLEMENTS
        retried = runs.payment_run_execute(run.pk, today=DECEMBER)
        assert retried.state == RunState.DONE, retried.error
        _check_lists(expected)
