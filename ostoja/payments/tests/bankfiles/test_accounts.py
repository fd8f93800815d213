import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from ostoja.payments.bankfiles.problems import account_problem, sort_code_valid
from ostoja.payments.tests.bankfiles import samples
from ostoja.registry.validators import validate_nrb


@pytest.mark.parametrize(
    "account",
    [samples.OPS, samples.CLIENT, samples.SECOND, samples.THIRD, samples.FOURTH],
)
def test_the_sample_accounts_are_valid(account: str) -> None:
    assert account_problem(account) == ""
    validate_nrb(account)  # the registry agrees


def test_a_changed_digit_breaks_the_checksum() -> None:
    assert account_problem(samples.WRONG_CHECKSUM) == "account_checksum"


@pytest.mark.parametrize(
    "account", ["PL" + samples.OPS, "61 1090 1014 0000 0712 1981 2874", samples.OPS[:-1], ""]
)
def test_a_bank_file_holds_26_bare_digits(account: str) -> None:
    # The registry accepts spaces and "PL" when a clerk types a number; a file must not.
    assert account_problem(account) == "account_length"


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("10901014", True),  # 3+0+63+0+3+0+7 = 76 → 4
        ("11402004", True),  # 3+9+28+0+6+0+0 = 46 → 4
        ("10201026", True),  # 3+0+14+0+3+0+14 = 34 → 6
        ("10901015", False),
        ("11402000", False),
        ("1090101", False),
    ],
)
def test_the_sort_code_check_digit(code: str, valid: bool) -> None:
    assert sort_code_valid(code) is valid


@given(st.text(alphabet="0123456789", min_size=26, max_size=26))
def test_the_shortcut_agrees_with_the_registry(account: str) -> None:
    try:
        validate_nrb(account)
    except ValidationError:
        registry_valid = False
    else:
        registry_valid = True
    assert (account_problem(account) == "") is registry_valid
