from decimal import Decimal

import pytest
from django.utils import translation

from ostoja.payments.bankfiles import (
    Batch,
    ElixirProfile,
    Problem,
    elixir,
    has_errors,
    validate_elixir,
)
from ostoja.payments.bankfiles.problems import LIMIT_PER_CODE
from ostoja.payments.tests.bankfiles import samples

PROFILE = ElixirProfile()


def check(
    batch: Batch, data: bytes | None = None, profile: ElixirProfile = PROFILE
) -> list[Problem]:
    if data is None:
        data = elixir.write(batch, profile)
    return validate_elixir(data, batch=batch, profile=profile)


def codes(problems: list[Problem]) -> list[str]:
    return sorted(problem.code for problem in problems)


def tampered(batch: Batch, old: str, new: str, count: int = 1) -> bytes:
    text = elixir.write(batch, PROFILE).decode("cp1250")
    assert text.count(old) >= count
    return text.replace(old, new, count).encode("cp1250")


def test_a_good_file_has_no_problems() -> None:
    assert check(samples.three()) == []


def test_a_wrong_account_checksum_of_a_payee() -> None:
    batch = samples.batch(samples.transfer(account=samples.WRONG_CHECKSUM))
    problems = check(batch)
    assert codes(problems) == ["account_checksum"]
    assert problems[0].severity == "error"
    assert problems[0].reference == "ZS-0001"
    assert problems[0].line == 1
    assert has_errors(problems)


def test_a_wrong_account_checksum_of_the_payer_is_told_once() -> None:
    batch = samples.batch(
        samples.transfer("A"), samples.transfer("B"), payer_account=samples.WRONG_CHECKSUM
    )
    assert codes(check(batch)) == ["account_checksum"]


def test_an_account_without_26_digits() -> None:
    batch = samples.batch(samples.transfer(account=samples.CLIENT[:-1]))
    assert codes(check(batch)) == ["account_length"]


def test_a_doubtful_sort_code_is_a_warning_only() -> None:
    batch = samples.batch(samples.transfer(account=samples.DOUBTFUL_SORT_CODE))
    problems = check(batch)
    assert [(problem.code, problem.severity) for problem in problems] == [
        ("sort_code_check", "warning")
    ]
    assert not has_errors(problems)


def test_a_wrong_sum() -> None:
    batch = samples.three()
    # 713.00 zł becomes 713.10 zł in the file.
    problems = check(batch, tampered(batch, ",71300,", ",71310,"))
    assert codes(problems) == ["amount_differs", "total"]
    assert next(p for p in problems if p.code == "amount_differs").reference == "ZS-0001"


def test_a_missing_transfer() -> None:
    batch = samples.three()
    lines = elixir.write(batch, PROFILE).split(b"\r\n")
    data = b"\r\n".join([lines[0], lines[2], b""])
    problems = check(batch, data)
    assert codes(problems) == ["count", "missing_reference", "total"]
    assert next(p for p in problems if p.code == "missing_reference").reference == "ZS-0002"


def test_a_transfer_twice() -> None:
    batch = samples.three()
    lines = elixir.write(batch, PROFILE).split(b"\r\n")
    data = b"\r\n".join([lines[0], lines[1], lines[1], lines[2], b""])
    problems = check(batch, data)
    assert codes(problems) == ["count", "duplicate_reference", "total"]
    duplicate = next(p for p in problems if p.code == "duplicate_reference")
    assert (duplicate.reference, duplicate.line) == ("ZS-0002", 3)


def test_a_reference_twice_in_the_list() -> None:
    batch = samples.batch(samples.transfer("A"), samples.transfer("A"))
    assert "duplicate_reference" in codes(check(batch))


def test_a_transfer_not_on_the_list() -> None:
    batch = samples.three()
    problems = check(batch, tampered(batch, '"ZS-0003"', '"ZS-0004"'))
    assert codes(problems) == ["missing_reference", "unknown_reference"]


def test_a_title_line_too_long() -> None:
    line = "Świadczenie z pomocy społecznej wolne"  # 37 characters
    batch = samples.batch(samples.transfer(title=("Zasiłek stały", line)))
    problems = check(batch)
    assert codes(problems) == ["line_too_long"]
    assert "37" in problems[0].message


def test_a_title_of_five_lines() -> None:
    batch = samples.batch(samples.transfer(title=("1", "2", "3", "4", "5")))
    assert codes(check(batch)) == ["too_many_lines"]


def test_a_name_and_address_of_five_lines() -> None:
    batch = samples.batch(
        samples.transfer(
            name="Stowarzyszenie Pomocy Osobom Niepełnosprawnym Intelektualnie",
            address=("ul. Długa 1", "00-950 Przykładowo", "skrytka 7"),
        )
    )
    assert codes(check(batch)) == ["too_many_lines"]


def test_a_forbidden_character_in_the_file() -> None:
    batch = samples.three()
    problems = check(batch, tampered(batch, "Anna Nowak", "Anna; Nowak"))
    assert codes(problems) == ["forbidden_character"]
    assert ";" in problems[0].message


