"""The year's execution against the plan, read from the payments made, and the warnings of a
list that would go past the plan. Every figure is worked out by hand in the test."""

from decimal import Decimal
from typing import Any

import pytest

from ostoja.accounts.models import User
from ostoja.core.money import format_pln
from ostoja.payments.budget import budget_execution, budget_warnings
from ostoja.payments.models import ItemState, ListState, PaymentItem
from ostoja.payments.services import marks
from ostoja.payments.tests.budget.support import (
    DECEMBER,
    NOVEMBER,
    PERIODIC,
    PERMANENT,
    D,
    advance,
    generate,
    pay,
    plan,
)
from ostoja.payments.tests.factories import award

pytestmark = pytest.mark.django_db
ZERO = Decimal("0.00")


def _two_permanent_allowances() -> None:
    award(amount="713.00", valid_from=DECEMBER)
    award(amount="1229.00", valid_from=DECEMBER)


def test_the_payments_of_december_against_the_plan(benefits_clerk: User, accountant: User) -> None:
    plan(PERMANENT, "10000.00")
    _two_permanent_allowances()
    (december,) = generate(benefits_clerk, DECEMBER)
    pay(december, clerk=benefits_clerk, accountant=accountant, paid_on=D(2026, 12, 10))

    execution = budget_execution(2026)

    (line,) = execution.lines
    assert line.classification == "852/85216/3110"
    assert line.planned
    # Plan 10 000,00 zł; paid 713,00 + 1 229,00 in December = 1 942,00 executed, nothing in
    # the other months, nothing committed; remaining 10 000,00 − 1 942,00 = 8 058,00 zł;
    # 1 942 / 10 000 = 19,42 %.
    assert line.plan == Decimal("10000.00")
    assert line.months == [ZERO] * 11 + [Decimal("1942.00")]
    assert line.executed == Decimal("1942.00")
    assert line.committed == ZERO
    assert line.remaining == Decimal("8058.00")
    assert line.percent == Decimal("19.42")
    assert line.percent_text == "19,42\xa0%"
    assert not line.over_plan
    assert execution.total.executed == Decimal("1942.00")
    assert execution.total.remaining == Decimal("8058.00")


def test_a_year_without_payments_or_plan_is_empty() -> None:
    execution = budget_execution(2026)
    assert execution.lines == []
    assert not execution.has_plan
    assert execution.total.executed == ZERO
    assert execution.total.percent is None


def test_each_month_counts_what_was_paid_in_it(benefits_clerk: User, accountant: User) -> None:
    plan(PERMANENT, "10000.00")
    award(amount="700.00", valid_from=NOVEMBER)
    (november,) = generate(benefits_clerk, NOVEMBER)
    pay(november, clerk=benefits_clerk, accountant=accountant, paid_on=D(2026, 11, 10))
    (december,) = generate(benefits_clerk, DECEMBER)
    pay(december, clerk=benefits_clerk, accountant=accountant, paid_on=D(2026, 12, 10))

    (line,) = budget_execution(2026).lines

    # 700,00 paid on 10.11 and 700,00 on 10.12: 1 400,00 executed, 14,00 % of 10 000,00.
    assert line.months[10] == Decimal("700.00")
    assert line.months[11] == Decimal("700.00")
    assert line.executed == Decimal("1400.00")
    assert line.percent == Decimal("14.00")
    # Nothing of 2026 shows in 2027's budget.
    assert budget_execution(2027).lines == []


def test_a_transfer_returned_after_it_was_paid_leaves_the_execution(
    benefits_clerk: User, accountant: User
) -> None:
    plan(PERMANENT, "10000.00")
    _two_permanent_allowances()
    (december,) = generate(benefits_clerk, DECEMBER)
    pay(december, clerk=benefits_clerk, accountant=accountant)
    returned = PaymentItem.objects.get(amount=Decimal("713.00"))
    marks.payment_item_mark_returned(
        actor=accountant, item=returned, returned_on=D(2026, 12, 14), note="rachunek zamknięty"
    )

    (line,) = budget_execution(2026).lines

    # The 713,00 came back: 1 942,00 − 713,00 = 1 229,00 executed, in December where it was
    # paid; remaining 10 000,00 − 1 229,00 = 8 771,00; 12,29 %.
    assert line.months[11] == Decimal("1229.00")
    assert line.executed == Decimal("1229.00")
    assert line.remaining == Decimal("8771.00")
    assert line.percent == Decimal("12.29")


