import dataclasses
import datetime
from decimal import Decimal
from typing import Any

import pytest

from ostoja.payments.statements import CsvProfile, ReturnedTransfer, StatementError
from ostoja.payments.statements import parse_returns_csv as parse
from ostoja.payments.tests.statements.samples import (
    ACCOUNT_A,
    ACCOUNT_A_MISTYPED,
    ACCOUNT_B,
    ACCOUNT_C,
    REFERENCE,
    lines,
)

# An account history as a Polish bank exports it: two lines about the account, a blank line,
# the header, our own transfer out, three returns (one with its title over two lines), a grant
# from the gmina that is no return, and the closing balance.
HISTORY = lines(
    "Historia rachunku;Gminny Ośrodek Pomocy Społecznej w Dębowie",
    "Rachunek;48 1090 1014 0000 0001 2345 6789",
    "",
    "Data księgowania;Data waluty;Kwota;Tytuł;Nadawca / odbiorca;Rachunek kontrahenta",
    "2026-12-02;2026-12-02;-713,00;Zasiłek stały 12/2026 W-2026-12-000123;"
    "Halina Żółkiewska-Testowa;03 1140 2004 0000 4000 5555 6666",
    "03.12.2026;03.12.2026;713,00;ZWROT – rachunek zamknięty W-2026-12-000123;"
    "Halina Żółkiewska-Testowa;PL03114020040000400055556666",
    '04-12-2026;04-12-2026;1 234,56;"Zwrot przelewu; W-2026-12-',
    '000124";Józef Ćmielowski;71124050060000300012340001',
    "07.12.2026;07.12.2026;52.20;Zwrot: błędny numer rachunku;Gmina Dębowo – Skarbnik;",
    "10.12.2026;10.12.2026;50 000,00;Dotacja celowa na zasiłki 12/2026;Urząd Gminy Dębowo;"
    "77102040140000220033334444",
    "Saldo końcowe;;;;;51 234,56",
)

HISTORY_PROFILE = CsvProfile(
    skip_lines=2,
    footer_lines=1,
    name_column="Nadawca / odbiorca",
    account_column="Rachunek kontrahenta",
)

RETURNS = [
    ReturnedTransfer(
        line=6,
        booked_on=datetime.date(2026, 12, 3),
        amount=Decimal("713.00"),
        reference="W-2026-12-000123",
        account=ACCOUNT_A,
        name="Halina Żółkiewska-Testowa",
        description="ZWROT – rachunek zamknięty W-2026-12-000123",
    ),
    ReturnedTransfer(
        line=7,
        booked_on=datetime.date(2026, 12, 4),
        amount=Decimal("1234.56"),
        reference="W-2026-12-000124",
        account=ACCOUNT_B,
        name="Józef Ćmielowski",
        description="Zwrot przelewu; W-2026-12- 000124",
    ),
    ReturnedTransfer(
        line=9,
        booked_on=datetime.date(2026, 12, 7),
        amount=Decimal("52.20"),
        reference="",
        account="",
        name="Gmina Dębowo – Skarbnik",
        description="Zwrot: błędny numer rachunku",
    ),
]

GRANT = ReturnedTransfer(
    line=10,
    booked_on=datetime.date(2026, 12, 10),
    amount=Decimal("50000.00"),
    reference="",
    account=ACCOUNT_C,
    name="Urząd Gminy Dębowo",
    description="Dotacja celowa na zasiłki 12/2026",
)


# For the short files below: UTF-8, a header "Data;Kwota;Tytuł".
SHORT_PROFILE = CsvProfile(
    encoding="utf-8", booked_on_column="Data", amount_column="Kwota", description_column="Tytuł"
)


def profile(**settings: Any) -> CsvProfile:
    return dataclasses.replace(SHORT_PROFILE, **settings)


def one_row(row: str, **settings: Any) -> list[ReturnedTransfer]:
    return parse(
        lines("Data;Kwota;Tytuł", row, encoding="utf-8"),
        profile=profile(**settings),
        reference_pattern=REFERENCE,
    )


def error(data: bytes, csv_profile: CsvProfile | None = None) -> str:
    with pytest.raises(StatementError) as caught:
        parse(data, profile=csv_profile or profile(), reference_pattern=REFERENCE)
    return str(caught.value)


# ---------------------------------------------------------------------------------------------
# A whole export
# ---------------------------------------------------------------------------------------------


