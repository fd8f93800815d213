"""NIP and REGON by their check digits, the KRS number by its form. The synthetic numbers are
made here: the NIP's check digit by its weights (6 5 7 2 3 4 5 6 7, the sum modulo 11), the
REGON's with stdnum's `calc_check_digit`."""

import pytest
from django.core.exceptions import ValidationError
from stdnum.pl import regon

from ostoja.partners.validators import normalize_nip, validate_krs, validate_nip, validate_regon

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def nip_with_check_digit(first_nine: str) -> str:
    digit = sum(int(d) * w for d, w in zip(first_nine, NIP_WEIGHTS, strict=True)) % 11
    assert digit != 10, "no NIP has this stem"
    return first_nine + str(digit)


def regon_with_check_digit(stem: str) -> str:
    return stem + regon.calc_check_digit(stem)


# 5*6 + 2*5 + 6*7 + 0 + 0 + 0 + 1*5 + 2*6 + 4*7 = 127; 127 mod 11 = 6
VALID_NIP = nip_with_check_digit("526000124")
VALID_REGON_9 = regon_with_check_digit("12345678")
VALID_REGON_14 = regon_with_check_digit(VALID_REGON_9 + "0000")


def test_the_synthetic_numbers() -> None:
    assert VALID_NIP == "5260001246"
    assert len(VALID_REGON_9) == 9
    assert len(VALID_REGON_14) == 14


@pytest.mark.parametrize("value", [VALID_NIP, "526-000-12-46", "PL 526 000 12 46", ""])
def test_valid_nip(value: str) -> None:
    validate_nip(value)


def test_nip_normalised() -> None:
    assert normalize_nip("pl526-000-12-46") == VALID_NIP


@pytest.mark.parametrize("value", ["5260001247", "526000124", "52600012466", "ABCDEFGHIJ"])
def test_wrong_nip_says_so(value: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_nip(value)
    assert error.value.messages == ["NIP ma 10 cyfr; sprawdź ostatnią, cyfrę kontrolną."]


@pytest.mark.parametrize("value", [VALID_REGON_9, VALID_REGON_14, ""])
def test_valid_regon(value: str) -> None:
    validate_regon(value)


def test_wrong_regon_says_so() -> None:
    wrong = VALID_REGON_9[:-1] + str((int(VALID_REGON_9[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as error:
        validate_regon(wrong)
    assert error.value.messages == ["REGON ma 9 albo 14 cyfr; sprawdź ostatnią, cyfrę kontrolną."]


def test_krs_is_ten_digits() -> None:
    validate_krs("0000123456")
    validate_krs("")
    with pytest.raises(ValidationError) as error:
        validate_krs("123456")
    assert error.value.messages == ["Numer KRS ma 10 cyfr."]