def test_approved_and_sent_lists_are_committed_until_paid(
    benefits_clerk: User, accountant: User
) -> None:
    plan(PERMANENT, "10000.00")
    _two_permanent_allowances()
    (december,) = generate(benefits_clerk, DECEMBER)

    december = advance(december, to=ListState.PREPARED, clerk=benefits_clerk, accountant=accountant)
    # Prepared, not approved: nothing committed yet.
    assert budget_execution(2026).lines[0].committed == ZERO

    for state in (ListState.APPROVED, ListState.EXPORTED):
        december = advance(december, to=state, clerk=benefits_clerk, accountant=accountant)
        (line,) = budget_execution(2026).lines
        # Approved or sent to the bank, not yet paid: 1 942,00 committed, 0 executed;
        # remaining 10 000,00 − 0 − 1 942,00 = 8 058,00; executed 0,00 %.
        assert line.committed == Decimal("1942.00")
        assert line.executed == ZERO
        assert line.remaining == Decimal("8058.00")
        assert line.percent == Decimal("0.00")

    advance(december, to=ListState.PAID, clerk=benefits_clerk, accountant=accountant)
    (line,) = budget_execution(2026).lines
    assert (line.committed, line.executed) == (ZERO, Decimal("1942.00"))


def test_a_classification_paid_without_a_plan_shows_with_plan_zero(
    benefits_clerk: User, accountant: User
) -> None:
    plan(PERMANENT, "10000.00")
    _two_permanent_allowances()
    award(benefit="zasilek_okresowy", amount="500.00", valid_from=DECEMBER)
    (december,) = generate(benefits_clerk, DECEMBER)
    pay(december, clerk=benefits_clerk, accountant=accountant)

    execution = budget_execution(2026)

    unplanned, permanent = execution.lines
    assert unplanned.classification == "852/85214/3110"
    assert not unplanned.planned
    assert (unplanned.plan, unplanned.executed) == (ZERO, Decimal("500.00"))
    # 0 − 500,00: 500,00 over a plan that is not there; no percentage of nothing.
    assert unplanned.remaining == Decimal("-500.00")
    assert unplanned.over_plan
    assert unplanned.percent is None
    assert unplanned.percent_text == "—"
    assert permanent.executed == Decimal("1942.00")
    # Together: plan 10 000,00; executed 1 942,00 + 500,00 = 2 442,00; remaining 7 558,00;
    # 24,42 %.
    assert execution.total.plan == Decimal("10000.00")
    assert execution.total.executed == Decimal("2442.00")
    assert execution.total.remaining == Decimal("7558.00")
    assert execution.total.percent == Decimal("24.42")


def test_a_plan_split_by_source_counts_each_source_apart(
    benefits_clerk: User, accountant: User
) -> None:
    # 852/85214/3110: zasiłek okresowy is an own task financed by the subsidy, zasiłek
    # celowy an own task (the default settings).
    plan(PERIODIC, "3000.00", funding="wlasne_dotacja")
    plan(PERIODIC, "2000.00", funding="wlasne")
    award(benefit="zasilek_okresowy", amount="500.00", valid_from=DECEMBER)
    award(benefit="zasilek_celowy", amount="300.00", valid_from=D(2026, 12, 3))
    award(benefit="zasilek_celowy", amount="150.00", valid_from=D(2026, 12, 3))
    (december,) = generate(benefits_clerk, DECEMBER)
    pay(december, clerk=benefits_clerk, accountant=accountant)

    own, subsidised = budget_execution(2026).lines

    # Own task: 300,00 + 150,00 = 450,00 of 2 000,00, 22,50 %; subsidised: 500,00 of
    # 3 000,00, 16,67 % (16,666… rounded half up).
    assert (own.funding, own.executed, own.percent) == (
        "wlasne",
        Decimal("450.00"),
        Decimal("22.50"),
    )
    assert (subsidised.funding, subsidised.executed, subsidised.percent) == (
        "wlasne_dotacja",
        Decimal("500.00"),
        Decimal("16.67"),
    )
    assert own.label == "852/85214/3110 (zadanie własne)"


def test_a_source_left_out_of_a_split_plan_shows_apart_with_plan_zero(
    benefits_clerk: User, accountant: User
) -> None:
    plan(PERIODIC, "3000.00", funding="wlasne_dotacja")
    award(benefit="zasilek_okresowy", amount="500.00", valid_from=DECEMBER)
    award(benefit="zasilek_celowy", amount="300.00", valid_from=D(2026, 12, 3))
    (december,) = generate(benefits_clerk, DECEMBER)
    pay(december, clerk=benefits_clerk, accountant=accountant)

    own, subsidised = budget_execution(2026).lines

    assert (own.funding, own.planned, own.executed) == ("wlasne", False, Decimal("300.00"))
    assert (subsidised.planned, subsidised.executed) == (True, Decimal("500.00"))