def test_the_sample_is_a_windows_1250_file() -> None:
    assert "Żółkiewska".encode("cp1250") in HISTORY
    assert b"\r\n" in HISTORY


def test_the_returns_marked_as_such_are_read_and_the_transfer_out_is_not() -> None:
    marked = dataclasses.replace(HISTORY_PROFILE, return_marker="zwrot")

    assert parse(HISTORY, profile=marked, reference_pattern=REFERENCE) == RETURNS


def test_without_a_marker_every_credit_is_a_return() -> None:
    assert parse(HISTORY, profile=HISTORY_PROFILE, reference_pattern=REFERENCE) == [
        *RETURNS,
        GRANT,
    ]


def test_the_closing_balance_is_no_entry_only_when_the_profile_says_so() -> None:
    without_footer = dataclasses.replace(HISTORY_PROFILE, footer_lines=0)

    assert error(HISTORY, without_footer) == "Line 11: the date Saldo końcowe cannot be read."


# ---------------------------------------------------------------------------------------------
# Layouts and encodings
# ---------------------------------------------------------------------------------------------


def test_columns_by_position_without_a_header_and_a_byte_order_mark_over_the_encoding() -> None:
    data = "\ufeff2026-12-03,713.00,Zwrot W-2026-12-000123,Anna Przykładowa".encode()
    by_position = CsvProfile(
        delimiter=",",
        header=False,
        booked_on_column=0,
        amount_column=1,
        description_column=2,
        name_column=3,
    )

    assert parse(data, profile=by_position, reference_pattern=REFERENCE) == [
        ReturnedTransfer(
            line=1,
            booked_on=datetime.date(2026, 12, 3),
            amount=Decimal("713.00"),
            reference="W-2026-12-000123",
            account="",
            name="Anna Przykładowa",
            description="Zwrot W-2026-12-000123",
        )
    ]


def test_an_iso_8859_2_export() -> None:
    data = lines(
        "Data;Kwota;Tytuł;Nazwa",
        "2026-12-03;713,00;Zwrot W-2026-12-000123;Jadwiga Ślązak-Próbna",
        encoding="iso-8859-2",
    )

    [returned] = parse(
        data,
        profile=profile(encoding="iso-8859-2", name_column="Nazwa"),
        reference_pattern=REFERENCE,
    )

    assert returned.name == "Jadwiga Ślązak-Próbna"
    assert returned.description == "Zwrot W-2026-12-000123"


def test_column_names_ignore_letter_case_and_spaces_around() -> None:
    data = lines(" DATA ;kwota;TYTUŁ", "2026-12-03;713,00;Zwrot", encoding="utf-8")

    [returned] = parse(data, profile=profile(), reference_pattern=REFERENCE)

    assert returned.amount == Decimal("713.00")


def test_a_description_spread_over_columns_named_and_by_position() -> None:
    data = lines(
        "Data;Kwota;Opis transakcji;",
        "2026-12-03;713,00;Zwrot przelewu;Tytuł: W-2026-12-000123",
        encoding="utf-8",
    )

    [returned] = parse(
        data,
        profile=profile(description_column=("Opis transakcji", 3)),
        reference_pattern=REFERENCE,
    )

    assert returned.description == "Zwrot przelewu Tytuł: W-2026-12-000123"
    assert returned.reference == "W-2026-12-000123"


def test_a_report_of_returns_lists_them_with_the_sign_of_the_transfer_out() -> None:
    data = lines(
        "Data;Kwota;Tytuł",
        "2026-12-03;-713,00;W-2026-12-000123 rachunek zamknięty",
        "2026-12-03;0,00;W-2026-12-000125 anulowany",
        encoding="utf-8",
    )

    returned = parse(data, profile=profile(credits_only=False), reference_pattern=REFERENCE)

    assert [(r.line, r.amount, r.reference) for r in returned] == [
        (2, Decimal("713.00"), "W-2026-12-000123")
    ]


# ---------------------------------------------------------------------------------------------
# Dates, amounts, references, accounts
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written", ["2026-12-03", "03.12.2026", "03-12-2026", "3.12.2026", " 2026-12-03 "]
)
def test_dates_in_the_usual_forms(written: str) -> None:
    [returned] = one_row(f"{written};713,00;Zwrot")

    assert returned.booked_on == datetime.date(2026, 12, 3)


def test_a_date_form_of_the_bank_s_own() -> None:
    [returned] = one_row("20261203;713,00;Zwrot", date_formats=("%Y%m%d",))

    assert returned.booked_on == datetime.date(2026, 12, 3)


