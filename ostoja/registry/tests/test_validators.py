import datetime
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from ostoja.registry.tests.factories import make_nrb, make_pesel
from ostoja.registry.validators import (
    normalize_nrb,
    normalize_pesel,
    pesel_birth_date,
    pesel_sex,
    validate_not_future,
    validate_nrb,
    validate_pesel,
    validate_postcode,
)


def _code(validator: Callable[[Any], None], value: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        validator(value)
    return str(caught.value.code)


@settings(max_examples=200)
@given(
    birth=st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2020, 12, 31)),
    serial=st.integers(min_value=0, max_value=9999),
)
def test_generated_pesels_are_valid_and_decode(birth: datetime.date, serial: int) -> None:
    pesel = make_pesel(birth, serial)
    validate_pesel(pesel)
    assert pesel_birth_date(pesel) == birth
    assert pesel_sex(pesel) == ("M" if int(pesel[9]) % 2 else "K")


def test_sex_parity() -> None:
    assert pesel_sex(make_pesel(datetime.date(1990, 1, 1), 1, sex="M")) == "M"
    assert pesel_sex(make_pesel(datetime.date(1990, 1, 1), 1, sex="K")) == "K"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "pesel_length"),
        ("1234567890", "pesel_length"),
        ("123456789012", "pesel_length"),
        ("1234567890a", "pesel_length"),
        ("44051401358", "pesel_checksum"),  # last digit off by one
        ("99023012345", "pesel_date"),  # 30 February
    ],
)
def test_invalid_pesels(value: str, code: str) -> None:
    if code == "pesel_date":
        # Give an impossible date a correct check digit so that only the date is wrong.
        digits = value[:10]
        weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
        check = (10 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 10) % 10
        value = digits + str(check)
    elif code == "pesel_checksum":
        good = make_pesel(datetime.date(1944, 5, 14), 135)
        value = good[:10] + str((int(good[10]) + 1) % 10)
    assert _code(validate_pesel, value) == code


@time_machine.travel(datetime.datetime(2025, 6, 15, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_pesel_in_the_future() -> None:
    assert _code(validate_pesel, make_pesel(datetime.date(2025, 6, 16), 1)) == "pesel_future"
    validate_pesel(make_pesel(datetime.date(2025, 6, 15), 1))


@time_machine.travel(datetime.datetime(2025, 6, 15, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_not_future() -> None:
    validate_not_future(datetime.date(2025, 6, 15))
    assert _code(validate_not_future, datetime.date(2025, 6, 16)) == "future"


def test_normalize_pesel() -> None:
    assert normalize_pesel(" 440514 01359\t") == "44051401359"
    assert normalize_pesel(None) == ""  # type: ignore[arg-type]


def test_nrb() -> None:
    nrb = make_nrb(7)
    validate_nrb(nrb)
    validate_nrb("PL" + nrb)
    assert normalize_nrb(f"pl {nrb[:2]}-{nrb[2:]}") == nrb
    assert _code(validate_nrb, nrb[:-1]) == "nrb_length"
    assert _code(validate_nrb, nrb[:-1] + str((int(nrb[-1]) + 1) % 10)) == "nrb_checksum"


@pytest.mark.parametrize("value", ["00-950", "12-345"])
def test_valid_postcodes(value: str) -> None:
    validate_postcode(value)


@pytest.mark.parametrize("value", ["", "00950", "0-0950", "00-95", "ab-cde", "00-9500"])
def test_invalid_postcodes(value: str) -> None:
    assert _code(validate_postcode, value) == "postcode"
