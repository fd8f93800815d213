"""The debts as the database holds them: an issued undue-benefit decision is a debt until the
board quashes it; the relief decisions issued on it act on its ledger; each role sees the debts
of its scope."""

import datetime
from decimal import Decimal

import pytest

from ostoja.accounts.models import User
from ostoja.benefits.models import Appeal, AppealOutcome, Relief
from ostoja.payments.recovery.debts import debts_on, totals_of, visible_debts
from ostoja.payments.recovery.ledger import STATE_OVERDUE, STATE_WAIVED
from ostoja.payments.tests.recovery.factories import relief, undue_debt

pytestmark = pytest.mark.django_db
D = datetime.date


def test_an_issued_undue_decision_is_a_debt_until_the_board_quashes_it(
    accountant: User,
) -> None:
    kept, quashed = undue_debt(), undue_debt()
    Appeal.objects.create(
        decision=quashed,
        received_on=D(2026, 3, 10),
        sent_on=D(2026, 3, 12),
        outcome=AppealOutcome.RETURNED,
        outcome_on=D(2026, 4, 20),
        recorded_by=accountant,
    )
    assert list(visible_debts(accountant)) == [kept]


def test_the_roles_that_pay_see_the_debts_and_others_none(
    accountant: User, benefits_clerk: User, director: User, social_worker: User, iod: User
) -> None:
    debt = undue_debt()
    for user in (accountant, benefits_clerk, director):
        assert list(visible_debts(user)) == [debt]
    for user in (social_worker, iod):
        assert not visible_debts(user).exists()


def test_a_relief_counts_from_the_day_it_is_issued_and_only_when_issued(
    accountant: User,
) -> None:
    debt = undue_debt(amount="600.00", repay_by=D(2026, 4, 1))
    relief(debt, kind=Relief.WAIVER, issued_on=D(2026, 5, 4), amount="200.00")
    relief(debt, kind=Relief.WAIVER, issued_on=D(2026, 5, 4), amount="100.00", issued=False)
    before, after = (
        debts_on([debt], D(2026, 5, 3))[0].ledger,
        debts_on([debt], D(2026, 5, 4))[0].ledger,
    )
    # 600,00 overdue since 2 April; on 4 May 200,00 is waived (the draft waiving 100,00 more
    # counts for nothing): 400,00 owed, still overdue.
    assert (before.owed, after.owed) == (Decimal("600.00"), Decimal("400.00"))
    assert after.state == STATE_OVERDUE


def test_the_totals_add_the_debts_of_the_day(accountant: User) -> None:
    first = undue_debt(amount="600.00", repay_by=D(2026, 4, 1))
    second = undue_debt(amount="250.00", repay_by=D(2026, 6, 1))
    waived = undue_debt(amount="90.00")
    relief(waived, kind=Relief.WAIVER, issued_on=D(2026, 3, 20))
    debts = debts_on([first, second, waived], D(2026, 5, 1))
    assert debts[2].ledger.state == STATE_WAIVED
    totals = totals_of(debts, D(2026, 5, 1))
    # Owed 600,00 + 250,00 = 850,00; overdue only the first (due 1 April); 90,00 waived.
    assert (totals.count, totals.open_count, totals.overdue_count) == (3, 2, 1)
    assert totals.owed == Decimal("850.00")
    assert totals.overdue == Decimal("600.00")
    assert totals.waived == Decimal("90.00")
