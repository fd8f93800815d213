"""Dates, periods, amounts and payments as the benefits' documents write them, each expected
text written by hand in the usual Polish of a decision."""

import datetime
from decimal import Decimal

import pytest

from ostoja.benefits.formatting import (
    payment_words,
    polish_amount,
    polish_amount_with_words,
    polish_date,
    polish_in_month,
    polish_period,
)
from ostoja.benefits.models import PaymentMethod

D = datetime.date
NBSP = "\xa0"


def test_dates_are_written_with_the_month_in_the_genitive() -> None:
    assert polish_date(D(2026, 3, 1)) == "1 marca 2026 r."
    assert polish_date(D(2026, 12, 31)) == "31 grudnia 2026 r."


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (D(2024, 2, 10), "w lutym 2024 r."),
        (D(2025, 1, 31), "w styczniu 2025 r."),
        (D(2025, 10, 1), "w październiku 2025 r."),
        (D(2025, 11, 30), "w listopadzie 2025 r."),
    ],
)
def test_a_month_after_w_is_in_the_locative(day: datetime.date, text: str) -> None:
    assert polish_in_month(day) == text


def test_periods() -> None:
    assert polish_period(D(2025, 3, 1), D(2025, 8, 31)) == (
        "od 1 marca 2025 r. do 31 sierpnia 2025 r."
    )
    assert polish_period(D(2025, 3, 1), None) == "od 1 marca 2025 r."
    # One day: no "od … do".
    assert polish_period(D(2025, 4, 1), D(2025, 4, 1)) == "1 kwietnia 2025 r."


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1234.5"), f"1{NBSP}234,50{NBSP}zł"),
        # As JSON keeps the assessment's figures: a string, or a float.
        ("713.00", f"713,00{NBSP}zł"),
        (1010.1, f"1{NBSP}010,10{NBSP}zł"),
        # Half a grosz rounds up (ROUND_HALF_UP): 0,005 -> 0,01.
        ("0.005", f"0,01{NBSP}zł"),
        (None, ""),
    ],
)
def test_amounts(value: Decimal | str | float | None, text: str) -> None:
    assert polish_amount(value) == text


def test_amounts_with_words() -> None:
    assert polish_amount_with_words(Decimal("500")) == (
        f"500,00{NBSP}zł (słownie: pięćset złotych 00/100)"
    )
    assert polish_amount_with_words(None) == ""


@pytest.mark.parametrize(
    ("method", "account", "text"),
    [
        (
            PaymentMethod.BANK,
            "61109010140000071219812874",
            "na rachunek bankowy nr 61 1090 1014 0000 0712 1981 2874",
        ),
        (PaymentMethod.CASH, "", "w kasie ośrodka"),
        (PaymentMethod.INSTITUTION, "", "na rzecz instytucji realizującej świadczenie"),
        (PaymentMethod.IN_KIND, "", "w naturze"),
    ],
)
def test_payment_words(method: str, account: str, text: str) -> None:
    assert payment_words(method, account) == text
