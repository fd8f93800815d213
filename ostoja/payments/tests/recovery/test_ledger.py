"""The ledger of an undue benefit, worked by hand: the interest is simple, per day at the yearly
rate ÷ 365 on the principal still owed, both the first and the last day counted (the choices
of docs/legal/choices.md, "Undue benefits"); a repayment pays the interest first (art. 451 § 1
k.c.) or both in proportion; the instalments split the amount equally, the last one taking the
rounding (`benefits.repayment`). Each expected figure has its arithmetic beside it."""

import datetime
from decimal import Decimal

from ostoja.benefits.models import Relief
from ostoja.payments.recovery.ledger import (
    ORDER_PROPORTIONAL,
    STATE_ABANDONED,
    STATE_CURRENT,
    STATE_OVERDUE,
    STATE_PAID,
    STATE_WAIVED,
    Ledger,
    PaymentEvent,
    ReliefEvent,
    Terms,
    build_ledger,
)

D = datetime.date
ISSUED = D(2026, 3, 2)
DEADLINE = D(2026, 4, 1)


def ten_percent(day: datetime.date) -> Decimal:
    return Decimal("10.00")


def ten_then_eight(day: datetime.date) -> Decimal:
    return Decimal("10.00") if day < D(2026, 1, 16) else Decimal("8.00")


def terms(
    principal: str = "1000.00",
    *,
    repay_by: datetime.date = DEADLINE,
    instalments: int = 1,
    interest_from: datetime.date | None = None,
    established_on: datetime.date = ISSUED,
) -> Terms:
    return Terms(
        principal=Decimal(principal),
        established_on=established_on,
        repay_by=repay_by,
        instalments=instalments,
        interest_from=interest_from,
    )


def paid(on: datetime.date, amount: str, number: int = 1) -> PaymentEvent:
    return PaymentEvent(on=on, amount=Decimal(amount), repayment_id=number, label="wpłata")


def relief(
    on: datetime.date,
    kind: str,
    *,
    amount: str | None = None,
    repay_by: datetime.date | None = None,
    instalments: int = 1,
) -> ReliefEvent:
    return ReliefEvent(
        on=on,
        relief=kind,
        amount=Decimal(amount) if amount is not None else None,
        repay_by=repay_by,
        instalments=instalments,
        decision_id=99,
        number="GOPS.8311.99.2026",
    )


def ledger(
    debt: Terms,
    as_of: datetime.date,
    *,
    payments: tuple[PaymentEvent, ...] = (),
    reliefs: tuple[ReliefEvent, ...] = (),
    rate_on: object = ten_percent,
    changes: tuple[datetime.date, ...] = (),
    order: str = "odsetki_najpierw",
) -> Ledger:
    return build_ledger(
        terms=debt,
        reliefs=reliefs,
        payments=payments,
        as_of=as_of,
        rate_on=rate_on,  # type: ignore[arg-type]
        rate_changes=changes,
        order=order,
    )


def instalments_of(result: Ledger) -> list[tuple[datetime.date, str, str]]:
    return [(i.due_on, str(i.amount), str(i.outstanding)) for i in result.schedule]


# --- Without interest (social assistance) --------------------------------------------------


def test_before_the_deadline_the_whole_amount_is_owed_and_not_overdue() -> None:
    result = ledger(terms("600.00"), D(2026, 4, 1))
    assert result.owed == Decimal("600.00")
    assert result.interest_outstanding == Decimal("0.00")
    # The deadline itself is still in time: overdue only from the next day.
    assert result.state == STATE_CURRENT
    assert result.overdue_principal == Decimal("0.00")


def test_the_day_after_the_deadline_the_unpaid_amount_is_overdue() -> None:
    result = ledger(terms("600.00"), D(2026, 4, 2))
    assert result.state == STATE_OVERDUE
    assert result.overdue_principal == Decimal("600.00")


def test_without_interest_nothing_accrues_however_late() -> None:
    result = ledger(terms("600.00"), D(2027, 4, 2))
    assert result.owed == Decimal("600.00")
    assert result.interest_accrued == Decimal("0.00")


def test_a_repayment_after_the_day_shown_is_left_out() -> None:
    result = ledger(terms("600.00"), D(2026, 3, 20), payments=(paid(D(2026, 3, 21), "600.00"),))
    assert result.owed == Decimal("600.00")
    assert result.repaid == Decimal("0.00")


def test_repaid_in_full_ends_the_debt() -> None:
    result = ledger(terms("600.00"), D(2026, 5, 1), payments=(paid(D(2026, 3, 20), "600.00"),))
    assert result.state == STATE_PAID
    assert result.owed == Decimal("0.00")
    assert result.excess == Decimal("0.00")


def test_what_is_repaid_above_the_debt_is_an_excess_never_a_negative_debt() -> None:
    result = ledger(
        terms("600.00"),
        D(2026, 5, 1),
        payments=(paid(D(2026, 3, 20), "700.00"), paid(D(2026, 4, 2), "50.00", 2)),
    )
    # 700 − 600 = 100 above the debt; the later 50 falls on a debt already repaid: 150.
    assert result.principal_outstanding == Decimal("0.00")
    assert result.excess == Decimal("150.00")
    assert result.repaid == Decimal("750.00")
    assert result.state == STATE_PAID