def test_a_quote_inside_a_field_in_the_file() -> None:
    batch = samples.three()
    problems = check(batch, tampered(batch, '"Zasiłek celowy"', '"Zasiłek ""celowy"""'))
    assert codes(problems) == ["forbidden_character"]


def test_an_unencodable_character_in_cp852() -> None:
    profile = ElixirProfile(encoding="cp852")
    batch = samples.batch(samples.transfer(title=("Zwrot kosztów 10 €",)))
    problems = check(batch, profile=profile)
    assert codes(problems) == ["unencodable_character"]
    assert "€" in problems[0].message
    assert problems[0].reference == "ZS-0001"


def test_an_unencodable_character_with_transliteration() -> None:
    profile = ElixirProfile(encoding="cp852", transliterate=True)
    batch = samples.batch(samples.transfer(title=("Zwrot kosztów 10 €",)))
    data = elixir.write(batch, profile)
    assert b'"Zwrot kosztow 10 EUR"' in data
    assert check(batch, data, profile) == []


def test_the_euro_sign_is_fine_in_windows_1250() -> None:
    batch = samples.batch(samples.transfer(title=("Zwrot kosztów 10 €",)))
    assert check(batch) == []


def test_bytes_outside_the_encoding() -> None:
    profile = ElixirProfile(encoding="utf-8")
    batch = samples.three()
    data = elixir.write(batch, profile).replace("Łucja".encode(), b"\xc5ucja")
    problems = check(batch, data, profile)
    assert codes(problems) == ["unreadable"]
    assert problems[0].line == 3


def test_a_sort_code_field_that_does_not_match_the_account() -> None:
    batch = samples.three()
    problems = check(batch, tampered(batch, ",0,11402004,", ",0,11402005,"))
    assert codes(problems) == ["sort_code_field"]
    assert "11402004" in problems[0].message


def test_another_payee_account_than_on_the_list() -> None:
    batch = samples.three()
    problems = check(batch, tampered(batch, samples.SECOND, samples.FOURTH))
    # Field 11 still holds the old sort code: that is wrong too.
    assert codes(problems) == ["account_differs", "sort_code_field"]


def test_another_execution_date() -> None:
    batch = samples.three()
    problems = check(batch, tampered(batch, ",20250310,", ",20250311,", 3))
    assert codes(problems) == ["execution_date"] * 3
    assert "11.03.2025" in problems[0].message


def test_another_order_type_than_the_profile() -> None:
    batch = samples.three()
    data = elixir.write(batch, ElixirProfile(order_type="210"))
    assert codes(check(batch, data)) == ["field_value"] * 3


def test_a_reference_longer_than_the_bank_takes() -> None:
    batch = samples.batch(samples.transfer("ZS-2025-03-000123"))
    problems = check(batch)
    assert codes(problems) == ["reference_too_long"]
    assert check(batch, profile=ElixirProfile(reference_length=17)) == []


def test_the_list_has_an_amount_no_file_can_carry() -> None:
    batch = samples.batch(samples.transfer(amount="12.345"))
    assert "amount_decimals" in codes(check(batch))


def test_a_zero_amount() -> None:
    batch = samples.batch(samples.transfer(amount="0.00"))
    assert codes(check(batch)) == ["amount_not_positive", "amount_not_positive"]


def test_an_empty_list() -> None:
    assert codes(check(samples.batch())) == ["empty"]


def test_no_title() -> None:
    assert "title_empty" in codes(check(samples.batch(samples.transfer(title=()))))


def test_a_text_that_differs_from_the_list() -> None:
    batch = samples.three()
    problems = check(batch, tampered(batch, "Anna Nowak", "Anna Kowal"))
    assert codes(problems) == ["text_differs"]


def test_a_malformed_line_is_reported_with_its_number() -> None:
    batch = samples.three()
    problems = check(batch, tampered(batch, ',"ZS-0002"', ""))
    assert [(p.code, p.line) for p in problems] == [("unreadable", 2)]


def test_a_mistake_on_every_line_is_listed_a_hundred_times() -> None:
    transfers = [samples.transfer(f"R{i}", "1.00") for i in range(LIMIT_PER_CODE + 5)]
    batch = samples.batch(*transfers)
    data = elixir.write(batch, PROFILE).replace(b",20250310,", b",20250311,")
    problems = check(batch, data)
    assert len(problems) == LIMIT_PER_CODE + 1
    assert problems[-1].code == "execution_date"
    assert "5" in problems[-1].message


def test_the_messages_are_translated_at_call_time() -> None:
    batch = samples.batch(samples.transfer(account=samples.WRONG_CHECKSUM))
    with translation.override("en"):
        (problem,) = check(batch)
    assert problem.message == (
        "The account number 27 1140 2004 0000 3002 0135 5388 is wrong: check the check digits."
    )


@pytest.mark.parametrize("amount", ["713.00", "0.01", "99999999.99"])
def test_amounts_survive(amount: str) -> None:
    batch = samples.batch(samples.transfer(amount=amount))
    (record,) = elixir.read(elixir.write(batch, PROFILE), PROFILE)
    assert record.amount == Decimal(amount)
    assert check(batch) == []
