"""The schedule of an entitlement, each expected amount worked out by hand from art. 106 ust. 3
u.p.s.: a full month is the full amount; an incomplete one is the amount divided by the month's
calendar days times the days covered, rounded half-up to the grosz."""

import datetime
from decimal import Decimal

from ostoja.payments.schedule import Segment, monthly_schedule, one_off_due, part_of_month

D = datetime.date


def test_full_months_are_owed_the_full_amount() -> None:
    segment = Segment(award_id=1, amount=Decimal("713.00"), valid_from=D(2026, 1, 1), valid_to=None)
    schedule = monthly_schedule([segment], through=D(2026, 3, 20))
    assert list(schedule.dues) == [D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)]
    assert {due.amount for due in schedule.dues.values()} == {Decimal("713.00")}
    assert schedule.pending == frozenset()


def test_an_incomplete_first_month_is_owed_by_its_days() -> None:
    # February 2026 has 28 days; 10–28 February is 19 days: 713.00 × 19 / 28 = 13 547 / 28
    # = 483.8214… → 483.82 zł.
    segment = Segment(
        award_id=1, amount=Decimal("713.00"), valid_from=D(2026, 2, 10), valid_to=None
    )
    schedule = monthly_schedule([segment], through=D(2026, 3, 1))
    assert schedule.dues[D(2026, 2, 1)].amount == Decimal("483.82")
    assert schedule.dues[D(2026, 2, 1)].parts[0].days == 19
    assert schedule.dues[D(2026, 2, 1)].parts[0].of_days == 28
    assert schedule.dues[D(2026, 3, 1)].amount == Decimal("713.00")


def test_a_change_within_a_month_owes_both_parts_each_rounded() -> None:
    # March has 31 days. 1–14 March at 500.00: 500 × 14 / 31 = 7 000 / 31 = 225.806… → 225.81;
    # 15–31 March (17 days) at 600.00: 600 × 17 / 31 = 10 200 / 31 = 329.032… → 329.03;
    # together 554.84 zł, paid with the terms of the later segment.
    old = Segment(
        award_id=1, amount=Decimal("500.00"), valid_from=D(2026, 1, 1), valid_to=D(2026, 3, 14)
    )
    new = Segment(award_id=2, amount=Decimal("600.00"), valid_from=D(2026, 3, 15), valid_to=None)
    schedule = monthly_schedule([new, old], through=D(2026, 4, 30))
    march = schedule.dues[D(2026, 3, 1)]
    assert [part.amount for part in march.parts] == [Decimal("225.81"), Decimal("329.03")]
    assert march.amount == Decimal("554.84")
    assert march.award_id == 2
    assert schedule.dues[D(2026, 2, 1)].amount == Decimal("500.00")
    assert schedule.dues[D(2026, 4, 1)].amount == Decimal("600.00")


def test_the_last_month_of_a_segment_is_owed_to_its_last_day() -> None:
    # Ends 10 April 2026: 10 of 30 days of 900.00 = 9 000 / 30 = 300.00 zł; nothing for May.
    segment = Segment(
        award_id=1, amount=Decimal("900.00"), valid_from=D(2026, 1, 1), valid_to=D(2026, 4, 10)
    )
    schedule = monthly_schedule([segment], through=D(2026, 6, 1))
    assert schedule.dues[D(2026, 4, 1)].amount == Decimal("300.00")
    assert D(2026, 5, 1) not in schedule.dues


def test_half_a_grosz_rounds_up() -> None:
    # 1 day of 30 of 0.15 zł = 0.005 → 0.01 zł (half-up), not 0.00 (banker's rounding).
    segment = Segment(award_id=1, amount=Decimal("0.15"), valid_from=D(2026, 4, 30), valid_to=None)
    part = part_of_month(segment, D(2026, 4, 1))
    assert part is not None
    assert part.amount == Decimal("0.01")


def test_a_suspended_segment_is_owed_nothing() -> None:
    running = Segment(
        award_id=1, amount=Decimal("600.00"), valid_from=D(2026, 1, 1), valid_to=D(2026, 1, 31)
    )
    suspended = Segment(
        award_id=2,
        amount=Decimal("600.00"),
        valid_from=D(2026, 2, 1),
        valid_to=None,
        suspended=True,
    )
    schedule = monthly_schedule([running, suspended], through=D(2026, 2, 28))
    assert schedule.dues[D(2026, 1, 1)].amount == Decimal("600.00")
    assert schedule.dues[D(2026, 2, 1)].amount == Decimal("0.00")


def test_a_month_with_a_segment_not_yet_payable_is_left_out_whole() -> None:
    old = Segment(
        award_id=1, amount=Decimal("500.00"), valid_from=D(2026, 1, 1), valid_to=D(2026, 2, 14)
    )
    new = Segment(
        award_id=2,
        amount=Decimal("600.00"),
        valid_from=D(2026, 2, 15),
        valid_to=None,
        payable=False,
    )
    schedule = monthly_schedule([old, new], through=D(2026, 3, 31))
    assert list(schedule.dues) == [D(2026, 1, 1)]
    assert schedule.pending == {D(2026, 2, 1), D(2026, 3, 1)}


def test_months_paid_before_ostoja_are_not_looked_at() -> None:
    segment = Segment(
        award_id=1,
        amount=Decimal("713.00"),
        valid_from=D(2025, 6, 1),
        valid_to=None,
        counted_from=D(2026, 1, 1),
    )
    schedule = monthly_schedule([segment], through=D(2026, 2, 1))
    assert list(schedule.dues) == [D(2026, 1, 1), D(2026, 2, 1)]


def test_nothing_is_owed_after_the_month_of_the_run() -> None:
    segment = Segment(award_id=1, amount=Decimal("713.00"), valid_from=D(2026, 5, 1), valid_to=None)
    assert monthly_schedule([segment], through=D(2026, 4, 30)).dues == {}


def test_a_one_off_benefit_is_owed_once_in_its_month() -> None:
    segment = Segment(
        award_id=7,
        amount=Decimal("350.00"),
        valid_from=D(2026, 3, 17),
        valid_to=None,
        monthly=False,
    )
    assert one_off_due(segment, through=D(2026, 2, 28)) is None
    due = one_off_due(segment, through=D(2026, 4, 30))
    assert due is not None
    assert (due.month, due.amount, due.award_id) == (D(2026, 3, 1), Decimal("350.00"), 7)


def test_a_one_off_benefit_waits_for_its_decision_and_skips_what_was_paid_before() -> None:
    waiting = Segment(
        award_id=7,
        amount=Decimal("350.00"),
        valid_from=D(2026, 3, 17),
        valid_to=None,
        monthly=False,
        payable=False,
    )
    assert one_off_due(waiting, through=D(2026, 4, 30)) is None
    before = Segment(
        award_id=8,
        amount=Decimal("350.00"),
        valid_from=D(2025, 12, 17),
        valid_to=None,
        monthly=False,
        counted_from=D(2026, 1, 1),
    )
    assert one_off_due(before, through=D(2026, 4, 30)) is None