# ---------------------------------------------------------------------------------------------
# Warnings of a list
# ---------------------------------------------------------------------------------------------


def test_a_prepared_list_that_would_pass_the_plan_is_warned_of(
    benefits_clerk: User, accountant: User
) -> None:
    plan(PERMANENT, "1500.00")
    _two_permanent_allowances()
    (december,) = generate(benefits_clerk, DECEMBER)
    december = advance(december, to=ListState.PREPARED, clerk=benefits_clerk, accountant=accountant)

    (warning,) = budget_warnings(december)

    # Plan 1 500,00; nothing paid or committed yet; this list 713,00 + 1 229,00 = 1 942,00:
    # 1 942,00 − 1 500,00 = 442,00 over the plan.
    assert warning.classification == "852/85216/3110"
    assert warning.year == 2026
    assert (warning.plan, warning.executed, warning.committed) == (Decimal("1500.00"), ZERO, ZERO)
    assert warning.this_list == Decimal("1942.00")
    assert warning.excess == Decimal("442.00")
    assert format_pln(Decimal("442.00")) in warning.message
    assert format_pln(Decimal("1500.00")) in warning.message
    assert "852/85216/3110" in warning.message


def test_what_was_paid_and_committed_counts_towards_the_warning(
    benefits_clerk: User, accountant: User
) -> None:
    plan(PERMANENT, "2000.00")
    award(amount="700.00", valid_from=NOVEMBER)
    (november,) = generate(benefits_clerk, NOVEMBER)
    pay(november, clerk=benefits_clerk, accountant=accountant)
    award(amount="713.00", valid_from=DECEMBER)
    (december,) = generate(benefits_clerk, DECEMBER)

    (warning,) = budget_warnings(december)

    # Paid 700,00 in November; the December draft: 700,00 + 713,00 = 1 413,00;
    # 700,00 + 1 413,00 = 2 113,00, 113,00 over the plan of 2 000,00.
    assert warning.executed == Decimal("700.00")
    assert warning.this_list == Decimal("1413.00")
    assert warning.excess == Decimal("113.00")


def test_a_list_within_the_plan_is_not_warned_of_nor_counted_twice(
    benefits_clerk: User, accountant: User
) -> None:
    plan(PERMANENT, "1942.00")
    _two_permanent_allowances()
    (december,) = generate(benefits_clerk, DECEMBER)
    approved = advance(december, to=ListState.APPROVED, clerk=benefits_clerk, accountant=accountant)

    # Approved, the list is committed: 1 942,00 of the plan 1 942,00, exactly the plan; its
    # own items are not counted again as another list's commitment.
    assert budget_execution(2026).lines[0].remaining == ZERO
    assert budget_warnings(approved) == []


def test_a_classification_without_a_plan_row_is_warned_of(
    benefits_clerk: User, accountant: User
) -> None:
    plan(PERIODIC, "5000.00")
    award(amount="713.00", valid_from=DECEMBER)
    (december,) = generate(benefits_clerk, DECEMBER)

    (warning,) = budget_warnings(december)

    assert not warning.planned
    assert (warning.plan, warning.excess) == (ZERO, Decimal("713.00"))
    assert "852/85216/3110" in warning.message


def test_no_warning_without_any_plan_of_the_year_nor_for_a_paid_list(
    benefits_clerk: User, accountant: User
) -> None:
    _two_permanent_allowances()
    (december,) = generate(benefits_clerk, DECEMBER)
    # The centre keeps no plan for 2026 in Ostoja: no warning on every list.
    assert budget_warnings(december) == []
    plan(PERMANENT, "1000.00")
    assert len(budget_warnings(december)) == 1
    paid = pay(december, clerk=benefits_clerk, accountant=accountant)
    assert budget_warnings(paid) == []
    assert set(paid.items.values_list("state", flat=True)) == {ItemState.PAID}


def test_the_execution_takes_three_queries_however_many_payments(
    benefits_clerk: User, accountant: User, django_assert_num_queries: Any
) -> None:
    plan(PERMANENT, "10000.00")
    _two_permanent_allowances()
    award(benefit="zasilek_okresowy", amount="500.00", valid_from=DECEMBER)
    (december,) = generate(benefits_clerk, DECEMBER)
    pay(december, clerk=benefits_clerk, accountant=accountant)
    # The plan, the payments grouped by classification and month, the commitments grouped.
    with django_assert_num_queries(3):
        execution = budget_execution(2026)
        assert len(execution.lines) == 2