@pytest.mark.parametrize("written", ["32.13.2026", "2026/12/03", "3 grudnia 2026", "20261203"])
def test_a_date_that_cannot_be_read(written: str) -> None:
    data = lines("Data;Kwota;Tytuł", f"{written};713,00;Zwrot", encoding="utf-8")

    assert error(data) == f"Line 2: the date {written} cannot be read."


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),
        ("1\u202f234,56", "1234.56"),
        ("1 000 000,01", "1000000.01"),
        ("-713,00", "713.00"),
        ("\u2212713,00", "713.00"),
        ("+5,5", "5.50"),
        ("713.00", "713.00"),
        ("713", "713.00"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("713,00 PLN", "713.00"),
        ("713,00 zł", "713.00"),
    ],
)
def test_amounts_in_the_usual_forms(written: str, amount: str) -> None:
    [returned] = one_row(f"2026-12-03;{written};Zwrot", credits_only=False)

    assert returned.amount == Decimal(amount)
    assert str(returned.amount) == amount


@pytest.mark.parametrize(
    "written",
    [
        "",
        "abc",
        "1,234",
        "1.234",
        "713,005",
        "1,234,56",
        "1.234.567",
        "(713,00)",
        "7l3,00",
        "713,00 EUR",
        "--5",
    ],
)
def test_an_amount_that_cannot_be_read(written: str) -> None:
    data = lines("Data;Kwota;Tytuł", f"2026-12-03;{written};Zwrot", encoding="utf-8")

    assert error(data) == f"Line 2: the amount {written} cannot be read."


@pytest.mark.parametrize(
    ("written", "is_return"), [("713,00", True), ("-713,00", False), ("\u2212713,00", False)]
)
def test_only_money_that_came_in_is_a_return(written: str, is_return: bool) -> None:
    assert bool(one_row(f"2026-12-03;{written};Zwrot")) is is_return


@pytest.mark.parametrize(
    ("title", "is_return"),
    [
        ("ZWROT W-2026-12-000123", True),
        ("Zwrot: rachunek zamknięty", True),
        ("przelew zwrotny", True),
        ("bezzwrotna dotacja", False),
        ("Dotacja celowa", False),
    ],
)
def test_the_return_marker_is_a_word_s_start_in_any_case(title: str, is_return: bool) -> None:
    assert bool(one_row(f"2026-12-03;713,00;{title}", return_marker="ZWROT")) is is_return


def test_the_reference_is_looked_for_in_the_description_first_then_in_the_name() -> None:
    data = lines(
        "Data;Kwota;Tytuł;Nazwa",
        "2026-12-03;713,00;Zwrot W-2026-12-000001;Zwrot W-2026-12-000002",
        "2026-12-03;713,00;Zwrot;Zwrot W-2026-12-000003",
        encoding="utf-8",
    )

    returned = parse(data, profile=profile(name_column="Nazwa"), reference_pattern=REFERENCE)

    assert [r.reference for r in returned] == ["W-2026-12-000001", "W-2026-12-000003"]


@pytest.mark.parametrize(
    ("written", "account"),
    [
        ("03 1140 2004 0000 4000 5555 6666", ACCOUNT_A),
        ("PL03114020040000400055556666", ACCOUNT_A),
        ("'03114020040000400055556666", ACCOUNT_A),
        ('="03114020040000400055556666"', ACCOUNT_A),
        (ACCOUNT_A_MISTYPED, ""),
        ("1140 2004 0000 4000 5555 6666", ""),
        ("DE89370400440532013000", ""),
    ],
)
def test_the_counterparty_s_account_only_when_it_is_a_valid_nrb(written: str, account: str) -> None:
    data = lines("Data;Kwota;Tytuł;Rachunek", f"2026-12-03;713,00;Zwrot;{written}", end="\n")

    [returned] = parse(
        data, profile=profile(encoding="cp1250", account_column="Rachunek"), reference_pattern="X"
    )

    assert returned.account == account


def test_an_export_that_leaves_out_empty_trailing_cells() -> None:
    [returned] = one_row("2026-12-03;713,00;Zwrot", account_column=3, name_column=4)

    assert (returned.account, returned.name) == ("", "")


# ---------------------------------------------------------------------------------------------
# Files that cannot be read
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"\r\n  \r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n"])
def test_an_empty_file(data: bytes) -> None:
    assert error(data) == "The file is empty."


