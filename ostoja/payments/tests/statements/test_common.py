"""The rules both readers share, checked on their own where the readers' tests cannot reach every
case cheaply."""

import re
from decimal import Decimal

import pytest

from ostoja.payments.statements.common import (
    exact_grosze,
    find_nrb,
    find_reference,
    nrb_from_bban,
)
from ostoja.payments.tests.statements.samples import ACCOUNT_A, ACCOUNT_B, OWN_ACCOUNT, REFERENCE


def test_our_reference_is_the_first_match_in_the_first_text_that_has_one() -> None:
    pattern = re.compile(REFERENCE)

    assert find_reference(pattern, ["bez numeru", "W-2026-12-000002 W-2026-12-000003"]) == (
        "W-2026-12-000002"
    )


def test_a_reference_cut_by_a_line_break_beats_one_in_a_later_text() -> None:
    pattern = re.compile(REFERENCE)

    assert find_reference(pattern, ["ZWROT W-2026-12-00 0001", "W-2026-12-000002"]) == (
        "W-2026-12-000001"
    )


def test_no_reference() -> None:
    assert find_reference(re.compile(REFERENCE), ["ZWROT", ""]) == ""


def test_an_account_number_from_a_sort_code_and_a_number_given_apart() -> None:
    assert nrb_from_bban("11402004", "0000400055556666") == ACCOUNT_A
    assert nrb_from_bban("1140 2004", "0000 4000 5555 6666") == ACCOUNT_A
    assert nrb_from_bban("1140200", "0000400055556666") == ""


def test_an_account_number_in_free_text_other_than_the_statement_s_own() -> None:
    grouped = " ".join([ACCOUNT_B[:2], *(ACCOUNT_B[i : i + 4] for i in range(2, 26, 4))])
    text = f"NA RACHUNEK {OWN_ACCOUNT} Z RACHUNKU PL{grouped}"

    assert find_nrb(text, exclude=OWN_ACCOUNT) == ACCOUNT_B
    assert find_nrb(text) == OWN_ACCOUNT


def test_no_account_number_inside_a_longer_number_or_word() -> None:
    assert find_nrb(f"NR 1{ACCOUNT_B}") == ""
    assert find_nrb(f"NR {ACCOUNT_B}1") == ""
    assert find_nrb(f"X{ACCOUNT_B}") == ""


@pytest.mark.parametrize(
    ("amount", "exact"),
    [
        (Decimal("713"), Decimal("713.00")),
        (Decimal("713.5"), Decimal("713.50")),
        (Decimal("713.005"), None),
        (Decimal("1E+40"), None),
    ],
)
def test_amounts_in_grosze_without_rounding(amount: Decimal, exact: Decimal | None) -> None:
    result = exact_grosze(amount)

    assert result == exact
    assert result is None or str(result) == str(exact)
