from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ostoja.core.money import NBSP, format_pln, to_grosze


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("1234.56"), "1 234,56 zł"),
        (Decimal("1234.5"), "1 234,50 zł"),
        (Decimal("0"), "0,00 zł"),
        (Decimal("0.005"), "0,01 zł"),
        (Decimal("999.994"), "999,99 zł"),
        (Decimal("1000000"), "1 000 000,00 zł"),
        (Decimal("-1234.56"), "-1 234,56 zł"),
        (823, "823,00 zł"),
    ],
)
def test_format_pln(amount: Decimal | int, text: str) -> None:
    assert format_pln(amount) == text.replace(" ", NBSP)


def test_format_pln_uses_non_breaking_spaces_only() -> None:
    assert " " not in format_pln(Decimal("1234567.89"))
    assert format_pln(Decimal("1234.56")) == "1\xa0234,56\xa0zł"


def test_none_is_empty() -> None:
    assert format_pln(None) == ""


def test_to_grosze_rounds_half_up() -> None:
    assert to_grosze(Decimal("2.345")) == Decimal("2.35")
    assert to_grosze(Decimal("-2.345")) == Decimal("-2.35")


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_format_pln_round_trips(amount: Decimal) -> None:
    text = format_pln(amount)
    assert text.endswith(f"{NBSP}zł")
    number = text.removesuffix(f"{NBSP}zł").replace(NBSP, "").replace(",", ".")
    assert Decimal(number) == amount