# --- Instalments -------------------------------------------------------------------------


def test_the_instalments_split_equally_and_the_last_takes_the_rounding() -> None:
    result = ledger(terms(repay_by=D(2026, 4, 15), instalments=3), D(2026, 4, 1))
    # 1 000,00 ÷ 3 = 333,333… → 333,33 twice; 1 000,00 − 666,66 = 333,34.
    assert instalments_of(result) == [
        (D(2026, 4, 15), "333.33", "333.33"),
        (D(2026, 5, 15), "333.33", "333.33"),
        (D(2026, 6, 15), "333.34", "333.34"),
    ]


def test_a_repayment_covers_the_earliest_instalments_first() -> None:
    result = ledger(
        terms(repay_by=D(2026, 4, 15), instalments=3),
        D(2026, 5, 20),
        payments=(paid(D(2026, 4, 10), "400.00"),),
    )
    # 400,00 covers the first instalment (333,33) and 66,67 of the second: 333,33 − 66,67 =
    # 266,66 of the second is unpaid past 15 May.
    assert instalments_of(result) == [
        (D(2026, 4, 15), "333.33", "0.00"),
        (D(2026, 5, 15), "333.33", "266.66"),
        (D(2026, 6, 15), "333.34", "333.34"),
    ]
    assert result.overdue_principal == Decimal("266.66")
    assert result.state == STATE_OVERDUE
    # 1 000,00 − 400,00 = 600,00 still owed.
    assert result.owed == Decimal("600.00")
    assert result.next_instalment is not None
    assert result.next_instalment.due_on == D(2026, 5, 15)


def test_an_instalment_on_the_31st_falls_on_the_last_day_of_a_shorter_month() -> None:
    result = ledger(terms("300.00", repay_by=D(2026, 1, 31), instalments=3), D(2026, 1, 1))
    assert [i.due_on for i in result.schedule] == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31)]


# --- Statutory interest (family benefits) ------------------------------------------------


def test_interest_counts_both_the_first_and_the_last_day() -> None:
    result = ledger(terms(interest_from=D(2026, 1, 1)), D(2026, 1, 31))
    # 1 January to 31 January: 31 days. 1 000,00 × 10 % × 31 / 365 = 3 100 / 365 = 8,4931… → 8,49.
    assert result.interest_outstanding == Decimal("8.49")
    assert result.owed == Decimal("1008.49")


def test_the_first_day_alone_bears_a_day_of_interest() -> None:
    result = ledger(terms("36500.00", interest_from=D(2026, 1, 1)), D(2026, 1, 1))
    # 36 500,00 × 10 % × 1 / 365 = 10,00.
    assert result.interest_outstanding == Decimal("10.00")


def test_interest_follows_the_rate_in_force_on_each_day() -> None:
    result = ledger(
        terms(interest_from=D(2026, 1, 1)),
        D(2026, 1, 31),
        rate_on=ten_then_eight,
        changes=(D(2026, 1, 16),),
    )
    # 1–15 January at 10 %: 1 000 × 0,10 × 15 / 365 = 4,1095…;
    # 16–31 January at 8 %: 1 000 × 0,08 × 16 / 365 = 3,5068…; together 7,6164… → 7,62.
    assert result.interest_outstanding == Decimal("7.62")


def test_a_repayment_pays_the_interest_first_then_the_principal() -> None:
    result = ledger(
        terms(interest_from=D(2026, 1, 1)),
        D(2026, 3, 1),
        payments=(paid(D(2026, 1, 31), "500.00"),),
    )
    # On 31 January the interest is 8,49 (31 days, as above): 500,00 pays it and
    # 500,00 − 8,49 = 491,51 of the principal, leaving 1 000,00 − 491,51 = 508,49.
    # 1 February to 1 March: 29 days. 508,49 × 10 % × 29 / 365 = 1 474,621 / 365 = 4,0400… → 4,04.
    assert result.principal_outstanding == Decimal("508.49")
    assert result.interest_outstanding == Decimal("4.04")
    # 8,49 + 4,04 = 12,53 accrued in all.
    assert result.interest_accrued == Decimal("12.53")
    assert result.owed == Decimal("512.53")


def test_proportional_order_splits_a_repayment_by_what_is_owed_of_each() -> None:
    result = ledger(
        terms(interest_from=D(2026, 1, 1)),
        D(2026, 1, 31),
        payments=(paid(D(2026, 1, 31), "500.00"),),
        order=ORDER_PROPORTIONAL,
    )
    # Owed on 31 January: 1 000,00 + 8,49 = 1 008,49. To the interest 500,00 × 8,49 / 1 008,49
    # = 4,2093… → 4,21; to the principal 500,00 − 4,21 = 495,79.
    assert result.interest_outstanding == Decimal("8.49") - Decimal("4.21")
    assert result.principal_outstanding == Decimal("1000.00") - Decimal("495.79")