def test_an_mt940_statement_given_as_a_csv_export() -> None:
    data = lines(":20:WYC261203", ":25:/PL48109010140000000123456789", ":28C:1/1")

    assert error(data) == (
        "This file is an MT940 statement, not a CSV export. Read it as an MT940 statement."
    )


def test_a_file_in_another_encoding_than_the_bank_s() -> None:
    assert error(HISTORY, CsvProfile(encoding="utf-8-sig")) == (
        "Line 1: the file is not utf-8-sig text. Check the character encoding set for this bank."
    )


def test_a_byte_that_windows_1250_does_not_have() -> None:
    data = lines("Data;Kwota;Tytuł", "2026-12-03;713,00;Zwrot") + b"2026-12-04;5,00;\x98\r\n"

    assert error(data, profile(encoding="cp1250")) == (
        "Line 3: the file is not cp1250 text. Check the character encoding set for this bank."
    )


def test_a_header_without_a_column_the_profile_names() -> None:
    data = lines("Historia rachunku", "", "Data operacji;Kwota;Tytuł", "2026-12-03;713,00;Zwrot")

    assert error(data, CsvProfile(skip_lines=1)) == (
        "Line 3: the header has no column Data księgowania. Check the column names and the "
        "separator set for this bank."
    )


def test_a_file_with_another_separator_than_the_bank_s() -> None:
    data = lines("Data,Kwota,Tytuł", "2026-12-03,713.00,Zwrot", encoding="utf-8")

    assert error(data) == (
        "Line 1: the header has no column Data. Check the column names and the separator set "
        "for this bank."
    )


def test_a_file_that_ends_before_the_header() -> None:
    data = lines("Historia rachunku", "Rachunek 48 1090 1014 0000 0001 2345 6789")

    assert error(data, CsvProfile(skip_lines=2)) == (
        "The file has no header row with the column names."
    )


def test_a_row_without_a_named_column() -> None:
    data = lines("Data;Kwota;Tytuł", "2026-12-03;713,00;Zwrot", "2026-12-04;5,00", encoding="utf-8")

    assert error(data) == "Line 3: the row is too short, it has no column Tytuł."


def test_a_row_without_a_column_given_by_position() -> None:
    data = lines("2026-12-03;713,00;Zwrot", encoding="utf-8")
    by_position = profile(header=False, booked_on_column=0, amount_column=1, description_column=5)

    assert error(data, by_position) == "Line 1: the row is too short, it has no column number 6."


@pytest.mark.parametrize(
    ("rows", "line"),
    [
        (["2026-12-03;713,00;Zwrot", '2026-12-04;5,00;"Zwrot'], 3),
        (['2026-12-03;713,00;"Zwrot" W-2026-12-000123'], 2),
    ],
)
def test_a_line_with_broken_quotation_marks(rows: list[str], line: int) -> None:
    data = lines("Data;Kwota;Tytuł", *rows, encoding="utf-8")

    assert error(data) == (
        f"Line {line}: the line cannot be read. Check the column separator and the quotation "
        "marks set for this bank."
    )


@pytest.mark.parametrize("pattern", ["W-(", r"\d*"])
def test_a_reference_pattern_that_cannot_find_references(pattern: str) -> None:
    with pytest.raises(ValueError, match="reference_pattern") as caught:
        parse(HISTORY, profile=HISTORY_PROFILE, reference_pattern=pattern)

    assert not isinstance(caught.value, StatementError)


# ---------------------------------------------------------------------------------------------
# The profile
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"encoding": "klingon"}, "unknown encoding"),
        ({"delimiter": ""}, "one character each"),
        ({"delimiter": ";;"}, "one character each"),
        ({"quotechar": ""}, "one character each"),
        ({"skip_lines": -1}, "cannot be negative"),
        ({"footer_lines": -1}, "cannot be negative"),
        ({"date_formats": ()}, "date format"),
        ({"description_column": ()}, "description column"),
        ({"amount_column": -1}, "start at 0"),
        ({"header": False}, "no header row"),
    ],
)
def test_a_profile_that_cannot_describe_a_file(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        dataclasses.replace(CsvProfile(), **settings)

    assert not isinstance(caught.value, StatementError)


def test_the_default_profile_fits_a_common_polish_export() -> None:
    default = CsvProfile()

    assert (default.encoding, default.delimiter, default.header) == ("cp1250", ";", True)
    assert (default.booked_on_column, default.amount_column, default.description_column) == (
        "Data księgowania",
        "Kwota",
        "Tytuł",
    )