def test_interest_stops_when_the_debt_is_repaid() -> None:
    result = ledger(
        terms(interest_from=D(2026, 1, 1)),
        D(2026, 6, 30),
        payments=(paid(D(2026, 1, 31), "1008.49"),),
    )
    # 1 000,00 + 8,49 of 31 days' interest, paid on the 31st: nothing left to bear interest.
    assert result.state == STATE_PAID
    assert result.owed == Decimal("0.00")
    assert result.interest_accrued == Decimal("8.49")


def test_interest_before_the_decision_starts_the_ledger_on_its_first_day() -> None:
    result = ledger(terms(interest_from=D(2026, 1, 1)), D(2026, 1, 10))
    assert result.entries[0].on == D(2026, 1, 1)
    # 10 days: 1 000 × 0,10 × 10 / 365 = 2,7397… → 2,74.
    assert result.interest_outstanding == Decimal("2.74")


# --- Reliefs (art. 104 ust. 4 u.p.s., art. 30 ust. 9 u.ś.r.) ------------------------------


def test_a_partial_waiver_lowers_the_principal_and_the_instalments() -> None:
    result = ledger(
        terms(repay_by=D(2026, 4, 15), instalments=3),
        D(2026, 4, 1),
        reliefs=(relief(D(2026, 3, 20), Relief.WAIVER, amount="300.00"),),
    )
    # 1 000,00 − 300,00 = 700,00 in 3: 233,33 twice and 700,00 − 466,66 = 233,34.
    assert result.principal_outstanding == Decimal("700.00")
    assert result.waived == Decimal("300.00")
    assert [str(i.amount) for i in result.schedule] == ["233.33", "233.33", "233.34"]


def test_a_waiver_of_everything_ends_the_debt_with_its_interest() -> None:
    result = ledger(
        terms(interest_from=D(2026, 1, 1)),
        D(2026, 3, 1),
        reliefs=(relief(D(2026, 1, 31), Relief.WAIVER),),
        payments=(paid(D(2026, 2, 10), "20.00"),),
    )
    # Waived on 31 January: 1 000,00 and 8,49 of interest (31 days) = 1 008,49; nothing accrues
    # after; the 20,00 repaid later is above the debt.
    assert result.state == STATE_WAIVED
    assert result.waived == Decimal("1008.49")
    assert result.owed == Decimal("0.00")
    assert result.excess == Decimal("20.00")
    assert result.schedule == ()


def test_an_abandoned_demand_ends_the_debt() -> None:
    result = ledger(
        terms("600.00"),
        D(2026, 8, 1),
        payments=(paid(D(2026, 3, 10), "100.00"),),
        reliefs=(relief(D(2026, 3, 20), Relief.ABANDONMENT),),
    )
    # 600,00 − 100,00 repaid = 500,00 abandoned.
    assert result.state == STATE_ABANDONED
    assert result.waived == Decimal("500.00")
    assert result.owed == Decimal("0.00")


def test_a_deferral_moves_the_deadline() -> None:
    result = ledger(
        terms("600.00"),
        D(2026, 4, 15),
        reliefs=(relief(D(2026, 3, 20), Relief.DEFERRAL, repay_by=D(2026, 9, 30)),),
    )
    assert result.state == STATE_CURRENT
    assert instalments_of(result) == [(D(2026, 9, 30), "600.00", "600.00")]


def test_instalments_granted_later_spread_what_is_still_owed() -> None:
    result = ledger(
        terms("1000.00"),
        D(2026, 5, 10),
        payments=(paid(D(2026, 3, 10), "100.00"), paid(D(2026, 4, 28), "300.00", 2)),
        reliefs=(
            relief(D(2026, 3, 15), Relief.INSTALMENTS, repay_by=D(2026, 4, 30), instalments=3),
        ),
    )
    # 1 000,00 − 100,00 = 900,00 owed on 15 March, in 3: 300,00 each from 30 April. The 300,00
    # of 28 April pays the first; the second is due on 30 May: nothing is overdue.
    assert instalments_of(result) == [
        (D(2026, 4, 30), "300.00", "0.00"),
        (D(2026, 5, 30), "300.00", "300.00"),
        (D(2026, 6, 30), "300.00", "300.00"),
    ]
    assert result.state == STATE_CURRENT
    assert result.owed == Decimal("600.00")


def test_interest_keeps_running_through_a_deferral() -> None:
    result = ledger(
        terms(interest_from=D(2026, 1, 1)),
        D(2026, 1, 31),
        reliefs=(relief(D(2026, 1, 15), Relief.DEFERRAL, repay_by=D(2026, 12, 31)),),
    )
    # The deferral moves the deadline, not the interest: 1–15 January 15 days, 16–31 January
    # 16 days; 1 000 × 0,10 × 15 / 365 = 4,11 (4,1095… rounded on the relief's day) and
    # 1 000 × 0,10 × 16 / 365 = 4,38 (4,3835…): 8,49.
    assert result.interest_outstanding == Decimal("8.49")
    assert result.state == STATE_CURRENT
